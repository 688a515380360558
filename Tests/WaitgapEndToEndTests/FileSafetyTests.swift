import Foundation
import Testing
import WaitgapTestSupport

/// The built binary writing into a folder another local user can write to: a link planted at any
/// file it writes is refused (exit 74) and nothing is written through it; the history is kept
/// owner-only; temporaries of killed runs are cleared by the next run.
@Suite(.serialized) struct FileSafetyTests {
    /// The sample's census date (`waitgap sample`'s default).
    static let census = "2026-10-31"

    /// A 2,000-row sample with 5% damaged rows (so some are quarantined), in `directory`.
    func extract(in directory: String) throws -> String {
        let path = directory + "/extract.csv"
        let run = try runWaitgap(["sample", "--rows", "2000", "--seed", "1", "--dirty-rate", "0.05", "--out", path])
        #expect(run.exitCode == 0, "\(run.standardError)")
        return path
    }

    /// A file elsewhere that a planted link points at, and its text.
    func victim() throws -> (path: String, text: String) {
        let path = scratchDirectory("victim") + "/someone-elses.txt"
        let text = "not waitgap's\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(chmod(path, 0o644) == 0)
        return (path, text)
    }

    /// What is at `path`, without following a link: its type bits and permission bits.
    func status(_ path: String) -> (type: mode_t, mode: mode_t)? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return (status.st_mode & S_IFMT, status.st_mode & 0o7777)
    }

    func plantLink(at path: String, to target: String) {
        #expect(symlink(target, path) == 0, "\(path)")
    }

    /// Checks a run refused to write through the link at `link`: exit 74, a one-line message
    /// naming it, the linked file as it was, the link still a link.
    func expectRefused(_ run: BinaryRun, link: String, victim: (path: String, text: String)) throws {
        #expect(run.exitCode == 74, "\(run.standardError)")
        #expect(run.standardError.hasPrefix("waitgap: \(link): "), "\(run.standardError)")
        #expect(run.standardError.contains("not a regular file"), "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(try String(contentsOfFile: victim.path, encoding: .utf8) == victim.text)
        #expect(status(victim.path)?.mode == 0o644)
        #expect(status(link)?.type == S_IFLNK)
    }

    /// The hidden files in `directory` (temporaries), which a refused run must not leave.
    /// Hidden files but the census run locks (`.waitgap-<census>.lock`, empty, kept for the next run).
    func hiddenFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasPrefix(".") && !($0.hasPrefix(".waitgap-") && $0.hasSuffix(".lock"))
        }
    }

    @Test func aLinkAtTheQuarantineFileIsRefusedAndNothingIsWrittenThroughIt() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let out = directory + "/Reports"
        let privateFolder = directory + "/private"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: privateFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let victim = try victim()
        let link = privateFolder + "/quarantine-\(Self.census).csv"
        plantLink(at: link, to: victim.path)
        let run = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%"])
        try expectRefused(run, link: link, victim: victim)
        #expect(hiddenFiles(out) == [] && hiddenFiles(privateFolder) == [])

        // A dangling link: nothing is created where it points.
        let dangling = directory + "/would-be-created.csv"
        #expect(unlink(link) == 0)
        plantLink(at: link, to: dangling)
        let again = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%"])
        #expect(again.exitCode == 74)
        #expect(status(dangling) == nil)
        #expect(hiddenFiles(out) == [] && hiddenFiles(privateFolder) == [])
    }

    @Test func aLinkAtTheBoardPackIsRefused() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let out = directory + "/Reports"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let victim = try victim()
        let link = out + "/board-pack-\(Self.census).md"
        plantLink(at: link, to: victim.path)
        let run = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%"])
        try expectRefused(run, link: link, victim: victim)
        #expect(hiddenFiles(out) == [])
    }

    @Test func aLinkAtTheSummaryJSONOrTheAggregateFileIsRefused() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        for option in ["--summary-json", "--aggregate-out"] {
            let out = directory + "/Reports" + option
            let victim = try victim()
            let link = directory + "/\(option.dropFirst(2)).json"
            plantLink(at: link, to: victim.path)
            let run = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%", option, link])
            try expectRefused(run, link: link, victim: victim)
            #expect(hiddenFiles(directory) == [])
        }
    }

    @Test func devNullAsTheSummaryJSONIsRefusedAndStaysADevice() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let run = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--no-history", "--max-quarantine", "50%", "--summary-json", "/dev/null",
        ])
        #expect(run.exitCode == 74)
        #expect(
            run.standardError.hasPrefix("waitgap: /dev/null: cannot write: not a regular file (it is a device)"), "\(run.standardError)")
        #expect(status("/dev/null")?.type == S_IFCHR)
    }

    @Test func aLinkAtTheListLockOrTheListIsRefusedByScore() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let out = directory + "/Reports"
        let privateFolder = directory + "/private"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: privateFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let list = privateFolder + "/reordered-\(Self.census).csv"

        let victim = try victim()
        plantLink(at: list + ".lock", to: victim.path)
        let run = try runWaitgap(["score", extract, "--out", out, "--no-history"])
        #expect(run.exitCode == 74, "\(run.standardError)")
        #expect(
            run.standardError
                == "waitgap: \(list).lock: cannot lock the list: not a regular file of yours (it is a symbolic link); remove it, or check who made it\n"
        )
        #expect(try String(contentsOfFile: victim.path, encoding: .utf8) == victim.text)
        #expect(status(list + ".lock")?.type == S_IFLNK)
        #expect(status(list) == nil)

        // A FIFO at the lock's name is refused too, without opening it (which could block).
        #expect(unlink(list + ".lock") == 0)
        #expect(mkfifo(list + ".lock", 0o600) == 0)
        let fifo = try runWaitgap(["score", extract, "--out", out, "--no-history"])
        #expect(fifo.exitCode == 74)
        #expect(fifo.standardError.contains("(it is a FIFO)"))
        #expect(unlink(list + ".lock") == 0)

        // As root, a lock file owned by another user is refused as well.
        if geteuid() == 0 {
            #expect(FileManager.default.createFile(atPath: list + ".lock", contents: nil))
            #expect(chown(list + ".lock", 4242, 4242) == 0)
            let foreign = try runWaitgap(["score", extract, "--out", out, "--no-history"])
            #expect(foreign.exitCode == 74)
            #expect(foreign.standardError.contains("(it is a file owned by another user)"))
            #expect(unlink(list + ".lock") == 0)
        }

        // A link at the list itself.
        let listVictim = try self.victim()
        plantLink(at: list, to: listVictim.path)
        let listRun = try runWaitgap(["score", extract, "--out", out, "--no-history"])
        try expectRefused(listRun, link: list, victim: listVictim)
        #expect(hiddenFiles(out) == [] && hiddenFiles(privateFolder) == [])

        // Once the link is gone, score writes the list and an owner-only lock.
        #expect(unlink(list) == 0)
        let clean = try runWaitgap(["score", extract, "--out", out, "--no-history"])
        #expect(clean.exitCode == 0, "\(clean.standardError)")
        #expect(status(list)?.mode == 0o600)
        #expect(status(list + ".lock").map { $0.type == S_IFREG && $0.mode == 0o600 } == true)
    }

    @Test func anExistingWorldReadableHistoryIsMadeOwnerOnly() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let history = directory + "/h.sqlite"
        let arguments = ["analyse", extract, "--out", directory + "/Reports", "--max-quarantine", "50%", "--history", history]
        // An empty 0644 file, as an earlier waitgap or a colleague's `touch` may have left.
        #expect(FileManager.default.createFile(atPath: history, contents: nil, attributes: [.posixPermissions: 0o644]))
        #expect(status(history)?.mode == 0o644)
        let first = try runWaitgap(arguments)
        #expect(first.exitCode == 0, "\(first.standardError)")
        #expect(status(history)?.mode == 0o600)

        // A history holding runs, widened afterwards, with WAL and shared-memory files beside it.
        #expect(chmod(history, 0o644) == 0)
        for suffix in ["-wal", "-shm"] where status(history + suffix) != nil { #expect(chmod(history + suffix, 0o644) == 0) }
        let second = try runWaitgap(arguments)
        #expect(second.exitCode == 0, "\(second.standardError)")
        #expect(status(history)?.mode == 0o600)
        for suffix in ["-wal", "-shm"] {
            if let mode = status(history + suffix)?.mode { #expect(mode == 0o600, "\(suffix)") }
        }
        let list = try runWaitgap(["history", "list", "--history", history])
        #expect(list.exitCode == 0)
        #expect(list.standardOutput.contains(Self.census))

        // A new history is created owner-only.
        let fresh = directory + "/new.sqlite"
        let created = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--max-quarantine", "50%", "--history", fresh])
        #expect(created.exitCode == 0, "\(created.standardError)")
        #expect(status(fresh)?.mode == 0o600)
    }

    @Test func aLinkAtTheHistoryIsRefused() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let victim = try victim()
        let history = directory + "/h.sqlite"
        plantLink(at: history, to: victim.path)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--max-quarantine", "50%", "--history", history])
        #expect(run.exitCode == 74, "\(run.standardError)")
        #expect(
            run.standardError.hasPrefix("waitgap: \(history): cannot use the run history: not a regular file (it is a symbolic link)"),
            "\(run.standardError)")
        #expect(try String(contentsOfFile: victim.path, encoding: .utf8) == victim.text)
        #expect(status(victim.path)?.mode == 0o644)
        #expect(status(history)?.type == S_IFLNK)

        // A link at its WAL file is refused the same way: SQLite would write the trail through it.
        #expect(unlink(history) == 0)
        plantLink(at: history + "-wal", to: victim.path)
        let wal = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--max-quarantine", "50%", "--history", history])
        #expect(wal.exitCode == 74)
        #expect(
            wal.standardError.hasPrefix("waitgap: \(history)-wal: cannot use the run history: not a regular file"), "\(wal.standardError)")
        #expect(try String(contentsOfFile: victim.path, encoding: .utf8) == victim.text)
    }

    @Test func aKilledRunsTemporariesAreRemovedByTheNextRunAndAFreshOneIsKept() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let out = directory + "/Reports"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let old = out + "/.waitgap-0123456789abcdef.tmp"
        let oldPart = out + "/.quarantine-part-1-4242.csv"
        let fresh = out + "/.waitgap-fedcba9876543210.tmp"
        for path in [old, oldPart, fresh] {
            #expect(
                FileManager.default.createFile(
                    atPath: path, contents: Data("RTT1,9992695145\n".utf8), attributes: [.posixPermissions: 0o600]))
        }
        let anHourAgo = Date(timeIntervalSinceNow: -3600)
        for path in [old, oldPart] { try FileManager.default.setAttributes([.modificationDate: anHourAgo], ofItemAtPath: path) }
        let run = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(status(old) == nil)
        #expect(status(oldPart) == nil)
        #expect(status(fresh)?.type == S_IFREG)
        #expect(hiddenFiles(out) == [".waitgap-fedcba9876543210.tmp"])

        // score clears its output folder too.
        #expect(unlink(fresh) == 0)
        #expect(FileManager.default.createFile(atPath: old, contents: Data("RTT1\n".utf8)))
        try FileManager.default.setAttributes([.modificationDate: anHourAgo], ofItemAtPath: old)
        let score = try runWaitgap(["score", extract, "--out", out, "--no-history"])
        #expect(score.exitCode == 0, "\(score.standardError)")
        #expect(hiddenFiles(out) == [])
    }

    @Test func theQuarantineFileIsOwnerOnlyAndNoTemporaryIsLeft() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        let out = directory + "/Reports"
        let run = try runWaitgap(["analyse", extract, "--out", out, "--no-history", "--max-quarantine", "50%"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let quarantine = directory + "/private/quarantine-\(Self.census).csv"
        #expect(status(quarantine).map { $0.type == S_IFREG && $0.mode == 0o600 } == true)
        #expect(status(directory + "/private")?.mode == 0o700)
        #expect(hiddenFiles(out) == [] && hiddenFiles(directory + "/private") == [])
    }
}

