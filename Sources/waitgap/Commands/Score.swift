import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapLists
import WaitgapReport
import WaitgapScorer
import WaitgapStore

extension Waitgap {
    /// `waitgap score`: a HEARTT-style reordering of each clinical priority tier, for sign-off.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract:
                "Reorder each clinical priority tier of each specialty by an explained score, as a DRAFT list for clinician sign-off.",
            discussion: """
                Writes <private>/reordered-<census>.csv (private/ beside the output folder, owner-only: it holds pathway IDs) and \
                <out>/score-summary-<census>.md (no identifiers). Patients never move between tiers. Ranks restart within \
                each tier of each specialty (treatment function; --rank-within consultant, site or trust), and only \
                admitted pathways with a surgical priority are reordered: the rest keep their wait order, marked in the \
                list's order column (--reorder-all reorders them too). A list made with weights no one has approved \
                (waitgap weights approve) is a draft that cannot be signed off. \
                Overrides recorded in the history (waitgap override) are carried over; each list's \
                fingerprint is recorded so that it can be signed off (waitgap signoff). \
                Scoring must sort the whole list, so it keeps every analysable row in memory: about \
                75 bytes a row beyond the process's own 35 MB (112 MB peak for 1M rows, 358 MB for 5M), plus the extra columns the \
                weights name; --simulate adds about 40 bytes a row. See docs/scoring.md.
                """
        )

        @Argument(help: "The extract files (one census).")
        var extracts: [String] = []

        @OptionGroup(title: "Input")
        var input: InputOptions

        @Option(help: "The weights file (JSON); the defaults when not given (see --dump-weights).")
        var weights: String?

        @Option(
            help: ArgumentHelp(
                "Where ranks restart: specialty (the treatment function column), consultant or site (when the extract has the column), or trust.",
                valueName: "specialty|consultant|site|trust"))
        var rankWithin: String?

        @Flag(
            help:
                "Reorder every pathway, not only admitted ones with a surgical priority (non-admitted and unprioritised ones keep their wait order otherwise)."
        )
        var reorderAll = false

        @Flag(
            help:
                "Use weights that weight a protected characteristic (age, sex, ethnicity…) which the file justifies; recorded in the audit trail."
        )
        var allowProtected = false

        @Flag(help: "Print the default weights, with a note on each setting, and exit.")
        var dumpWeights = false

        @Option(name: .customLong("out"), help: "The folder for the list and its summary.")
        var outputDirectory = "Reports"

        @Option(
            help:
                "The analyst's folder for the reordered list and its lock (they name pathways), created owner-only; never inside --out. Default: private/ beside the output folder."
        )
        var privateDir: String?

        @OptionGroup var history: HistoryOption

        @Flag(help: "Neither carry overrides over nor record the list (it cannot then be signed off).")
        var noHistory = false

        @Option(help: "Who is running this, for the audit trail (default: the login name).")
        var user: String?

        @Option(
            help: ArgumentHelp(
                "Simulate this many weeks under wait order and under score order, and add the equity impact to the summary.",
                valueName: "weeks"))
        var simulate: Int?

        @Option(
            help: ArgumentHelp(
                "Patients treated a week, per tier, for --simulate (e.g. 'P2=40,P3=120'); tiers not given treat their recent arrival rate.",
                valueName: "tier=count,…"))
        var capacity: String?

        @Option(
            help:
                "The most rows that may be unusable before score stops, as analyse's --max-quarantine (a share, 0.05, or a percentage, 5%)."
        )
        var maxQuarantine: String = "5%"

        @Option(help: "Show counts below this as * in the summary, as analyse's --suppress-below (default 8: counts 1 to 7).")
        var suppressBelow: Int = 8

        @Option(help: "The group a dimension's gaps are measured against in the simulation, as analyse's --reference (dimension=group).")
        var reference: [String] = []

        /// `--reference` applied to the defaults.
        var referenceGroups: ReferenceGroups {
            get throws {
                var groups = ReferenceGroups()
                for text in reference {
                    do { try groups.set(text) } catch { throw ValidationError(error.message) }
                }
                return groups
            }
        }

        @Option(
            help: ArgumentHelp(
                "With --simulate: run it again for each multiplier of a factor's points (deprivation or learning-disability), e.g. deprivation=0:2:0.25, and tabulate the gap and cost for each.",
                valueName: "factor=from:to:step"))
        var sweep: String?

        @Option(
            help: ArgumentHelp(
                "With --simulate: the extract column that gives the list's current booking order (lower first), run as a second baseline.",
                valueName: "column"))
        var bookingOrder: String?

        @Option(help: "Seed for the simulation's draw of new referrals.")
        var seed: UInt64 = 1

        func validate() throws {
            if let simulate, !(1...520).contains(simulate) { throw ValidationError("--simulate takes 1 to 520 weeks") }
            if sweep != nil, simulate == nil { throw ValidationError("--sweep needs --simulate WEEKS") }
            if bookingOrder != nil, simulate == nil { throw ValidationError("--booking-order needs --simulate WEEKS") }
            _ = try sweepPlan()
            _ = try referenceGroups
            if suppressBelow < 1 { throw ValidationError("--suppress-below must be at least 1") }
            if let rankWithin, RankWithin(rawValue: rankWithin) == nil {
                throw ValidationError("--rank-within: '\(rankWithin)' is not specialty, consultant, site or trust")
            }
            _ = try weeklyCapacity()
        }

        func run() throws {
            if dumpWeights {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(ScoringWeights.default), as: UTF8.self))
                return
            }
            guard !extracts.isEmpty else { throw ValidationError("give the extract files to score") }
            try checkDistinct(extracts)
            let (scorer, weightsFingerprint, protected) = try loadScorer()
            let options = try input.ingestOptions()
            var list = WaitingList(extraColumns: scorer.weights.columns.map(\.column), rankWithin: try ranking())
            let (census, booking) = try readScoringList(
                extracts, into: &list, options: options, weights: scorer.weights, weightsPath: weights, rankWithinGiven: rankWithin != nil,
                bookingColumn: bookingOrder)
            let files = extracts.joined(separator: ", ")
            // The same reading rules as analyse: an unreadable equity dimension would reorder by nothing.
            let reading = ReadingCheck(census: census, allowUnusable: Set(input.allowUnusable))
            let maxShare = try OutputOptions.share(maxQuarantine, option: "--max-quarantine")
            if let problem = reading.stop(census, maxQuarantineShare: maxShare, quarantineFile: nil) {
                print(census.accounting.line)
                throw Failure.data("\(files): \(problem) (waitgap analyse writes the rows it cannot read to its quarantine file)")
            }
            for note in reading.notAnalysed + reading.warnings { Terminal.note(note) }
            let quarantined = census.accounting.quarantined
            guard let censusDate = census.censusDate, list.count > 0 else { throw Failure.data("\(files): no rows to score") }
            var ranked = scorer.order(list, reorderAll: reorderAll)
            // Held from reading the overrides in force until the list is recorded: an override
            // or sign-off made meanwhile waits, and then sees tonight's list.
            do { try OutputFile.makeDirectory(outputDirectory) } catch { throw Failure(error) }
            // The list names pathways: it and its lock go to the analyst's private folder.
            let privateDirectory = privateDir ?? defaultPrivateDirectory(outputDirectory: outputDirectory)
            try preparePrivateDirectory(privateDirectory, boardDirectory: outputDirectory)
            let listPath = "\(privateDirectory)/reordered-\(censusDate).csv"
            let lock = try ListLock(list: listPath)
            defer { withExtendedLifetime(lock) {} }
            let database = try noHistory ? nil : openHistory()
            let (carried, lapses) = try carryOverrides(into: &ranked, censusDate: censusDate, history: database)
            let fingerprint = ranked.fingerprint(censusDate: censusDate)
            let simulation = try simulate.map { weeks in
                let capacity = try simulationCapacity(list, censusDate: censusDate, history: database)
                return EquitySimulation.run(
                    list, scorer: scorer,
                    settings: .init(weeks: weeks, seed: seed, weeklyCapacity: capacity, reorderAll: reorderAll, bookingOrder: booking))
            }
            let swept = try sweepPlan().map { plan in
                let runs = try plan.values.map { value -> (value: Double, result: EquitySimulation.Result) in
                    var scaled = scorer.weights
                    switch plan.factor {
                    case "deprivation":
                        scaled.imdDecilePoints = scaled.imdDecilePoints.mapValues { $0 * value }
                        scaled.imdUnknownPoints *= value
                    default:
                        scaled.learningDisabilityPoints *= value
                        scaled.learningDisabilityUnknownPoints *= value
                    }
                    let scorer = try Scorer(weights: scaled)
                    return (value, EquitySimulation.run(list, scorer: scorer, settings: simulation!.settings))
                }
                return (factor: plan.factor, runs: runs)
            }
            do {
                try ListFile.write(ranked, scorer: scorer, censusDate: censusDate, to: listPath)
                let approved = try database.map { try !$0.weightsApprovals(fingerprint: weightsFingerprint).isEmpty } ?? false
                let summaryPath = "\(outputDirectory)/score-summary-\(censusDate).md"
                var summary = ScoreSummary(
                    ranked: ranked, censusDate: censusDate, weights: weightsLabel(scorer, fingerprint: weightsFingerprint),
                    scoringWeights: scorer.weights, fingerprint: fingerprint, weightsApproved: approved,
                    accounting: census.accounting, carried: carried, simulation: simulation)
                summary.disclosure = DisclosurePolicy(threshold: suppressBelow - 1)
                summary.references = try referenceGroups
                summary.sweep = swept
                summary.bookingColumn = bookingOrder
                try OutputFile.write(summary.markdown, to: summaryPath)
                // Lapses and the list are recorded together, after the files are written: a run
                // that fails leaves the trail as it was.
                try database?.append(
                    lapses + [
                        ListEvent(
                            recordedAt: Terminal.timestamp(), user: userName, censusDate: censusDate, action: .generated,
                            reason:
                                "waitgap score, \(weightsLabel(scorer, fingerprint: weightsFingerprint)), ranks within \(list.rankWithin.rawValue)\(reorderAll ? ", every pathway reordered" : "")",
                            listFingerprint: fingerprint, weightsFingerprint: weightsFingerprint,
                            detail: protected.isEmpty
                                ? nil
                                : "protected characteristics weighted, justified in the weights file\(allowProtected ? " (--allow-protected given)" : ""):\n"
                                    + WeightsGovernance.describe(protected))
                    ])
                print("reordered list (DRAFT, owner-only): \(listPath)")
                if !approved {
                    print(
                        "weights \(weightsFingerprint.prefix(12))… are not approved: the list cannot be signed off until they are (waitgap weights approve)"
                    )
                }
                print("summary: \(summaryPath)")
                if !carried.isEmpty {
                    print(
                        "overrides carried over: \(carried.filter(\.wasApplied).count) applied, \(carried.filter { !$0.wasApplied }.count) lapsed"
                    )
                }
                print("list fingerprint \(fingerprint)")
                let accounting = census.accounting
                print(
                    "rows in \(accounting.rowsIn.grouped) = scored \(ranked.entries.count.grouped) + out of scope \(accounting.outOfScope.grouped) + could not be analysed \(quarantined.grouped)"
                        + (quarantined > 0 ? " (waitgap analyse writes them to its quarantine file)" : ""))
            } catch let error as OutputError {
                throw Failure(error)
            } catch let error as StoreError {
                throw Failure(error)
            }
        }

        /// The login name, or `--user`.
        var userName: String { user ?? loginName() }

        private func openHistory() throws -> HistoryDatabase {
            try refuseInsideBoard(history.path, boardDirectory: outputDirectory, what: "the history", option: "--history")
            return try history.openOrCreate()
        }

        /// `--rank-within`, checked (specialty when not given).
        private func ranking() throws -> RankWithin {
            guard let rankWithin else { return .specialty }
            guard let within = RankWithin(rawValue: rankWithin) else {
                throw ValidationError("--rank-within: '\(rankWithin)' is not specialty, consultant, site or trust")
            }
            return within
        }

        /// The weights, as the summary and the trail name them: the file or the defaults, and the
        /// SHA-256 an approval names.
        private func weightsLabel(_ scorer: Scorer, fingerprint: String) -> String {
            let name = weights.map { "weights \(($0 as NSString).lastPathComponent)" } ?? "default weights"
            return "\(name) (version \(scorer.weights.version), SHA-256 \(fingerprint.prefix(16))…)"
        }

        /// Applies the overrides in force from earlier nights.
        /// - Returns: what became of each, and the lapses to record with the list.
        private func carryOverrides(
            into ranked: inout RankedList, censusDate: Day, history: HistoryDatabase?
        ) throws -> ([OverrideOutcome], [ListEvent]) {
            guard let history else { return ([], []) }
            do {
                let events = try history.overridesInForce(asOf: censusDate)
                let overrides = events.compactMap { event -> ListOverride? in
                    guard let pathway = event.pathwayID, let tier = event.tier.flatMap(Tier.init(key:)), let action = event.overrideAction
                    else { return nil }
                    return ListOverride(pathwayID: pathway, tier: tier, action: action, note: ListOverrideNote.text(for: event))
                }
                let outcomes = ranked.apply(overrides)
                let lapses = zip(overrides, outcomes).compactMap { override, outcome -> ListEvent? in
                    let reason: String
                    switch outcome {
                    case .notOnList: reason = "the pathway is not on the list of \(censusDate) (treated or removed)"
                    case .tierChanged(_, let from, let to): reason = "the pathway moved from tier \(from.key) to \(to.key)"
                    case .applied, .clamped: return nil
                    }
                    return ListEvent(
                        recordedAt: Terminal.timestamp(), user: userName, censusDate: censusDate, action: .lapsed,
                        pathwayID: override.pathwayID, tier: override.tier.key, reason: reason)
                }
                return (outcomes, lapses)
            } catch {
                throw Failure(error)
            }
        }

        /// Each tier's weekly capacity for the simulation: `--capacity` where given; otherwise,
        /// when the history holds a run of 4 to 26 weeks before this census, what explains the
        /// tier's change in size since then; otherwise (in the simulation) its referral rate.
        private func simulationCapacity(_ list: WaitingList, censusDate: Day, history: HistoryDatabase?) throws
            -> [Tier: EquitySimulation.Capacity]
        {
            var capacity = try weeklyCapacity().mapValues { EquitySimulation.Capacity(perWeek: $0, source: .given) }
            let earlier: RunRecord?
            do {
                let date = try history?.censusDates().last {
                    let days = censusDate.days(since: $0)
                    return days >= 28 && days <= 26 * 7
                }
                earlier = try date.flatMap { try history?.runs(censusDates: [$0]).first }
            } catch let error as StoreError {
                throw Failure(error)
            }
            guard let earlier else { return capacity }
            let weeks = Double(censusDate.days(since: earlier.censusDate)) / 7
            for (tier, rates) in EquitySimulation.tierRates(list) where capacity[tier] == nil {
                let priority = ClinicalPriority.allCases.first { Tier($0) == tier }
                guard tier == .notPrioritised || priority != nil,
                    let before = earlier.census.cells.distribution(in: .priority(priority))?.count
                else { continue }
                capacity[tier] = .estimated(
                    before: before, now: rates.patients, weeks: weeks, arrivalsPerWeek: rates.arrivalsPerWeek, since: earlier.censusDate)
            }
            return capacity
        }

        /// `--sweep` as a factor and its multipliers.
        private func sweepPlan() throws -> (factor: String, values: [Double])? {
            guard let sweep else { return nil }
            let parts = sweep.split(separator: "=", maxSplits: 1).map(String.init)
            let range = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Double($0) } : []
            guard parts.count == 2, ["deprivation", "learning-disability"].contains(parts[0]), range.count == 3,
                range.allSatisfy(\.isFinite), range[0] >= 0, range[1] >= range[0], range[2] > 0,
                (range[1] - range[0]) / range[2] <= 40
            else {
                throw ValidationError(
                    "--sweep: '\(sweep)' is not FACTOR=from:to:step (deprivation or learning-disability; multipliers from 0, at most 41 steps), e.g. deprivation=0:2:0.25"
                )
            }
            let steps = Int(((range[1] - range[0]) / range[2] + 1e-9).rounded(.down))
            return (parts[0], (0...steps).map { range[0] + Double($0) * range[2] })
        }

        /// `--capacity` as patients a week by tier.
        private func weeklyCapacity() throws -> [Tier: Double] {
            guard let capacity else { return [:] }
            var result: [Tier: Double] = [:]
            for part in capacity.split(separator: ",") {
                let pieces = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, let tier = Tier(key: pieces[0]), let count = Double(pieces[1]), count >= 0, count.isFinite else {
                    throw ValidationError("--capacity: '\(part)' is not TIER=patients-a-week (tiers P1a…P6, none)")
                }
                result[tier] = count
            }
            return result
        }

        /// The scorer, the weights' SHA-256, and the protected factors allowed.
        private func loadScorer() throws -> (Scorer, String, [WeightsGovernance.Factor]) {
            var bytes = WeightsRules.defaultFileBytes
            if let weights {
                do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: weights))) } catch {
                    throw Failure.inputOutput("\(weights): cannot read the weights file")
                }
            }
            let loaded: ScoringWeights
            let protected: [WeightsGovernance.Factor]
            do {
                (loaded, protected) = try WeightsRules.load(bytes, name: weights ?? "default weights", allowProtected: allowProtected)
            } catch {
                throw Failure(error)
            }
            do { return (try Scorer(weights: loaded), WeightsRules.fingerprint(bytes), protected) } catch {
                throw Failure.usage("\(weights ?? "default weights"): \(error)")
            }
        }
    }
}

