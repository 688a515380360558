/// What a run must say about how its extracts were read before anyone trusts its figures: an
/// equity dimension that is present but cannot be read stops the run; one that is absent is
/// named at the top of the pack and on stderr; other coded columns that mostly fail to decode
/// are warned about. Shared by `analyse` and `check`, so both say the same.
public struct ReadingCheck: Sendable {
    /// What the registry's equity dimensions are read from: one entry per data-quality field
    /// (ethnic group, ethnic category code and the White British grouping are all read from
    /// `ethnic_category`), in registry order.
    public struct Dimension: Sendable, Hashable {
        /// How a sentence names it: its first registry dimension's.
        public let label: String
        /// The data-quality field it is read from.
        public let field: DataQuality.Field
        /// The columns that carry it, in the order they are tried.
        public let columns: [Column]

        /// The name `--allow-unusable` takes: the first column's.
        public var optionName: String { columns[0].rawValue }

        /// Every field an equity dimension is read from.
        public static let all: [Dimension] = EquityDimension.registry.reduce(into: []) { read, dimension in
            guard let field = dimension.field, !read.contains(where: { $0.field == field }) else { return }
            read.append(Dimension(label: dimension.readingLabel, field: field, columns: dimension.columns))
        }
    }

    /// A dimension whose column is present but unreadable.
    public struct Unusable: Sendable, Equatable {
        public var dimension: Dimension
        /// The column's header as written.
        public var header: String
        /// One line: what was found and the fix.
        public var message: String
    }

    /// Present but unreadable dimensions: the run stops (exit 65) unless allowed.
    public private(set) var unusable: [Unusable] = []
    /// Dimensions not analysed, each a sentence for the top of the pack and stderr.
    public private(set) var notAnalysed: [String] = []
    /// The dimensions that will be analysed: present, readable, not left out.
    public private(set) var analysed: [Dimension] = []
    /// Other columns that mostly fail to decode, or near-miss headers: for stderr and `check`.
    public private(set) var warnings: [String] = []

    /// The share of non-blank values that must decode for a column to be used.
    public static let minimumRecognisedShare = 0.5

    /// Checks a census.
    /// - Parameters:
    ///   - census: what the run read.
    ///   - allowUnusable: dimensions (by `optionName`) to leave out rather than stop for.
    /// - Complexity: O(columns × distinct invalid values).
    public init(census: Census, allowUnusable: Set<String> = []) {
        let quality = census.quality
        let files = census.reading.files
        // Header names are the extract's: quoted in these sentences as code, so never with a
        // backtick or a line break that could end the quote in a pack.
        func quotable(_ name: String) -> String {
            String(
                String.UnicodeScalarView(
                    name.unicodeScalars.map { scalar in
                        scalar == "`" ? "'" : scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
                    }))
        }
        func header(_ column: Column) -> String? { files.lazy.compactMap { $0.header(of: column) }.first.map(quotable) }
        func nearMiss(_ column: Column) -> String? {
            for file in files {
                if let field = file.columns.first(where: { $0.looksLike == column }) { return quotable(field.header) }
            }
            return nil
        }
        for dimension in Dimension.all {
            let field = dimension.field
            let columnHeader = dimension.columns.lazy.compactMap(header).first
            guard quality.presentFields.contains(field), let columnHeader else {
                var sentence = "Not analysed: \(dimension.label) — no column in the extract"
                if let miss = dimension.columns.lazy.compactMap({ column in nearMiss(column).map { (column, $0) } }).first {
                    sentence += " (`\(miss.1)` looks like `\(miss.0.rawValue)`; use --columns)"
                }
                notAnalysed.append(sentence)
                continue
            }
            let counts = quality[field]
            let allowed = allowUnusable.contains(dimension.optionName)
            if counts.total > 0 && counts.nonBlank == 0 {
                notAnalysed.append("Not analysed: \(dimension.label) — the column `\(columnHeader)` is blank on every row")
                continue
            }
            if let share = counts.recognisedShare, share < Self.minimumRecognisedShare {
                let examples = counts.commonInvalidValues(minimumRows: 10, limit: 3)
                    .map { "'\($0.value)' (\($0.rows.grouped) rows)" }
                let common = examples.isEmpty ? "" : "; most common unrecognised: " + examples.joined(separator: ", ")
                // Deprivation may come from a decile, a rank or an LSOA code: name every column read.
                let read = dimension.columns.compactMap { column in header(column).map { "'\($0)' (\(column.rawValue))" } }
                let named = read.count == 1 ? "column " + read[0] : "columns " + read.joined(separator: ", ")
                let lookup =
                    dimension.field == .deprivation && quality.lsoaNotInLookup > 0
                    ? "; \(quality.lsoaNotInLookup.grouped) LSOA codes are not in the IMD lookup (outside England, or another LSOA vintage)"
                    : ""
                let message =
                    "\(named): only \(percent(share)) of \(counts.nonBlank.grouped) non-blank values are recognised\(common)\(lookup); map the trust's forms with --values FILE (column,value,code)"
                    + (dimension.field == .learningDisability
                        ? ", read a register with --ld-register,"
                        : dimension.field == .deprivation
                            ? ", give LSOA codes' vintage with --imd-vintage 2019 or a lookup with --imd-lookup FILE," : ",")
                    + " or leave \(dimension.label) out with --allow-unusable \(dimension.optionName)"
                if allowed {
                    notAnalysed.append(
                        "Not analysed: \(dimension.label) — the column `\(columnHeader)` could not be read (--allow-unusable)")
                } else {
                    unusable.append(Unusable(dimension: dimension, header: columnHeader, message: message))
                }
                continue
            }
            if dimension.field == .learningDisability, !census.reading.learningDisabilityRegister,
                let groups = census.waits(.learningDisability)
            {
                let yes = groups[LearningDisabilityGroup.yes.ordinal].count
                let no = groups[LearningDisabilityGroup.no.ordinal].count
                if yes > 0 && no == 0 && counts.blank > 0 {
                    let message =
                        "column '\(columnHeader)' (learning_disability): every recorded value is 'yes' and \(counts.blank.grouped) rows are blank, as on a register; if blank means not on the register, give --ld-register, or leave learning disability out with --allow-unusable learning_disability"
                    if allowed {
                        notAnalysed.append("Not analysed: learning disability — no patient is recorded as without one (--allow-unusable)")
                    } else {
                        unusable.append(Unusable(dimension: dimension, header: columnHeader, message: message))
                    }
                    continue
                }
            }
            analysed.append(dimension)
        }
        let others: [(DataQuality.Field, Column)] = [
            (.priority, .priority), (.treatmentFunction, .treatmentFunctionCode), (.waitingListType, .waitingListType),
            (.sex, .sex), (.age, .ageYears),
        ]
        let dimensionFields = Set(Dimension.all.map(\.field))
        for (field, column) in others where quality.presentFields.contains(field) && !dimensionFields.contains(field) {
            let counts = quality[field]
            guard let share = counts.recognisedShare, share < Self.minimumRecognisedShare else { continue }
            let examples = counts.commonInvalidValues(minimumRows: 10, limit: 3).map { "'\($0.value)' (\($0.rows.grouped) rows)" }
            let name = header(column) ?? header(.dateOfBirth) ?? column.rawValue
            warnings.append(
                "column '\(name)' (\(column.rawValue)): only \(percent(share)) of \(counts.nonBlank.grouped) non-blank values are recognised"
                    + (examples.isEmpty ? "" : "; most common unrecognised: " + examples.joined(separator: ", "))
                    + "; map them with --values FILE")
        }
        // An unrecognised list type is analysed, as a blank one is: it may be a non-RTT list in a
        // wording waitgap does not know, which NHS England would not count. Say so.
        let listTypes = quality.waitingListType
        if census.reading.scope == .rtt, listTypes.invalid > 0,
            listTypes.recognisedShare.map({ $0 >= Self.minimumRecognisedShare }) ?? false
        {
            let examples = listTypes.commonInvalidValues(minimumRows: 10, limit: 3).map { "'\($0.value)' (\($0.rows.grouped) rows)" }
            warnings.append(
                "column '\(header(.waitingListType) ?? "waiting_list_type")' (waiting_list_type): \(listTypes.invalid.grouped) values are not list types waitgap knows"
                    + (examples.isEmpty ? "" : " (" + examples.joined(separator: ", ") + ")")
                    + " and were analysed as RTT pathways; if they are non-RTT lists, map them to INON or ONON with --values")
        }
        let dimensionColumns = Set(Dimension.all.flatMap(\.columns))
        for file in files {
            for field in file.columns where field.column == nil {
                guard let column = field.looksLike, !dimensionColumns.contains(column), header(column) == nil else { continue }
                warnings.append("column '\(quotable(field.header))' is ignored: it looks like `\(column.rawValue)`; use --columns")
            }
        }
    }

