import Foundation
import WaitgapCore

/// `waitgap prune`: removes what a trust no longer keeps, by a `RetentionPolicy`, from the
/// board's folder (packs, score summaries, charts, run locks), the private folder (quarantine
/// files, reordered lists and their locks, worklists) and the history (runs beyond the nightly window thinned to the
/// last of each month). Only files waitgap names (`<kind>-YYYY-MM-DD…`) are considered; anything
/// else in the folders is left alone. The list audit trail is append-only and never removed; a
/// signed-off list's file is kept for the audit period.
public struct Pruning: Sendable {
    /// A file waitgap wrote for a census.
    public struct File: Sendable, Equatable {
        public var path: String
        public var censusDate: Day
        /// Whether it is a reordered list (kept for the audit period when signed off).
        public var isList: Bool
    }

    /// What a pruning removes (or, in a dry run, would).
    public struct Plan: Sendable, Equatable {
        public var files: [File] = []
        public var runs: [Day] = []
        /// The census dates kept, and why.
        public var kept: [Day: RetentionPolicy.Fate] = [:]
    }

    public var policy: RetentionPolicy
    public var boardDirectory: String
    public var privateDirectory: String
    public var history: HistoryDatabase?

    public init(policy: RetentionPolicy, boardDirectory: String, privateDirectory: String, history: HistoryDatabase?) {
        self.policy = policy
        self.boardDirectory = boardDirectory
        self.privateDirectory = privateDirectory
        self.history = history
    }

    /// The files of the kinds waitgap writes, by folder: (folder, name prefixes, is a list).
    private var kinds: [(folder: String, prefixes: [String], isList: Bool)] {
        [
            (boardDirectory, ["board-pack-", "score-summary-", ".waitgap-"], false),
            (boardDirectory + "/charts", [""], false),
            (privateDirectory, ["quarantine-", "worklist-"], false),
            (privateDirectory, ["reordered-"], true),
        ]
    }

    /// What would be removed, without removing anything.
    public func plan() throws(StoreError) -> Plan {
        var files: [File] = []
        for kind in kinds {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: kind.folder) else { continue }
            for name in names.sorted() where kind.prefixes.contains(where: { name.hasPrefix($0) }) {
                guard let day = Self.censusDate(inName: name) else { continue }
                var status = stat()
                // Only regular files: a link or folder is not waitgap's to remove.
                guard lstat(kind.folder + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                // A list's lock file goes with the windows; the list itself may be kept for audit.
                files.append(File(path: kind.folder + "/" + name, censusDate: day, isList: kind.isList && !name.hasSuffix(".lock")))
            }
        }
        let runs = try history?.censusDates() ?? []
        let signedOff = try history?.signedOffCensusDates() ?? []
        let fates = policy.fates(of: Set(files.map(\.censusDate) + runs), signedOff: signedOff)
        var plan = Plan()
        plan.kept = fates.filter { $0.value != .removed }
        // A list is kept for the audit period; every other kind only in the windows.
        plan.files = files.filter { file in
            switch fates[file.censusDate] {
            case .removed?: return true
            case .audit?: return !file.isList
            default: return false
            }
        }
        plan.runs = runs.filter { fates[$0] == .removed || fates[$0] == .audit }
        return plan
    }

    /// Removes what `plan()` lists.
    /// - Returns: the plan carried out.
    /// - Throws: `StoreError` for the history; a file that cannot be removed is reported in
    ///   `failures` and the rest carried out.
    public func run() throws(StoreError) -> (plan: Plan, failures: [String]) {
        let plan = try plan()
        var failures: [String] = []
        for file in plan.files where unlink(file.path) != 0 && errno != ENOENT {
            failures.append("\(file.path): \(String(cString: strerror(errno)))")
        }
        try history?.removeRuns(censusDates: plan.runs)
        return (plan, failures)
    }

    /// The census date in a file name waitgap wrote: the first `YYYY-MM-DD` after a `-`.
    static func censusDate(inName name: String) -> Day? {
        let bytes = Array(name.utf8)
        guard bytes.count >= 11 else { return nil }
        for start in 1...(bytes.count - 10) where bytes[start - 1] == UInt8(ascii: "-") {
            let candidate = bytes[start..<(start + 10)]
            guard candidate[start + 4] == UInt8(ascii: "-"), candidate[start + 7] == UInt8(ascii: "-") else { continue }
            if let day = Day(iso: String(decoding: candidate, as: UTF8.self)) { return day }
        }
        return nil
    }
}
