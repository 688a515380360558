import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapStore

/// What stops a nightly run, by what a scheduler should do about it.
public enum NightlyError: Error, Sendable, CustomStringConvertible {
    case ingest(IngestError)
    case output(OutputError)
    case store(StoreError)
    /// The extract cannot be analysed as given (too many rows quarantined, an equity column
    /// present but unreadable…): one line naming the files and the fix.
    case data(String)
    /// An option the run cannot honour (a baseline the history lacks).
    case usage(String)

    public var description: String {
        switch self {
        case .ingest(let error): return error.description
        case .output(let error): return error.description
        case .store(let error): return error.description
        case .data(let message), .usage(let message): return message
        }
    }
}

/// `waitgap analyse` as a library: tonight's extracts in; the census, the pack in each format,
/// the quarantine file, the optional tables, aggregate and summary, and the stored run out. The
/// command only turns options into this value, holds the run lock between `read` and `finish`,
/// and prints the outcome.
public struct NightlyRun: Sendable {
    /// The month-on-month series, and where tonight's run is stored.
    public struct History: Sendable {
        public var database: HistoryDatabase
        public var measures: [Measure]?
        /// The first day of the month changes are measured from.
        public var baseline: Day?
        public var screenOutliers = true
        public var rebaseAt: Day?
        public var annotations: [MonthOnMonth.Annotation] = []
        /// The provider and the options that change results, stored with the run.
        public var provider = ""
        public var options = ""

        public init(database: HistoryDatabase) { self.database = database }
    }

    public var extracts: [String]
    public var ingest: IngestOptions
    /// The board's folder: the pack and its charts, never an identifier.
    public var boardDirectory: String
    /// The analyst's owner-only folder: the quarantine file.
    public var privateDirectory: String
    public var maxQuarantineShare: Double
    /// Equity dimensions the analyst accepts as unusable (`--allow-unusable`).
    public var allowUnusable: Set<String> = []
    /// The pack's settings (trust, version, IMD source, references, measures…).
    public var pack: RunInfo
    public var disclosure: DisclosurePolicy
    public var formats = PackFormats([.markdown])
    public var docxTemplate: String?
    public var tablesCSV: String?
    public var aggregateOut: String?
    public var summaryJSON: String?
    public var history: History?
    /// When the run is recorded (ISO 8601, UTC).
    public var recordedAt: String

    public init(
        extracts: [String], ingest: IngestOptions, boardDirectory: String, privateDirectory: String, maxQuarantineShare: Double,
        pack: RunInfo, disclosure: DisclosurePolicy, recordedAt: String
    ) {
        self.extracts = extracts
        self.ingest = ingest
        self.boardDirectory = boardDirectory
        self.privateDirectory = privateDirectory
        self.maxQuarantineShare = maxQuarantineShare
        self.pack = pack
        self.disclosure = disclosure
        self.recordedAt = recordedAt
    }

    /// What a finished run wrote.
    public struct Outcome: Sendable {
        public var census: Census
        public var written: PackOutput.Written
        public var quarantineFile: String?
        /// Dimensions not analysed, and warnings, for stderr and the log.
        public var notes: [String]
        public var replacedEarlierRun: Bool
    }

    /// Reads every extract once (quarantined rows to `quarantine`), keeping no row.
    public func read(quarantine: QuarantineWriter, progress: ((IngestProgress) -> Void)? = nil) throws(NightlyError) -> Census {
        do { return try ExtractIngest.read(files: extracts, options: ingest, quarantine: quarantine, progress: progress) } catch {
            throw .ingest(error)
        }
    }

    /// Finishes a census `read` made: the quarantine file, the reading check, the month-on-month
    /// series, the pack and the other outputs, then the stored run (saved last, so that a run
    /// that fails leaves the history as it was).
    /// - Throws: `NightlyError`; a format whose tool is missing is not an error but the
    ///   outcome's `written.unavailable`.
    public func finish(_ census: Census, quarantine: QuarantineWriter) throws(NightlyError) -> Outcome {
        // A run in which no row can be analysed leaves no quarantine file: it would be a copy of
        // the whole identifiable extract.
        if census.accounting.analysed == 0 { quarantine.discard() }
        let quarantineFile: String?
        do { quarantineFile = try quarantine.finish(censusDate: census.censusDate) } catch { throw .output(error) }
        let reading = ReadingCheck(census: census, allowUnusable: allowUnusable)
        if let problem = reading.stop(census, maxQuarantineShare: maxQuarantineShare, quarantineFile: quarantineFile ?? boardDirectory) {
            throw .data("\(extracts.joined(separator: ", ")): \(problem)")
        }
        var run = pack
        run.notAnalysed = reading.notAnalysed
        var record: RunRecord?
        var figures: (months: [MonthOnMonth.MonthFigures], key: String) = ([], "")
        if let history, let censusDate = census.censusDate {
            let (series, thisRun, replacing, computed, key) = try monthOnMonth(census, censusDate: censusDate, history: history)
            run.history = series
            run.replacedEarlierRun = replacing
            record = thisRun
            figures = (computed, key)
        }
        // The stored census is encoded on the other core while this one writes the pack.
        let encoding = record.map { record in Background { try record.census.binaryEncoded() } }
        let pack = BoardPack(census: census, run: run, disclosure: disclosure)
        let written = try write(pack, census: census, quarantineFile: quarantineFile)
        if let history, let record {
            do {
                try history.database.save(record, figures: figures.months, figuresKey: figures.key, encoded: try? encoding?.value())
            } catch {
                throw .store(error)
            }
        }
        return Outcome(
            census: census, written: written, quarantineFile: quarantineFile, notes: reading.notAnalysed + reading.warnings,
            replacedEarlierRun: run.replacedEarlierRun)
    }

