import ArgumentParser
import Dispatch
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapScorer
import WaitgapStore

extension Waitgap {
    /// `waitgap score`: a HEARTT-style reordering of each clinical priority tier, for sign-off.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reorder each clinical priority tier by an explained score, as a DRAFT list for clinician sign-off.",
            discussion: """
                Writes <private>/reordered-<census>.csv (private/ beside the output folder, owner-only: it holds pathway IDs) and \
                <out>/score-summary-<census>.md (no identifiers). Patients never move between tiers. \
                Overrides recorded in the history (waitgap override) are carried over; each list's \
                fingerprint is recorded so that it can be signed off (waitgap signoff). \
                Scoring must sort the whole list, so it keeps every analysable row in memory: about \
                110 bytes a row (110 MB peak for 1M rows, 450 MB for 5M), plus the extra columns the \
                weights name; --simulate adds about 40 bytes a row. See docs/scoring.md.
                """
        )

        @Argument(help: "The extract files (one census).")
        var extracts: [String] = []

        @OptionGroup(title: "Input")
        var input: InputOptions

        @Option(help: "The weights file (JSON); the defaults when not given (see --dump-weights).")
        var weights: String?

        @Flag(help: "Print the default weights, with a note on each setting, and exit.")
        var dumpWeights = false

        @Option(name: .customLong("out"), help: "The folder for the list and its summary.")
        var outputDirectory = "Reports"

        @Option(
            help:
                "The analyst's folder for the reordered list and its lock (they name pathways), created owner-only; never inside --out. Default: private/ beside the output folder."
        )
        var privateDir: String?

        @Option(help: "The history holding overrides and sign-offs (SQLite, owner-only). Default: waitgap.sqlite beside the output folder.")
        var history: String?

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

        @Option(help: "Seed for the simulation's draw of new referrals.")
        var seed: UInt64 = 1

        func validate() throws {
            if let simulate, !(1...520).contains(simulate) { throw ValidationError("--simulate takes 1 to 520 weeks") }
            _ = try referenceGroups
            if suppressBelow < 1 { throw ValidationError("--suppress-below must be at least 1") }
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
            let scorer = try loadScorer()
            let options = try input.ingestOptions()
            var list = WaitingList(extraColumns: scorer.weights.columns.map(\.column))
            let census = try readList(into: &list, options: options, scorer: scorer)
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
            var ranked = scorer.order(list)
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
                return EquitySimulation.run(list, scorer: scorer, settings: .init(weeks: weeks, seed: seed, weeklyCapacity: capacity))
            }
            do {
                try writeList(ranked, scorer: scorer, censusDate: censusDate, to: listPath)
                let summaryPath = "\(outputDirectory)/score-summary-\(censusDate).md"
                var summary = ScoreSummary(
                    ranked: ranked, censusDate: censusDate, weights: weightsLabel(scorer), scoringWeights: scorer.weights,
                    fingerprint: fingerprint,
                    accounting: census.accounting, carried: carried, simulation: simulation)
                summary.disclosure = DisclosurePolicy(threshold: suppressBelow - 1)
                summary.references = try referenceGroups
                try OutputFile.write(summary.markdown, to: summaryPath)
                // Lapses and the list are recorded together, after the files are written: a run
                // that fails leaves the trail as it was.
                try database?.append(
                    lapses + [
                        ListEvent(
                            recordedAt: Terminal.timestamp(), user: userName, censusDate: censusDate, action: .generated,
                            reason: "waitgap score, \(weightsLabel(scorer))", listFingerprint: fingerprint)
                    ])
                print("reordered list (DRAFT, owner-only): \(listPath)")
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

        /// The weights file's text, to say which line names a missing column.
        private var weightsText: String? {
            weights.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        }

        /// The login name, or `--user`.
        var userName: String { user ?? loginName() }

        private func openHistory() throws -> HistoryDatabase {
            let path = history ?? defaultHistoryPath(outputDirectory: outputDirectory)
            try refuseInsideBoard(path, boardDirectory: outputDirectory, what: "the history", option: "--history")
            do { return try HistoryDatabase(path: path) } catch {
                throw Failure(error)
            }
        }

        /// The weights, as the summary and the trail name them: the file and its fingerprint, or the defaults.
        private func weightsLabel(_ scorer: Scorer) -> String {
            guard let weights else { return "default weights (version \(scorer.weights.version))" }
            let fingerprint = ExtractFingerprint.of([weights]).fingerprint
            return "weights \((weights as NSString).lastPathComponent) (version \(scorer.weights.version), fingerprint \(fingerprint))"
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

        private func loadScorer() throws -> Scorer {
            var loaded = ScoringWeights.default
            if let weights {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: weights)) } catch {
                    throw Failure.inputOutput("\(weights): cannot read the weights file")
                }
                do { loaded = try WeightsFile.decode(data) } catch { throw Failure.usage("\(weights): \(error)") }
            }
            do { return try Scorer(weights: loaded) } catch { throw Failure.usage("\(weights ?? "default weights"): \(error)") }
        }

        /// Reads the extracts into `list`, keeping the pathway ID and the columns the weights name.
        /// - Returns: the census of the rows read: its date, accounting and data quality.
        private func readList(into list: inout WaitingList, options: IngestOptions, scorer: Scorer) throws -> Census {
            var idIndex = 0
            var extra: [Int] = []
            do {
                return try ExtractIngest.forEachPathway(files: extracts, options: options) { path, header, mapping in
                    idIndex = mapping[.pathwayID]!
                    let folded = header.map { Column.normalise($0) }
                    extra = try scorer.weights.columns.enumerated().map { number, factor in
                        guard let index = folded.firstIndex(of: Column.normalise(factor.column)) else {
                            let line = weightsText.flatMap { WeightsFile.line(of: ["columns", String(number), "column"], in: $0) }
                            throw Failure.usage(
                                "\(weights ?? "weights")\(line.map { ": line \($0)" } ?? ""): names column '\(factor.column)', which \(path) does not have"
                            )
                        }
                        return index
                    }
                } body: { pathway, record in
                    list.append(pathwayID: record[idIndex].trimmed, pathway) { record[extra[$0]] }
                }
            } catch let error as IngestError {
                throw Failure(error)
            }
        }

        /// Writes the list. Formatting (explanations above all) is most of the cost, so blocks of
        /// rows are formatted on both cores at once and written in order: memory stays at two
        /// blocks, and the file is the same as a one-core write.
        private func writeList(_ ranked: RankedList, scorer: Scorer, censusDate: Day, to path: String) throws {
            let census = censusDate.description
            try ListFile.write(to: path) { chunked in
                try chunked.flush()
                let blockRows = 16_384
                var start = 0
                while start < ranked.entries.count {
                    let blocks = (0..<2).map { part in
                        let lower = min(start + part * blockRows, ranked.entries.count)
                        return ListBlock(positions: lower..<min(lower + blockRows, ranked.entries.count))
                    }
                    DispatchQueue.concurrentPerform(iterations: blocks.count) { blocks[$0].format(ranked, scorer: scorer, census: census) }
                    for block in blocks where !block.bytes.isEmpty { try chunked.file.write(block.bytes) }
                    start += 2 * blockRows
                }
            }
        }
    }
}

