import ArgumentParser
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapNightly
import WaitgapReport

extension Waitgap {
    /// `waitgap merge`: one pack from several runs' aggregates.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Build one board pack from the aggregates of several runs (sites or trusts of one census).",
            discussion: """
                Each aggregate comes from 'waitgap analyse --aggregate-out FILE'. Merging is exact: the \
                pack is the one analysing the extracts together would give, without moving \
                patient-level data. Aggregates must share the census date, IMD source and \
                --max-wait-weeks. Memory: one aggregate at a time plus the merged one (a few MB each).
                """
        )

        @Argument(help: "The aggregate files to merge.")
        var aggregates: [String]

        @OptionGroup(title: "Board pack")
        var output: OutputOptions

        func run() throws {
            var files: [(path: String, file: AggregateFile)] = []
            do {
                for path in aggregates { files.append((path, try AggregateFile.read(from: path))) }
                let merged = try AggregateFile.merge(files)
                let directory = output.outputDirectory
                try OutputFile.makeDirectory(directory)
                let census = merged.census
                var run = RunInfo(
                    trustName: output.trustName, version: Waitgap.version, imdSource: merged.imdSource,
                    expectedCompleteness: try output.expectedCompletenessShare, references: try output.referenceGroups)
                run.nationalDefinitions = output.nationalDefinitions
                let pack = BoardPack(census: census, run: run, disclosure: output.disclosure)
                let written = try PackOutput.write(pack, to: directory, formats: output.format, docxTemplate: output.docxTemplate)
                let packPath = written.primary
                if let tablesPath = output.tablesCSV { try OutputFile.write(pack.tablesCSV, to: tablesPath) }
                if let summaryPath = output.summaryJSON {
                    let summary = RunSummary(census: census, version: Waitgap.version, packFile: packPath, quarantineFile: nil)
                    try OutputFile.write(summary.json, to: summaryPath, mode: 0o600)
                }
                for path in written.paths { print("board pack: \(path)") }
                print(census.accounting.line)
                if let unavailable = written.unavailable { throw Failure(message: unavailable, code: Failure.unavailable) }
            } catch let problem as AggregateFile.Problem {
                throw Failure(message: problem.description, code: problem.isInputOutput ? Failure.inputOutput : Failure.data)
            } catch let error as OutputError {
                throw Failure(error)
            }
        }
    }
}