/// Runs that start together on a new history all land in it.
@Suite struct HistorySetUpRaceTests {
    @Test func eightRunsStartingTogetherOnANewHistoryAllSucceed() throws {
        let directory = scratchDirectory()
        let months = ["01", "02", "03", "04", "05", "06", "07", "08"]
        for month in months {
            _ = try runWaitgap(["sample", "--rows", "200", "--census-date", "2026-\(month)-28", "--out", "\(directory)/\(month).csv"])
        }
        for trial in 0..<4 {
            let history = "\(directory)/h\(trial).sqlite"
            let processes = try months.map { month in
                try startWaitgap(["analyse", "\(directory)/\(month).csv", "--out", "\(directory)/R\(trial)-\(month)", "--history", history])
            }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "trial \(trial)")
            let list = try runWaitgap(["history", "list", "--history", history]).standardOutput
            #expect(list.split(separator: "\n").count == months.count + 1, "trial \(trial)")
        }
    }
}

/// One run at a time finishes a census in an output folder.
@Suite struct SameCensusRunTests {
    @Test func aSecondRunOfTheSameCensusWaitsThenFailsWithTryAgain() throws {
        let directory = scratchDirectory()
        let extract = directory + "/x.csv"
        #expect(try runWaitgap(["sample", "--rows", "500", "--seed", "3", "--out", extract]).exitCode == 0)
        try FileManager.default.createDirectory(atPath: directory + "/Reports", withIntermediateDirectories: true)
        // Another run holds the census's lock.
        let lock = open(directory + "/Reports/.waitgap-2026-10-31.lock", O_CREAT | O_RDWR, 0o600)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        let blocked = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--no-history", "--wait-for-run", "1"])
        #expect(blocked.exitCode == 75)
        #expect(blocked.standardError.contains("another waitgap is still writing census 2026-10-31"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-10-31.md"))
        close(lock)
        // Two at once: the second waits for the first, and both finish.
        let processes = try (0..<2).map { _ in
            try startWaitgap(["analyse", extract, "--out", directory + "/Reports", "--history", directory + "/h.sqlite"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
    }
}

/// Identifiable files go to the analyst's private folder, never the board's.
@Suite struct PrivateFolderTests {
    @Test func theBoardsFolderHoldsNoIdentifierAfterAnalyseAndScore() throws {
        let directory = scratchDirectory()
        let extract = directory + "/x.csv"
        #expect(try runWaitgap(["sample", "--rows", "3000", "--seed", "9", "--dirty-rate", "0.02", "--out", extract]).exitCode == 0)
        let out = directory + "/Reports"
        #expect(try runWaitgap(["analyse", extract, "--out", out, "--max-quarantine", "10%"]).exitCode == 0)
        #expect(try runWaitgap(["score", extract, "--out", out]).exitCode == 0)
        let rows = try readAll(path: extract).records
        let identifiers = Set(rows.flatMap { [$0[0], $0[1]] }.filter { $0.count >= 8 })
        var files: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: out)!
        while let name = enumerator.nextObject() as? String { files.append(name) }
        #expect(!files.isEmpty)
        for name in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            for identifier in identifiers where text.contains(identifier) { Issue.record("\(name) holds \(identifier)") }
        }
        let privateFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/private").sorted()
        #expect(privateFiles.contains("quarantine-2026-10-31.csv") && privateFiles.contains("reordered-2026-10-31.csv"))
    }

    @Test func aPrivateFolderInsideTheBoardsOrWritableByOthersIsRefused() throws {
        let directory = scratchDirectory()
        let extract = directory + "/x.csv"
        #expect(try runWaitgap(["sample", "--rows", "300", "--seed", "9", "--out", extract]).exitCode == 0)
        let inside = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--private-dir", directory + "/Reports/p", "--no-history",
        ])
        #expect(inside.exitCode == 64)
        #expect(inside.standardError.contains("inside the board's folder"))
        try FileManager.default.createDirectory(atPath: directory + "/shared", withIntermediateDirectories: true)
        #expect(chmod(directory + "/shared", 0o777) == 0)
        let shared = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--private-dir", directory + "/shared", "--no-history",
        ])
        #expect(shared.exitCode == 74)
        #expect(shared.standardError.contains("can be written by others (mode 777)"))
        // The history, once it holds an audit trail naming pathways, never sits with the board's files.
        let history = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--history", directory + "/Reports/h.sqlite"])
        #expect(history.exitCode == 64)
        #expect(history.standardError.contains("the history is inside the board's folder"))
    }
}
