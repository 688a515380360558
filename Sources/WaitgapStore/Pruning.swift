import Foundation
import WaitgapCore

#if canImport(Glibc)
    import Glibc
#endif

/// `waitgap prune`: removes what a trust no longer keeps, by a `RetentionPolicy`, from the
/// board's folder (packs, score and worklist summaries, charts, run locks), the private folder
/// (quarantine files, reordered lists and their locks, worklists) and the history (runs beyond
/// the nightly window thinned to the last of each month). Only files waitgap names
/// (`<kind>-YYYY-MM-DD…`) are considered, never through a link; anything else in the folders is
/// left alone. Each kind keeps its own month-ends (a month's last pack, its last list, its last
/// stored run), all counted back from one anchor: the latest census of them all, but never after
/// today. The list audit trail is append-only and never removed; a signed-off list's file is
/// kept for the audit period.
public struct Pruning: Sendable {
    /// A file waitgap wrote for a census.
    public struct File: Sendable, Equatable {
        /// The folder and the name in it.
        public var folder: String
        public var name: String
        public var censusDate: Day
        /// The kind it is pruned with (its name's prefix, or `charts/`).
        public var kind: String
        /// Whether it is a reordered list (kept for the audit period when signed off).
        public var isList: Bool
        public var path: String { folder + "/" + name }
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
    /// Today (UTC): the windows never count back from a later day.
    public var today: Day
    /// Census dates kept whatever the windows say: the run that prunes after writing its own.
    public var protected: Set<Day>

    public init(
        policy: RetentionPolicy, boardDirectory: String, privateDirectory: String, history: HistoryDatabase?, today: Day,
        protected: Set<Day> = []
    ) {
        self.policy = policy
        self.boardDirectory = boardDirectory
        self.privateDirectory = privateDirectory
        self.history = history
        self.today = today
        self.protected = protected
    }

    /// The files of the kinds waitgap writes, by folder: (folder, whether the folder may be a
    /// link (the two the analyst names), name prefixes, required suffix, is a list).
    private var kinds: [(folder: String, followLink: Bool, prefixes: [String], suffix: String, isList: Bool)] {
        [
            (boardDirectory, true, ["board-pack-", "score-summary-", "worklist-summary-", ".waitgap-"], "", false),
            (boardDirectory + "/charts", false, [""], ".svg", false),
            (privateDirectory, true, ["quarantine-", "worklist-"], "", false),
            (privateDirectory, true, ["reordered-"], "", true),
        ]
    }

    /// What would be removed, without removing anything.
    public func plan() throws(StoreError) -> Plan {
        var files: [File] = []
        for kind in kinds {
            var status = stat()
            let found = kind.followLink ? stat(kind.folder, &status) : lstat(kind.folder, &status)
            // A charts/ that is a link (or not a folder) is not waitgap's: nothing in it is removed.
            guard found == 0, status.st_mode & S_IFMT == S_IFDIR,
                let names = try? FileManager.default.contentsOfDirectory(atPath: kind.folder)
            else { continue }
            for name in names.sorted() where name.hasSuffix(kind.suffix) {
                guard let prefix = kind.prefixes.first(where: { name.hasPrefix($0) }), let day = Self.censusDate(inName: name) else {
                    continue
                }
                // Only regular files: a link or folder is not waitgap's to remove.
                guard lstat(kind.folder + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
                files.append(
                    File(
                        folder: kind.folder, name: name, censusDate: day, kind: prefix.isEmpty ? "charts/" : prefix,
                        isList: kind.isList && !name.hasSuffix(".lock")))
            }
        }
        let runs = try history?.censusDates() ?? []
        let signedOff = try history?.signedOffCensusDates() ?? []
        let anchor = RetentionPolicy.anchor(of: Set(files.map(\.censusDate) + runs), today: today)
        var plan = Plan()
        // Stored runs by their own dates: a month's last run is kept even when a later file of
        // that month (a score summary, a worklist) has no run behind it.
        let runFates = policy.fates(of: Set(runs), anchor: anchor, protected: protected)
        plan.runs = runs.filter { runFates[$0] == .removed || runFates[$0] == .audit }
        for (day, fate) in runFates where fate != .removed && fate != .audit { plan.kept[day] = fate }
        // Each kind of file by its own dates; a list is kept for the audit period.
        for kind in Set(files.map(\.kind)).sorted() {
            let ofKind = files.filter { $0.kind == kind }
            let fates = policy.fates(
                of: Set(ofKind.map(\.censusDate)), signedOff: kind == "reordered-" ? signedOff : [], anchor: anchor, protected: protected)
            for file in ofKind {
                switch fates[file.censusDate] {
                case .removed?: plan.files.append(file)
                case .audit?: if !file.isList { plan.files.append(file) } else { plan.kept[file.censusDate] = .audit }
                case let fate?: plan.kept[file.censusDate] = plan.kept[file.censusDate] ?? fate
                case nil: break
                }
            }
        }
        return plan
    }

    /// Removes what `plan()` lists, each file through its folder opened without following a
    /// link (`unlinkat`), so a folder swapped for a link meanwhile is not followed.
    /// - Returns: the plan carried out, and the files that could not be removed (the rest are).
    public func run() throws(StoreError) -> (plan: Plan, failures: [String]) {
        let plan = try plan()
        var failures: [String] = []
        for (folder, files) in Dictionary(grouping: plan.files, by: \.folder).sorted(by: { $0.key < $1.key }) {
            let follow = folder == boardDirectory || folder == privateDirectory
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW))
            guard descriptor >= 0 else {
                failures.append("\(folder): \(String(cString: strerror(errno)))")
                continue
            }
            defer { close(descriptor) }
            for file in files {
                var status = stat()
                guard fstatat(descriptor, file.name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG else {
                    continue
                }
                if unlinkat(descriptor, file.name, 0) != 0 && errno != ENOENT {
                    failures.append("\(file.path): \(String(cString: strerror(errno)))")
                }
            }
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
