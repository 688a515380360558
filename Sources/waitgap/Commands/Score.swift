import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapScorer

extension Waitgap {
    /// `waitgap score`: a HEARTT-style reordering of each clinical priority tier, for sign-off.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reorder each clinical priority tier by an explained score, as a DRAFT list for clinician sign-off.",
            discussion: """
                Writes <out>/reordered-<census>.csv (owner-only: it holds pathway IDs) and \
                <out>/score-summary-<census>.md (no identifiers). Patients never move between tiers. \
                Scoring must sort the whole list, so it keeps every analysable row in memory: about \
                150–250 bytes a row, plus the extra columns the weights name.
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

        func run() throws {
            if dumpWeights {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(ScoringWeights.default), as: UTF8.self))
                return
            }
            guard !extracts.isEmpty else { throw ValidationError("give the extract files to score") }
            let scorer = try loadScorer()
            let options = try input.ingestOptions()
            var inputs: [ScoringInput] = []
            var censusDate: Day?
            var quarantined = 0
            for path in extracts {
                try read(path, options: options, scorer: scorer, into: &inputs, censusDate: &censusDate, quarantined: &quarantined)
            }
            guard let censusDate, !inputs.isEmpty else { throw Failure.data("\(extracts.joined(separator: ", ")): no rows to score") }
            let ordered = scorer.order(inputs)
            do {
                try OutputFile.makeDirectory(outputDirectory)
                let listPath = "\(outputDirectory)/reordered-\(censusDate).csv"
                try writeList(ordered, scorer: scorer, to: listPath)
                let summaryPath = "\(outputDirectory)/score-summary-\(censusDate).md"
                try OutputFile.write(summary(ordered, censusDate: censusDate, quarantined: quarantined), to: summaryPath)
                print("reordered list (DRAFT, owner-only): \(listPath)")
                print("summary: \(summaryPath)")
                print("scored \(ordered.count.grouped) pathways; \(quarantined.grouped) rows could not be analysed")
            } catch let error as OutputError {
                throw Failure(error)
            }
        }

        private func loadScorer() throws -> Scorer {
            var loaded = ScoringWeights.default
            if let weights {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: weights)) } catch {
                    throw Failure.inputOutput("\(weights): cannot read the weights file")
                }
                do { loaded = try JSONDecoder().decode(ScoringWeights.self, from: data) } catch {
                    throw Failure.usage("\(weights): \(Self.describe(error))")
                }
            }
            do { return try Scorer(weights: loaded) } catch { throw Failure.usage("\(weights ?? "default weights"): \(error.message)") }
        }

        /// A decoding error as one line: the key path and what was wrong.
        static func describe(_ error: Error) -> String {
            switch error {
            case DecodingError.keyNotFound(let key, let context):
                return "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
            case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
                return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
            case DecodingError.dataCorrupted(let context):
                return "not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
            default:
                return "\(error)"
            }
        }

        private func read(
            _ path: String, options: IngestOptions, scorer: Scorer, into inputs: inout [ScoringInput], censusDate: inout Day?,
            quarantined: inout Int
        ) throws {
            do {
                var dialect = CSVDialect.inferred(fromPath: path)
                if let delimiter = options.delimiter { dialect.delimiter = delimiter }
                let reader = try CSVReader(path: path, dialect: dialect)
                let header = try reader.readHeader()
                let mapping = try ColumnMapping(
                    header: header, renames: options.columnRenames, censusDateGiven: options.decoding.censusDate != nil)
                var decoding = options.decoding
                if decoding.censusDate == nil { decoding.censusDate = censusDate }
                var decoder = RowDecoder(mapping: mapping, options: decoding)
                let folded = header.map { Column.normalise($0) }
                var extra: [(name: String, index: Int)] = []
                for factor in scorer.weights.columns {
                    guard let index = folded.firstIndex(of: Column.normalise(factor.column)) else {
                        throw Failure.usage("\(path): the weights name column '\(factor.column)', which the extract does not have")
                    }
                    extra.append((factor.column, index))
                }
                let idIndex = mapping[.pathwayID]!
                var quality = DataQuality()
                try reader.forEachRecord { record in
                    guard case .success(let pathway) = decoder.decode(record, quality: &quality) else {
                        quarantined += 1
                        return
                    }
                    var columns: [String: String] = [:]
                    for (name, index) in extra { columns[name] = record.string(at: index) }
                    inputs.append(
                        ScoringInput(
                            pathwayID: record[idIndex].trimmed.text, tier: Tier(pathway.priority), waitDays: pathway.waitDays,
                            imdDecile: pathway.imdDecile, learningDisability: pathway.learningDisability, ageYears: pathway.ageYears,
                            columns: columns))
                } onMalformed: { _ in
                    quarantined += 1
                }
                censusDate = censusDate ?? decoder.censusDate
            } catch let error as CSVError {
                throw Failure(message: error.description, code: error.isInputOutput ? Failure.inputOutput : Failure.data)
            } catch let problem as ColumnMapping.Problem {
                throw Failure.data("\(path): row 1 (header): \(problem)")
            }
        }

        private func writeList(_ ordered: [ScoredPathway], scorer: Scorer, to path: String) throws(OutputError) {
            let file = try OutputFile(path: path, mode: 0o600)
            var writer = CSVWriter()
            writer.record(["status", "tier", "rank", "rank_by_wait", "pathway_id", "weeks_waited", "score", "explanation"])
            for pathway in ordered {
                let explanation = scorer.score(pathway.input).explanation.map {
                    "\($0.factor) = \($0.value): \(String(format1: $0.points))"
                }.joined(
                    separator: "; ")
                writer.record([
                    "DRAFT (not signed off)", pathway.input.tier.key, String(pathway.rankByScore), String(pathway.rankByWait),
                    pathway.input.pathwayID, String(format1: Double(pathway.input.waitDays) / 7), String(format1: pathway.score),
                    explanation,
                ])
                if writer.bytes.count > 1 << 20 {
                    try file.write(writer.bytes)
                    writer.removeAll()
                }
            }
            try file.write(writer.bytes)
            try file.commit()
        }

        /// What the reordering does, tier by tier, with no identifier.
        private func summary(_ ordered: [ScoredPathway], censusDate: Day, quarantined: Int) -> String {
            var text =
                "# Reprioritised list: summary (DRAFT)\n\nCensus date \(censusDate) · weights version \(ScoringWeights.currentVersion)\n\n"
            text +=
                "The list is a DRAFT until a clinician signs it off. Patients never move between clinical priority tiers; within a tier they are ordered by score, then by longer wait.\n\n"
            text += "| Tier | Patients | Moved up | Moved down | Median move (places) |\n| --- | ---: | ---: | ---: | ---: |\n"
            let disclosure = DisclosurePolicy()
            for tier in Tier.allCases {
                let members = ordered.filter { $0.input.tier == tier }
                guard !members.isEmpty else { continue }
                let moves = members.map { $0.rankByWait - $0.rankByScore }
                let up = moves.filter { $0 > 0 }.count
                let down = moves.filter { $0 < 0 }.count
                let sortedMoves = moves.map(abs).sorted()
                let median = sortedMoves[sortedMoves.count / 2]
                func count(_ value: Int) -> String { disclosure.published(value).map(\.grouped) ?? "*" }
                text +=
                    "| \(tier.key) | \(count(members.count)) | \(count(up)) | \(count(down)) | \(members.count > disclosure.threshold ? String(median) : "*") |\n"
            }
            text += "\nRows that could not be analysed (see `waitgap analyse` for their reasons): \(quarantined.grouped).\n"
            return text
        }
    }
}
