/// Which field of an extract's header holds each canonical column.
public struct ColumnMapping: Sendable, Equatable {
    /// The header, as written.
    public let header: [String]
    /// Field index (0-based) of each column the header has.
    public private(set) var indices: [Column: Int] = [:]

    /// Problems that make a header unusable.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// A required column is absent (exit 65), perhaps with a header that is a near miss of it.
        case missing(Column, looksLike: String?)
        /// Two header fields name the same column (a usage error, exit 64).
        case namedTwice(Column, first: String, second: String)
        /// A mapping-file line names a canonical column that does not exist (exit 64).
        case unknownCanonical(String)
        /// `--plus-column` names a column the header does not have (exit 64).
        case plusColumnMissing(String)

        public var description: String {
            switch self {
            case .missing(let column, let nearMiss):
                let fix =
                    column == .censusDate
                    ? "give the date of the extract with --census-date YYYY-MM-DD, or map the column with --columns"
                    : "rename it in the extract or map it with --columns"
                let hint = nearMiss.map { "'\($0)' looks like '\(column.rawValue)'; " } ?? ""
                return "required column '\(column.rawValue)' is missing (\(hint)\(fix))"
            case .namedTwice(let column, let first, let second):
                return "column '\(column.rawValue)' is named twice, as '\(first)' and '\(second)'"
            case .unknownCanonical(let name):
                return "--columns maps to '\(name)', which is not a waitgap column (see 'waitgap analyse --help')"
            case .plusColumnMissing(let name):
                return "--plus-column '\(name)' is not a column of the header; name the column that holds the PLUS group"
            }
        }

        /// True when the analyst's options, not the extract, are at fault.
        public var isUsage: Bool {
            if case .missing = self { return false }
            return true
        }
    }

    /// Maps a header.
    /// - Parameters:
    ///   - header: the header's fields.
    ///   - renames: extract header name → canonical column name (from `--columns`); matched
    ///     like header names (case, spaces and underscores ignored).
    ///   - censusDateGiven: whether `--census-date` makes `census_date` optional.
    /// - Throws: `Problem` for a missing required column or a column named twice.
    public init(header: [String], renames: [String: String] = [:], censusDateGiven: Bool) throws(Problem) {
        self.header = header
        var folded: [String: Column] = Column.byNormalisedName
        for (from, to) in renames {
            guard let column = Column(rawValue: Column.normalise(to)) else { throw .unknownCanonical(to) }
            folded[Column.normalise(from)] = column
        }
        for (index, name) in header.enumerated() {
            let key = Column.normalise(name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name)
            guard let column = folded[key] else { continue }
            if let earlier = indices[column] {
                throw .namedTwice(column, first: header[earlier], second: name)
            }
            indices[column] = index
        }
        for column in Column.allCases where column.isRequired && indices[column] == nil {
            throw .missing(column, looksLike: nearMiss(of: column))
        }
        if !censusDateGiven && indices[.censusDate] == nil { throw .missing(.censusDate, looksLike: nearMiss(of: .censusDate)) }
    }

    /// The first ignored header that is a near miss of one of the column's names.
    public func nearMiss(of column: Column) -> String? {
        header.indices.first { indices.values.contains($0) == false && looksLike(at: $0) == column }.map { header[$0] }
    }

    /// For an ignored header field, the unmapped column whose canonical name or alias it is
    /// within a small edit distance of (`ethnic_catgory` → `ethnic_category`): one edit for
    /// names of up to 8 characters, two for longer ones.
    public func looksLike(at index: Int) -> Column? {
        guard index < header.count, !indices.values.contains(index) else { return nil }
        let name = Column.normalise(header[index])
        guard name.count >= 3 else { return nil }
        var best: (column: Column, distance: Int)?
        for (known, column) in Column.byNormalisedName where indices[column] == nil {
            let limit = min(name.count, known.count) <= 8 ? 1 : 2
            let distance = Column.editDistance(name, known, limit: limit)
            if distance <= limit,
                distance < (best?.distance ?? .max) || (distance == best?.distance && column.rawValue < best!.column.rawValue)
            {
                best = (column, distance)
            }
        }
        return best?.column
    }

    /// The field index of a header name matched as columns are (case, spaces and underscores
    /// ignored), for a column the run names (`--plus-column`); nil when the header lacks it.
    public func field(named name: String) -> Int? {
        let wanted = Column.normalise(name)
        return header.firstIndex { Column.normalise($0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0) == wanted }
    }

    /// The field index of a column, or nil when the extract lacks it.
    public subscript(column: Column) -> Int? { indices[column] }

    /// The header name of the field at `index` (for messages).
    public func name(at index: Int) -> String { index < header.count ? header[index] : "#\(index + 1)" }
}