    /// Why a run over `census` must stop with exit 65 (data), in the order `analyse` checks:
    /// no rows; more quarantined than allowed (with the commonest reason and its fix); an equity
    /// dimension that cannot be read. Nil when the run can go on.
    /// - Parameters:
    ///   - maxQuarantineShare: `--max-quarantine`.
    ///   - quarantineFile: where the quarantined rows are, for the message.
    public func stop(_ census: Census, maxQuarantineShare: Double, quarantineFile: String?) -> String? {
        let accounting = census.accounting
        if accounting.rowsIn == 0 { return "the extract has no data rows" }
        if accounting.analysed == 0 && accounting.quarantined > 0 {
            var text = "none of the \(accounting.rowsIn.grouped) rows can be analysed"
            if let reason = accounting.dominantReason { text += "; most are \(reason.rawValue) (\(reason.label)): \(reason.likelyFix)" }
            return text + "; nothing was copied to a quarantine file ('waitgap check' shows how each column is read)"
        }
        if accounting.analysed == 0 {
            let types = accounting.outOfScopeByListType.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value.grouped)" }.joined(separator: ", ")
            return "no row is an RTT pathway (\(accounting.outOfScope.grouped) out of scope: \(types)); --scope all analyses them"
        }
        if accounting.quarantinedShare > maxQuarantineShare {
            let tenths = Int((accounting.quarantinedShare * 1000).rounded())
            let limit = Int((maxQuarantineShare * 1000).rounded())
            var text =
                "\(tenths / 10).\(tenths % 10)% of rows \(quarantineFile == nil ? "would be" : "were") quarantined, more than --max-quarantine \(limit / 10).\(limit % 10)%"
            if let quarantineFile { text += "; see \(quarantineFile)" }
            if let reason = accounting.dominantReason { text += "; most are \(reason.rawValue): \(reason.likelyFix)" }
            return text
        }
        if let message = unusable.first?.message { return message }
        if let plus = census.plus, let groups = census.waits(.plus), groups[PlusMembership.member.rawValue].count == 0 {
            let values = plus.values.map { "'\($0)'" }.joined(separator: ", ")
            return
                "column '\(plus.column)' (--plus-column): no analysed row has \(values) (--plus-values), so the PLUS group would be empty; give the values as the column holds them"
        }
        return nil
    }
}

/// A share as a whole percentage, or with one decimal below 1%.
func percent(_ share: Double) -> String {
    let value = share * 100
    if value > 0 && value < 1 {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
    return "\(Int(value.rounded()))%"
}