    /// The series: the last stored run of each month before this census, and this one, which
    /// stands for its own date and is the latest. Each stored month gives its figures as kept
    /// beside it (a few KB); only a month with none under tonight's key has its census decoded,
    /// one at a time, and its figures are stored with tonight's run.
    private func monthOnMonth(_ census: Census, censusDate: Day, history: History) throws(NightlyError) -> (
        MonthOnMonth, RunRecord, Bool, [MonthOnMonth.MonthFigures], String
    ) {
        let (bytes, fingerprint) = ExtractFingerprint.of(extracts)
        let thisRun = RunRecord(
            censusDate: censusDate, recordedAt: recordedAt, provider: history.provider, waitgapVersion: pack.version,
            extractBytes: bytes, extractFingerprint: fingerprint, options: history.options, census: census.publishable())
        let key = MonthOnMonth.MonthFigures.key(
            version: pack.version, measures: history.measures, references: pack.references, disclosure: disclosure)
        func figures(_ census: Census) -> MonthOnMonth.MonthFigures? {
            MonthOnMonth.MonthFigures(census: census, measures: history.measures, references: pack.references, disclosure: disclosure)
        }
        let dates: [Day]
        var monthly: [MonthOnMonth.MonthFigures] = []
        var computed: [MonthOnMonth.MonthFigures] = []
        do {
            dates = try history.database.censusDates()
            let earlier = HistoryDatabase.monthlyCensusDates(dates + [censusDate], upTo: censusDate).filter { $0 != censusDate }
            let stored = try history.database.figures(censusDates: earlier, key: key)
            for day in earlier {
                if let month = stored[day] {
                    monthly.append(month)
                } else if let run = try history.database.runs(censusDates: [day]).first, let month = figures(run.census) {
                    monthly.append(month)
                    computed.append(month)
                }
            }
        } catch {
            throw .store(error)
        }
        if let tonight = figures(thisRun.census) {
            monthly.append(tonight)
            computed.append(tonight)
        }
        let series = MonthOnMonth(
            figures: monthly, references: pack.references, measures: history.measures, baseline: history.baseline,
            screenOutliers: history.screenOutliers, rebaseAt: history.rebaseAt, annotations: history.annotations)
        // A baseline the history does not hold is refused, never replaced in silence.
        if let wanted = history.baseline, let used = series.baseline,
            used.components.year != wanted.components.year || used.components.month != wanted.components.month
        {
            let months = monthly.map { String($0.censusDate.description.prefix(7)) }
            throw .usage(
                "--baseline \(wanted.description.prefix(7)): no run of that month in the history (it holds \(months.first ?? "") to \(months.last ?? ""))"
            )
        }
        return (series, thisRun, dates.contains(censusDate), computed, key)
    }

    /// The pack in each format, then the tables, the aggregate and the summary.
    private func write(_ pack: BoardPack, census: Census, quarantineFile: String?) throws(NightlyError) -> PackOutput.Written {
        do {
            let written = try PackOutput.write(pack, to: boardDirectory, formats: formats, docxTemplate: docxTemplate)
            if let tablesCSV { try OutputFile.write(pack.tablesCSV, to: tablesCSV) }
            if let aggregateOut {
                let sources = extracts.map { extract in
                    let (bytes, fingerprint) = ExtractFingerprint.of([extract])
                    return "\(bytes):\(fingerprint)"
                }
                try AggregateFile(
                    census: census, waitgapVersion: self.pack.version, imdSource: self.pack.imdSource,
                    maxWaitWeeks: ingest.decoding.maxWaitWeeks, sources: sources
                ).write(to: aggregateOut)
            }
            if let summaryJSON {
                var summary = RunSummary(
                    census: census, findings: pack.findings, version: self.pack.version, packFile: written.primary,
                    quarantineFile: quarantineFile)
                summary.outputs = written.paths + [tablesCSV, aggregateOut].compactMap { $0 }
                if let unavailable = written.unavailable {
                    summary.exitStatus = 69
                    summary.failure = unavailable
                }
                // Exact counts: owner-only, like every file not meant for publication.
                try OutputFile.write(summary.json, to: summaryJSON, mode: 0o600)
            }
            return written
        } catch {
            throw .output(error)
        }
    }
}

/// Work started on another thread, its value waited for when needed.
final class Background<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let group = DispatchGroup()

    init(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.group.leave()
        }
    }

    /// The work's value, once it is done (its `leave` orders the write before this read).
    func value() throws -> Value {
        group.wait()
        return try result!.get()
    }
}