/// One block of the list's rows, formatted as CSV by one thread. Unchecked `Sendable`: each
/// block is touched by one thread at a time (its own in `format`, the writer's before and after).
private final class ListBlock: @unchecked Sendable {
    let positions: Range<Int>
    private(set) var bytes: [UInt8] = []

    init(positions: Range<Int>) { self.positions = positions }

    func format(_ ranked: RankedList, scorer: Scorer, census: String) {
        guard !positions.isEmpty else { return }
        var writer = CSVWriter(reservingCapacity: positions.count * 256)
        var explanation: [UInt8] = []
        var tier = ranked.tier(at: positions.lowerBound)
        for position in positions {
            while !ranked.tierRanges[tier.rawValue].contains(position) { tier = Tier(rawValue: tier.rawValue + 1)! }
            let entry = ranked.entries[position]
            let pathway = entry.pathway
            writer.field(ListFile.draft)
            writer.field(census)
            writer.field(tier.key)
            writer.field(String(position - ranked.tierRanges[tier.rawValue].lowerBound + 1))
            writer.field(String(entry.rankByScore))
            writer.field(String(entry.rankByWait))
            ranked.list.withPathwayID(pathway) { writer.field($0) }
            writer.field(String(format1: Double(ranked.list.waitDays(pathway)) / 7))
            writer.field(String(format1: entry.score))
            writer.field(ranked.overrideNotes[pathway] ?? "")
            explanation.removeAll(keepingCapacity: true)
            scorer.appendExplanation(ranked.list, pathway, to: &explanation)
            writer.field(explanation)
            writer.endRecord()
        }
        bytes = writer.bytes
    }
}
