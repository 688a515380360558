import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapLists
import WaitgapReport
import WaitgapScorer
import WaitgapStore

extension Waitgap {
    /// `waitgap worklist`: per-specialty lists of the pathways a trust wants to act on.
    struct Worklist: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worklist",
            abstract:
                "Write per-specialty worklists of the pathways to act on (e.g. Core20 patients over 40 weeks), owner-only, into the private folder.",
            discussion: """
                Each row: pathway ID, weeks waited, tier, specialty and why it is listed; no free text. \
                The filters are written into each file's first line and the audit trail. The board's \
                folder gets only worklist-summary-<census>.md: counts by specialty, suppressed as the \
                pack's are. Patients in the groups asked for (--core20, --learning-disability; anyone \
                when neither) whose wait meets the condition asked for (--over-weeks, --past-target; \
                any wait when neither).
                """
        )

        @Argument(help: "The extract files (one census).")
        var extracts: [String] = []

        @OptionGroup(title: "Input")
        var input: InputOptions

        @Flag(help: "Patients living in the most deprived 20% of areas nationally (IMD deciles 1 and 2).")
        var core20 = false

        @Flag(help: "Patients with a learning disability flag of Y.")
        var learningDisability = false

        @Option(help: "Patients waiting more than this many weeks.")
        var overWeeks: Int?

        @Flag(help: "Patients waiting past their tier's target (the weights' tierTargetWeeks).")
        var pastTarget = false

        @Option(help: "The weights file whose tier targets --past-target uses (default: the defaults').")
        var weights: String?

        @Option(name: .customLong("out"), help: "The board's folder, for the counts only.")
        var outputDirectory = "Reports"

        @Option(
            help:
                "The analyst's folder for the worklists (they name pathways), created owner-only; never inside --out. Default: private/ beside the output folder."
        )
        var privateDir: String?

        @OptionGroup var history: HistoryOption

        @Flag(help: "Do not record the worklists in the audit trail.")
        var noHistory = false

        @Option(help: "Who is running this, for the audit trail (default: the login name).")
        var user: String?

        @Option(help: "Show counts below this as * in the summary (default 8: counts 1 to 7).")
        var suppressBelow: Int = 8

        var filter: WorklistFilter {
            WorklistFilter(core20: core20, learningDisability: learningDisability, overWeeks: overWeeks, pastTarget: pastTarget)
        }

        func validate() throws {
            guard !filter.isEmpty else {
                throw ValidationError("give at least one filter (--core20, --learning-disability, --over-weeks N, --past-target)")
            }
            if let overWeeks, overWeeks < 0 { throw ValidationError("--over-weeks must be 0 or more") }
            if suppressBelow < 1 { throw ValidationError("--suppress-below must be at least 1") }
        }

        func run() throws {
            guard !extracts.isEmpty else { throw ValidationError("give the extract files to list from") }
            try checkDistinct(extracts)
            var scoringWeights = ScoringWeights.default
            if let weights {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: weights)) } catch {
                    throw Failure.inputOutput("\(weights): cannot read the weights file")
                }
                do { scoringWeights = try WeightsFile.decode(data) } catch { throw Failure.usage("\(weights): \(error)") }
            }
            var list = WaitingList(rankWithin: .specialty)
            let (census, _) = try readScoringList(
                extracts, into: &list, options: try input.ingestOptions(), weights: ScoringWeights.default, weightsPath: nil)
            let files = extracts.joined(separator: ", ")
            guard let censusDate = census.censusDate, list.count > 0 else { throw Failure.data("\(files): no rows to list") }
            do { try OutputFile.makeDirectory(outputDirectory) } catch { throw Failure(error) }
            let privateDirectory = privateDir ?? defaultPrivateDirectory(outputDirectory: outputDirectory)
            try preparePrivateDirectory(privateDirectory, boardDirectory: outputDirectory)
            let database = try noHistory ? nil : openHistory()
            let parts: [WaitgapScorer.Worklist.Part]
            do {
                parts = try WaitgapScorer.Worklist.write(
                    list, filter: filter, weights: scoringWeights, censusDate: censusDate, to: privateDirectory)
                let summaryPath = "\(outputDirectory)/worklist-summary-\(censusDate).md"
                try OutputFile.write(summary(parts, censusDate: censusDate), to: summaryPath)
                let total = parts.reduce(0) { $0 + $1.count }
                try database?.append([
                    ListEvent(
                        recordedAt: Terminal.timestamp(), user: user ?? loginName(), censusDate: censusDate, action: .worklist,
                        reason: "waitgap worklist \(filter.options): \(filter.description)",
                        detail: "\(total) pathways in \(parts.count) specialty worklists: "
                            + parts.map { "\($0.specialty.isEmpty ? "not recorded" : $0.specialty) \($0.count)" }.joined(separator: ", "))
                ])
                print("worklists (owner-only): \(parts.count) in \(privateDirectory), \(total.grouped) pathways: \(filter.description)")
                print("summary (counts only): \(summaryPath)")
            } catch let error as OutputError {
                throw Failure(error)
            } catch let error as StoreError {
                throw Failure(error)
            }
        }

        private func openHistory() throws -> HistoryDatabase {
            try refuseInsideBoard(history.path, boardDirectory: outputDirectory, what: "the history", option: "--history")
            return try history.openOrCreate()
        }

        /// The board's view: counts by specialty, suppressed so that no small one can be
        /// recovered from the total.
        func summary(_ parts: [WaitgapScorer.Worklist.Part], censusDate: Day) -> String {
            let disclosure = DisclosurePolicy(threshold: suppressBelow - 1)
            let hidden = disclosure.hiddenCells(parts.map(\.count))
            var text = "# Worklists: counts (census \(censusDate))\n\n"
            text += "Pathways listed for action: \(markdownLiteral(filter.description)) (`\(filter.options)`). "
            text += "The worklists themselves name pathways and stay in the analyst's private folder.\n\n"
            text += "| Specialty (treatment function) | Pathways listed |\n| --- | ---: |\n"
            for (index, part) in parts.enumerated() {
                let count = hidden.contains(index) ? "*" : disclosure.published(part.count).map(\.grouped) ?? "*"
                text += "| \(part.specialty.isEmpty ? "not recorded" : markdownLiteral(part.specialty)) | \(count) |\n"
            }
            let total = parts.reduce(0) { $0 + $1.count }
            text += "| All | \(disclosure.published(total).map(\.grouped) ?? "*") |\n"
            return text
        }
    }
}
