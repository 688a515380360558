// The history's costs on one stored run, for scripts/bench-history.sh (never run by the tests):
// the stored run's bytes (binary layout by section, and the JSON layout 2 it replaced), the time
// `HistoryDatabase.save` takes, and the time the 24-month series read takes.
//
//     waitgap-history-bench HISTORY.sqlite [SCRATCH-FOLDER]
//
// HISTORY is one `waitgap analyse` wrote (a JSON one is migrated first); its latest run is used.
// Prints `key value` lines. Times are medians of repeated runs, in milliseconds.
import Foundation
import WaitgapCore
import WaitgapStore

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// CPU time of this process (the bench is one thread), which other work on the machine disturbs less than the wall clock.
func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
    }
    let start = now()
    try body()
    return now() - start
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: waitgap-history-bench HISTORY.sqlite [SCRATCH-FOLDER]\n".utf8))
    exit(64)
}
let scratch = arguments.count > 2 ? arguments[2] : NSTemporaryDirectory() + "waitgap-history-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
let stored = try HistoryDatabase(path: arguments[1]).runs()
guard let census = stored.last?.census else { fatalError("no run in \(arguments[1])") }
guard let censusDate = census.censusDate else { fatalError("no census date") }

let json = try JSONEncoder().encode(census)
let binary = try census.binaryEncoded()
print("rows \(census.accounting.rowsIn)")
print("json-bytes \(json.count)")
print("binary-bytes \(binary.count)")
for (section, bytes) in try Census.binarySectionSizes(binary) {
    print("section \(section.replacingOccurrences(of: " ", with: "-")) \(bytes)")
}
print("encode-ms \(median(try (0..<5).map { _ in try milliseconds { _ = try census.binaryEncoded() } }))")
print("decode-ms \(median(try (0..<5).map { _ in try milliseconds { _ = try Census(binary: binary) } }))")
print("json-encode-ms \(median(try (0..<3).map { _ in try milliseconds { _ = try JSONEncoder().encode(census) } }))")
print("json-decode-ms \(median(try (0..<3).map { _ in try milliseconds { _ = try JSONDecoder().decode(Census.self, from: json) } }))")

// 24 month-ends before the census date, each holding this census (the read costs the same as
// 24 different months of the same size).
let path = scratch + "/history.sqlite"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
let history = try HistoryDatabase(path: path)
var months: [Day] = []
var month = censusDate
for _ in 0..<24 {
    months.append(month)
    let (year, number, _) = month.components
    month = Day(daysSinceEpoch: Day(year: year, month: number, day: 1)!.daysSinceEpoch - 1)
}
let figuresKey = MonthOnMonth.MonthFigures.key(version: "bench")
var saves: [Double] = []
for day in months.reversed() {
    var copy = census
    copy.censusDate = day
    let record = RunRecord(
        censusDate: day, recordedAt: "2026-12-01T02:00:00Z", waitgapVersion: "bench", extractBytes: 0, extractFingerprint: "",
        options: "", census: copy)
    // With its month-on-month figures, as a nightly run stores them (the key is the bench's own).
    let figures = MonthOnMonth.MonthFigures(census: copy).map { [$0] } ?? []
    saves.append(try milliseconds { try history.save(record, figures: figures, figuresKey: figuresKey) })
}
print("save-ms \(median(saves))")
// What a nightly run reads for its series: each month's stored figures, not its census.
print(
    "figures-read-ms \(median(try (0..<7).map { _ in try milliseconds { _ = try history.figures(censusDates: months, key: figuresKey) } }))"
)
var reads: [Double] = []
var runs = 0
for _ in 0..<7 { reads.append(try milliseconds { runs = try history.monthlyRuns(upTo: censusDate, limit: 24).count }) }
print("series-months \(runs)")
print("series-read-ms \(median(reads))")
print(
    "series-read-cpu-ms \(median(try (0..<7).map { _ in try cpuMilliseconds { runs = try history.monthlyRuns(upTo: censusDate, limit: 24).count } }))"
)

// The floor the in-memory census sets: 24 decoded censuses held at once (the series), and 24 empty ones.
var held: [Census] = []
print(
    "decode-24-held-ms \(median(try (0..<5).map { _ in try milliseconds { held = try (0..<24).map { _ in try Census(binary: binary) } } }))"
)
held = []
var empty: [Census] = []
print(
    "empty-24-held-ms \(median((0..<5).map { _ in milliseconds { empty = (0..<24).map { _ in Census(censusDate: censusDate, plus: census.plus) } } }))"
)
print("held \(held.count + empty.count)")
