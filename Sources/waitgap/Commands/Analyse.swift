import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapStore

extension Waitgap {
    /// `waitgap analyse`: extract(s) in, board pack out, every row accounted for.
    struct Analyse: ParsableCommand {
        static let configuration = CommandConfiguration(
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
            // The scheduler's summary must be writable before any work, so that a failing night
            // still leaves one.
            if let summaryPath = output.summaryJSON {
                var isFolder: ObjCBool = false
                let folder = parentFolder(of: summaryPath)
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw Failure(message: "--summary-json \(summaryPath): its folder \(folder) does not exist", code: Failure.inputOutput)
                }
            }
            // Files of exact counts never go in the board's folder.
            for (path, what, option) in [
                (output.summaryJSON, "the run summary", "--summary-json"), (nightly.aggregateOut, "the aggregate", "--aggregate-out"),
            ] {
                if let path { try refuseInsideBoard(path, boardDirectory: output.outputDirectory, what: what, option: option) }
            }
            let log = try RunLog(path: nightly.log, label: "waitgap")
            log.started("waitgap analyse: started", ["extracts": "\(extracts.joined(separator: ","))", "version": "\(Waitgap.version)"])
            var counted: Census?
            do {
                try analyse(counted: &counted, log: log)
            } catch let failure as Failure {
                // A missing format's tool (69) ends a run whose summary is already written, with it.
                if failure.code != Failure.unavailable { writeFailedSummary(failure, census: counted) }
                log.failed("waitgap analyse: \(failure.message)", code: failure.code)
                throw failure
            } catch {
                // Anything else (a bad option found late, an error of a library) still leaves the
                // scheduler a summary saying the night failed.
                let failure = Failure(message: "\(error)", code: error is ValidationError ? Failure.usage : Failure.other)
                writeFailedSummary(failure, census: counted)
                log.failed("waitgap analyse: \(failure.message)", code: failure.code)
                throw error
            }
        }

        /// The summary of a run that failed after it began reading, for the scheduler's dashboard.
        private func writeFailedSummary(_ failure: Failure, census: Census?) {
            guard let summaryPath = output.summaryJSON else { return }
            let summary = RunSummary.failed(census: census, version: Waitgap.version, exitStatus: failure.code, failure: failure.message)
            try? OutputFile.write(summary.json, to: summaryPath, mode: 0o600)
        }