/// Reads extracts into `list` for scoring or a worklist, keeping the pathway ID, its specialty
/// and ranking group, and the columns the weights name.
/// - Returns: the census of the rows read: its date, accounting and data quality.
/// Ranks within specialty not asked for (`rankWithinGiven` false) run across the trust when the
/// extract has no treatment function column, and say so on stderr.
/// - Throws: `Failure` (64) naming the column the weights or `--rank-within` need and the
///   extract lacks.
/// `bookingColumn`, when given, names a column of the list's current booking order: its numbers
/// are returned by pathway (NaN where blank or not a number).
func readScoringList(
    _ extracts: [String], into list: inout WaitingList, options: IngestOptions, weights: ScoringWeights, weightsPath: String?,
    rankWithinGiven: Bool = true, bookingColumn: String? = nil
) throws -> (Census, [Double]?) {
    var idIndex = 0
    var specialtyIndex: Int?
    var groupIndex: Int?
    var extra: [Int] = []
    var bookingIndex: Int?
    var booking: [Double] = []
    let weightsText = weightsPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    var within = list.rankWithin
    defer { list.rankWithin = within }
    let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    do {
        let census = try ExtractIngest.forEachPathway(files: extracts, options: options) { path, header, mapping in
            idIndex = mapping[.pathwayID]!
            let folded = header.map { Column.normalise($0) }
            func find(_ names: [String]) -> Int? { names.lazy.compactMap { folded.firstIndex(of: Column.normalise($0)) }.first }
            specialtyIndex = mapping[.treatmentFunctionCode]
            if within == .specialty, specialtyIndex == nil, !rankWithinGiven, path == extracts.first {
                within = .trust
                Terminal.note(
                    "\(path): no treatment_function_code column, so ranks run across the whole trust within each tier (give --rank-within trust to say so)"
                )
            }
            if within == .specialty, specialtyIndex == nil {
                throw Failure.usage(
                    "\(path): no treatment_function_code column, which ranks within a specialty need; give --rank-within trust to rank across the trust"
                )
            }
            groupIndex = nil
            if let names = within.columnNames, within != .specialty {
                guard let index = find(names) else {
                    throw Failure.usage(
                        "\(path): --rank-within \(within.rawValue) needs a \(names[0]) column (or \(names.dropFirst().prefix(3).joined(separator: ", "))), which it does not have"
                    )
                }
                groupIndex = index
            }
            if let bookingColumn {
                guard let index = find([bookingColumn]) else {
                    throw Failure.usage("\(path): --booking-order names column '\(bookingColumn)', which it does not have")
                }
                bookingIndex = index
            }
            extra = try weights.columns.enumerated().map { number, factor in
                guard let index = find(factor.names) else {
                    let line = weightsText.flatMap { WeightsFile.line(of: ["columns", String(number), "column"], in: $0) }
                    throw Failure.usage(
                        "\(weightsPath ?? "weights")\(line.map { ": line \($0)" } ?? ""): names column '\(factor.column)', which \(path) does not have"
                    )
                }
                return index
            }
        } body: { pathway, record in
            let specialty = specialtyIndex.map { record[$0] } ?? empty
            let group = within == .specialty ? specialty : groupIndex.map { record[$0] } ?? empty
            list.append(pathwayID: record[idIndex].trimmed, pathway, specialty: specialty, group: group) { record[extra[$0]] }
            if let bookingIndex {
                let field = record[bookingIndex].trimmed
                booking.append(field.decimalValue.map(Double.init) ?? Double(String(decoding: field, as: UTF8.self)) ?? .nan)
            }
        }
        return (census, bookingColumn == nil ? nil : booking)
    } catch let error as IngestError {
        throw Failure(error)
    }
}
