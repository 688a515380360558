import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapNightly
import WaitgapReport
import WaitgapStore

extension Waitgap {
    /// `waitgap analyse`: extract(s) in, board pack out, every row accounted for.
    struct Analyse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyse",
            abstract: "Read tonight's waiting-list extract and write a board pack.",
            discussion: """
                Reads each extract once, in 1 MiB chunks, and keeps no rows: memory stays flat \
                (tens of MB) whatever the number of rows. Rows that cannot be analysed are written, \
                with their row, line, column and reason, to <private>/quarantine-<census>.csv (private/ beside \
                the output folder, owner-only; --private-dir moves it; owner-only too: \
                it holds the rows as they were). The pack, <out>/board-pack-<census>.md, holds no \
                identifiers and shows counts of 1 to 7 as *. The last line on stdout is always \
                'rows in N = analysed A + out of scope S + quarantined Q'. Run 'waitgap check' first on a new extract.
                """,
            aliases: ["analyze"]
        )

        @Argument(
            help:
                "The extract files (CSV; the delimiter is detected). '-' is standard input; a pipe, FIFO or <(zcat …) is read once. Several files are one census."
        )
        var extracts: [String]

        @OptionGroup(title: "Input")
        var input: InputOptions

        @OptionGroup(title: "Board pack")
        var output: OutputOptions

        @OptionGroup(title: "Nightly run")
        var nightly: NightlyOptions

        @Option(
            help:
                "Seconds to wait for another run of the same census into the same output folder to finish before giving up with exit 75 (try again)."
        )
        var waitForRun: Int = 30

        func run() throws {
            try checkDistinct(extracts)
            try checkOutputPaths()
            let log = try RunLog(path: nightly.log, label: "waitgap")
            log.started("waitgap analyse: started", ["extracts": "\(extracts.joined(separator: ","))", "version": "\(Waitgap.version)"])
            var counted: Census?
            do {
                try analyse(counted: &counted, log: log)
            } catch {
                // Every failure after reading began still leaves the scheduler a summary (but a
                // missing format's tool, 69, whose run already wrote one) and a log line.
                let failure =
                    error as? Failure ?? Failure(message: "\(error)", code: error is ValidationError ? Failure.usage : Failure.other)
                if failure.code != Failure.unavailable { writeFailedSummary(failure, census: counted) }
                log.failed("waitgap analyse: \(failure.message)", code: failure.code)
                throw error
            }
        }

        /// Read, then finish under the run lock, then report and prune.
        private func analyse(counted: inout Census?, log: RunLog) throws {
            let run = try nightlyRun()
            do { try OutputFile.makeDirectory(run.boardDirectory) } catch { throw Failure(error) }
            // Identifiable rows go to the analyst's private folder, never the board's.
            try preparePrivateDirectory(run.privateDirectory, boardDirectory: run.boardDirectory)
            let quarantine = QuarantineWriter(directory: run.privateDirectory)
            let census = try Terminal.withProgress(quiet: nightly.quiet) { progress throws(NightlyError) in
                try run.read(quarantine: quarantine, progress: progress)
            }
            counted = census
            // One run at a time finishes a census in a folder: its quarantine file, pack and history
            // record go together. Held until the run ends.
            let runLock = try ListLock.run(
                census: census.censusDate?.description ?? "unknown-census", in: run.boardDirectory, waitSeconds: max(waitForRun, 0))
            defer { withExtendedLifetime(runLock) {} }
            let outcome: NightlyRun.Outcome
            do { outcome = try run.finish(census, quarantine: quarantine) } catch {
                if case .data = error { print(census.accounting.line) }
                throw Failure(error)
            }
            report(outcome, log: log)
            if nightly.retention.isRequested {
                try nightly.retention.prune(
                    boardDirectory: run.boardDirectory, privateDirectory: run.privateDirectory, history: run.history?.database,
                    protecting: census.censusDate)
            }
            // A format whose tool is missing: everything else is written, and the scheduler told.
            if let unavailable = outcome.written.unavailable { throw Failure(message: unavailable, code: Failure.unavailable) }
        }

        /// The run these options describe.
        private func nightlyRun() throws -> NightlyRun {
            let ingest = try input.ingestOptions()
            let directory = output.outputDirectory
            var pack = RunInfo(
                trustName: output.trustName, version: Waitgap.version, imdSource: imdSource(ingest),
                expectedCompleteness: try output.expectedCompletenessShare, references: try output.referenceGroups)
            pack.nationalDefinitions = output.nationalDefinitions
            pack.measures = try nightly.measureDefinitions
            var run = NightlyRun(
                extracts: extracts, ingest: ingest, boardDirectory: directory,
                privateDirectory: nightly.privateDirectory(outputDirectory: directory), maxQuarantineShare: try nightly.maxQuarantineShare,
                pack: pack, disclosure: output.disclosure, recordedAt: Terminal.timestamp())
            run.allowUnusable = Set(input.allowUnusable)
            run.formats = output.format
            run.docxTemplate = output.docxTemplate
            run.tablesCSV = output.tablesCSV
            run.aggregateOut = nightly.aggregateOut
            run.summaryJSON = output.summaryJSON
            if !nightly.noHistory {
                // The history holds the audit trail of reordered lists: never in the board's folder.
                try refuseInsideBoard(nightly.history.path, boardDirectory: directory, what: "the history", option: "--history")
                var history = NightlyRun.History(database: try nightly.history.openOrCreate())
                history.measures = pack.measures
                history.baseline = nightly.baseline?.firstDay
                history.screenOutliers = !nightly.spcExcelLimits
                history.rebaseAt = nightly.spcRebase
                history.annotations = try nightly.annotations
                history.provider = output.trustName ?? ""
                history.options =
                    "max-wait-weeks=\(input.maxWaitWeeks); date-format=\(input.dateFormat.rawValue); scope=\(input.scope.rawValue); imd=\(imdSource(ingest))"
                run.history = history
            }
            return run
        }

        /// The outcome's lines on stdout, notes on stderr, and the log's closing line.
        private func report(_ outcome: NightlyRun.Outcome, log: RunLog) {
            for note in outcome.notes {
                Terminal.note(note)
                log.note(note)
            }
            let accounting = outcome.census.accounting
            for path in outcome.written.paths { print("board pack: \(path)") }
            if let quarantineFile = outcome.quarantineFile {
                let most = accounting.dominantReason.map { "; most are \($0.rawValue): \($0.likelyFix)" } ?? ""
                print("quarantine: \(quarantineFile) (\(accounting.quarantined.grouped) rows, owner-only\(most))")
            }
            print(accounting.line)
            log.finished(
                "waitgap analyse: board pack written",
                [
                    "census": "\(outcome.census.censusDate?.description ?? "unknown")", "rowsIn": "\(accounting.rowsIn)",
                    "analysed": "\(accounting.analysed)", "outOfScope": "\(accounting.outOfScope)",
                    "quarantined": "\(accounting.quarantined)", "pack": "\(outcome.written.primary)",
                ])
        }

        /// The scheduler's summary must be writable before any work, so that a failing night
        /// still leaves one; files of exact counts never go in the board's folder.
        private func checkOutputPaths() throws {
            if let summaryPath = output.summaryJSON {
                var isFolder: ObjCBool = false
                let folder = parentFolder(of: summaryPath)
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw Failure(message: "--summary-json \(summaryPath): its folder \(folder) does not exist", code: Failure.inputOutput)
                }
            }
            for (path, what, option) in [
                (output.summaryJSON, "the run summary", "--summary-json"), (nightly.aggregateOut, "the aggregate", "--aggregate-out"),
                (nightly.log, "the log (its lines carry exact counts)", "--log"),
            ] {
                if let path { try refuseInsideBoard(path, boardDirectory: output.outputDirectory, what: what, option: option) }
            }
        }

        /// The summary of a run that failed after it began reading, for the scheduler's dashboard.
        private func writeFailedSummary(_ failure: Failure, census: Census?) {
            guard let summaryPath = output.summaryJSON else { return }
            let summary = RunSummary.failed(census: census, version: Waitgap.version, exitStatus: failure.code, failure: failure.message)
            try? OutputFile.write(summary.json, to: summaryPath, mode: 0o600)
        }

        private func imdSource(_ options: IngestOptions) -> String {
            if let lookup = options.decoding.imdLookup, input.imdLookup != nil { return lookup.title }
            return options.decoding.imdVintage.title
                + " (MHCLG; contains public sector information licensed under the Open Government Licence v3.0)"
        }
    }
}