        private func analyse(counted: inout Census?, log: RunLog) throws {
            let options = try input.ingestOptions()
            let maxShare = try nightly.maxQuarantineShare
            let directory = output.outputDirectory
            do { try OutputFile.makeDirectory(directory) } catch { throw Failure(error) }
            // Identifiable rows go to the analyst's private folder, never the board's.
            let privateDirectory = nightly.privateDirectory(outputDirectory: directory)
            try preparePrivateDirectory(privateDirectory, boardDirectory: directory)

            let quarantine = QuarantineWriter(directory: privateDirectory)
            let showProgress = Terminal.isInteractive && !nightly.quiet
            let started = Terminal.now()
            var lastShown = started
            let census: Census
            do {
                census = try ExtractIngest.read(files: extracts, options: options, quarantine: quarantine) { progress in
                    guard showProgress else { return }
                    let now = Terminal.now()
                    guard now - lastShown >= 0.5 else { return }
                    lastShown = now
                    let rate = Double(progress.rows) / max(now - started, 1e-9)
                    let share =
                        progress.totalBytes.map { $0 > 0 ? " \(Int(100 * Double(progress.bytesRead) / Double($0)))% read," : "" } ?? ""
                    Terminal.status("waitgap:\(share) \(progress.rows.grouped) rows, \(Int(rate).grouped) rows/s")
                }
            } catch {
                if showProgress { Terminal.clearStatus() }
                throw Failure(error)
            }
            if showProgress { Terminal.clearStatus() }
            counted = census

            // One run at a time finishes a census in a folder: its quarantine file, pack and history
            // record go together. Held until the run ends.
            let runLock = try ListLock.run(
                census: census.censusDate?.description ?? "unknown-census", in: directory, waitSeconds: max(waitForRun, 0))
            defer { withExtendedLifetime(runLock) {} }
            // A run in which no row can be analysed leaves no quarantine file: it would be a copy of
            // the whole identifiable extract.
            if census.accounting.analysed == 0 { quarantine.discard() }
            let quarantinePath: String?
            do { quarantinePath = try quarantine.finish(censusDate: census.censusDate) } catch { throw Failure(error) }
            let accounting = census.accounting
            let files = extracts.joined(separator: ", ")
            let reading = ReadingCheck(census: census, allowUnusable: Set(input.allowUnusable))
            if let problem = reading.stop(census, maxQuarantineShare: maxShare, quarantineFile: quarantinePath ?? directory) {
                print(accounting.line)
                throw Failure.data("\(files): \(problem)")
            }
            for note in reading.notAnalysed + reading.warnings {
                Terminal.note(note)
                log.note(note)
            }

            // The history's series holds the stored runs and this one; the run itself is saved
            // only after the pack is written, so a failed run leaves the history as it was.
            var history: HistoryDatabase?
            var record: RunRecord?
            var monthOnMonth: MonthOnMonth?
            var replacing = false
            if !nightly.noHistory, let censusDate = census.censusDate {
                // The history holds the audit trail of reordered lists: never in the board's folder.
                try refuseInsideBoard(nightly.history.path, boardDirectory: directory, what: "the history", option: "--history")
                do {
                    let database = try nightly.history.openOrCreate()
                    let (bytes, fingerprint) = ExtractFingerprint.of(extracts)
                    let thisRun = RunRecord(
                        censusDate: censusDate, recordedAt: Terminal.timestamp(), provider: output.trustName ?? "",
                        waitgapVersion: Waitgap.version, extractBytes: bytes,
                        extractFingerprint: fingerprint,
                        options:
                            "max-wait-weeks=\(input.maxWaitWeeks); date-format=\(input.dateFormat.rawValue); scope=\(input.scope.rawValue); imd=\(imdSource(options))",
                        census: census.publishable())
                    // The series is the last run of each month up to this census, which stands for its
                    // own date and is the latest; only the stored runs it needs are read (each is a
                    // whole census to decode).
                    let dates = try database.censusDates()
                    replacing = dates.contains(censusDate)
                    let series = HistoryDatabase.monthlyCensusDates(dates + [censusDate], upTo: censusDate)
                    let monthly = try database.runs(censusDates: series.filter { $0 != censusDate }) + [thisRun]
                    monthOnMonth = MonthOnMonth(
                        censuses: monthly.map(\.census), references: try output.referenceGroups, disclosure: output.disclosure,
                        measures: try nightly.measureDefinitions, baseline: nightly.baseline?.firstDay,
                        screenOutliers: !nightly.spcExcelLimits, rebaseAt: nightly.spcRebase, annotations: try nightly.annotations)
                    // A baseline the history does not hold is refused, never replaced in silence.
                    if let wanted = nightly.baseline, let used = monthOnMonth?.baseline, !wanted.contains(used) {
                        let months = series.map { String($0.description.prefix(7)) }
                        throw Failure.usage(
                            "--baseline \(wanted.description): no run of that month in the history (it holds \(months.first ?? "") to \(months.last ?? ""))"
                        )
                    }
                    history = database
                    record = thisRun
                } catch let error as StoreError {
                    throw Failure(error)
                }
            }
            var run = RunInfo(
                trustName: output.trustName, version: Waitgap.version, imdSource: imdSource(options),
                expectedCompleteness: try output.expectedCompletenessShare, references: try output.referenceGroups)
            run.history = monthOnMonth
            run.replacedEarlierRun = replacing
            run.notAnalysed = reading.notAnalysed
            run.nationalDefinitions = output.nationalDefinitions
            run.measures = try nightly.measureDefinitions
            let pack = BoardPack(census: census, run: run, disclosure: output.disclosure)
            let written: PackOutput.Written
            do {
                written = try PackOutput.write(pack, to: directory, formats: output.format, docxTemplate: output.docxTemplate)
                let packPath = written.primary
                if let tablesPath = output.tablesCSV { try OutputFile.write(pack.tablesCSV, to: tablesPath) }
                if let aggregatePath = nightly.aggregateOut {
                    let sources = extracts.map { extract in
                        let (bytes, fingerprint) = ExtractFingerprint.of([extract])
                        return "\(bytes):\(fingerprint)"
                    }
                    try AggregateFile(
                        census: census, waitgapVersion: Waitgap.version, imdSource: imdSource(options),
                        maxWaitWeeks: input.maxWaitWeeks, sources: sources
                    ).write(to: aggregatePath)
                }
                if let summaryPath = output.summaryJSON {
                    var summary = RunSummary(
                        census: census, findings: pack.findings, version: Waitgap.version, packFile: packPath,
                        quarantineFile: quarantinePath)
                    summary.outputs = written.paths + [output.tablesCSV, nightly.aggregateOut].compactMap { $0 }
                    if let unavailable = written.unavailable {
                        summary.exitStatus = Int(Failure.unavailable)
                        summary.failure = unavailable
                    }
                    // Exact counts: owner-only, like every file not meant for publication.
                    try OutputFile.write(summary.json, to: summaryPath, mode: 0o600)
                }
            } catch {
                throw Failure(error)
            }
            if let history, let record {
                do { try history.save(record) } catch { throw Failure(error) }
            }
            for path in written.paths { print("board pack: \(path)") }
            if let quarantinePath {
                let most = accounting.dominantReason.map { "; most are \($0.rawValue): \($0.likelyFix)" } ?? ""
                print("quarantine: \(quarantinePath) (\(accounting.quarantined.grouped) rows, owner-only\(most))")
            }
            print(accounting.line)
            log.finished(
                "waitgap analyse: board pack written",
                [
                    "census": "\(census.censusDate?.description ?? "unknown")", "rowsIn": "\(accounting.rowsIn)",
                    "analysed": "\(accounting.analysed)", "outOfScope": "\(accounting.outOfScope)",
                    "quarantined": "\(accounting.quarantined)", "pack": "\(written.primary)",
                ])
            if nightly.retention.isRequested {
                try nightly.retention.prune(boardDirectory: directory, privateDirectory: privateDirectory, history: history)
            }
            // A format whose tool is missing: everything else is written, and the scheduler told.
            if let unavailable = written.unavailable { throw Failure(message: unavailable, code: Failure.unavailable) }
        }

        private func imdSource(_ options: IngestOptions) -> String {
            if let lookup = options.decoding.imdLookup, input.imdLookup != nil { return lookup.title }
            return options.decoding.imdVintage.title
                + " (MHCLG; contains public sector information licensed under the Open Government Licence v3.0)"
        }
    }
}
