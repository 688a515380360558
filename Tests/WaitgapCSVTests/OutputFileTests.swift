import Foundation
import Testing
import WaitgapTestSupport

@testable import WaitgapCSV

/// OutputFile in a folder other users can write to: unpredictable temporaries created exclusively,
/// exact modes from the first byte, nothing written through a link, leftovers of killed runs removed.
@Suite struct OutputFileTests {
    /// What is at `path`, without following a link: its type bits and permission bits.
    func status(_ path: String) -> (type: mode_t, mode: mode_t)? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return (status.st_mode & S_IFMT, status.st_mode & 0o7777)
    }

    func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Sets a file's modification time `seconds` into the past.
    func age(_ path: String, by seconds: Int) {
        let past = timeval(tv_sec: time(nil) - seconds, tv_usec: 0)
        let times = [past, past]
        #expect(utimes(path, times) == 0)
    }

    func isTemporaryName(_ name: String) -> Bool {
        name.count == 29 && name.hasPrefix(".waitgap-") && name.hasSuffix(".tmp")
            && name.dropFirst(9).prefix(16).allSatisfy { "0123456789abcdef".contains($0) }
    }

    @Test func twoFilesForTheSameTargetGetDifferentUnpredictableTemporaryNamesBesideIt() throws {
        let directory = scratchDirectory()
        let target = directory + "/quarantine-2026-03-31.csv"
        let first = try OutputFile(path: target, mode: 0o600)
        let second = try OutputFile(path: target, mode: 0o600)
        #expect(first.temporaryPath != second.temporaryPath)
        for file in [first, second] {
            #expect(file.temporaryPath.hasPrefix(directory + "/"))
            let name = String(file.temporaryPath.dropFirst(directory.count + 1))
            #expect(isTemporaryName(name), "\(name)")
            // Neither the target's name nor the process id is in it.
            #expect(!name.contains("quarantine") && !name.contains(String(getpid())))
        }
        // A thousand names, no repeats.
        #expect(Set((0..<1000).map { _ in OutputFile.temporaryName() }).count == 1000)
    }

    @Test func theTemporaryIsOwnerOnlyFromTheFirstByteAndTheCommittedFileKeepsTheMode() throws {
        let directory = scratchDirectory()
        let target = directory + "/quarantine.csv"
        let file = try OutputFile(path: target, mode: 0o600)
        // Before any byte is written, and before commit: a regular file, exactly 0600.
        #expect(status(file.temporaryPath)?.type == S_IFREG)
        #expect(status(file.temporaryPath)?.mode == 0o600)
        try file.write("nhs_number\n9434765919\n")
        #expect(status(file.temporaryPath)?.mode == 0o600)
        #expect(status(target) == nil)
        let temporary = file.temporaryPath
        try file.commit()
        #expect(status(target)?.mode == 0o600)
        #expect(status(temporary) == nil)
        #expect(text(target) == "nhs_number\n9434765919\n")
        #expect(entries(directory) == ["quarantine.csv"])

        // A wider mode is exact too (the umask cannot narrow it), and a public file is 0644.
        try OutputFile.write("pack\n", to: directory + "/pack.md")
        #expect(status(directory + "/pack.md")?.mode == 0o644)
    }

    @Test func anExistingTemporaryNameIsNeverOpened() throws {
        let directory = scratchDirectory()
        let target = directory + "/out.csv"
        // A regular file planted at the name: refused (O_EXCL), left as it was.
        let planted = ".waitgap-00000000000000aa.tmp"
        try "planted\n".write(toFile: directory + "/" + planted, atomically: false, encoding: .utf8)
        #expect(throws: OutputError.self) { try OutputFile(path: target, mode: 0o600, temporaryName: planted) }
        #expect(text(directory + "/" + planted) == "planted\n")

        // A link planted at the name, to a file elsewhere: refused, nothing written through it,
        // nothing created at the link's target.
        let elsewhere = scratchDirectory()
        let victim = elsewhere + "/victim.txt"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let linked = ".waitgap-00000000000000bb.tmp"
        #expect(symlink(victim, directory + "/" + linked) == 0)
        let dangling = ".waitgap-00000000000000cc.tmp"
        #expect(symlink(elsewhere + "/new.txt", directory + "/" + dangling) == 0)
        for name in [linked, dangling] {
            let error = #expect(throws: OutputError.self) { try OutputFile(path: target, mode: 0o600, temporaryName: name) }
            #expect(error?.path == target)
        }
        #expect(text(victim) == "victim\n")
        #expect(status(victim)?.mode == 0o644)
        #expect(status(elsewhere + "/new.txt") == nil)
        #expect(status(target) == nil)
    }

    @Test func aTargetThatIsNotARegularFileIsRefusedBeforeAnythingIsCreated() throws {
        let directory = scratchDirectory()
        let victim = scratchDirectory() + "/victim.txt"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        #expect(symlink(victim, directory + "/link.csv") == 0)
        #expect(symlink(directory + "/nowhere", directory + "/dangling.csv") == 0)
        #expect(mkdir(directory + "/folder.csv", 0o755) == 0)
        #expect(mkfifo(directory + "/fifo.csv", 0o600) == 0)
        for (name, kind) in [
            ("link.csv", "a symbolic link"), ("dangling.csv", "a symbolic link"), ("folder.csv", "a folder"), ("fifo.csv", "a FIFO"),
        ] {
            let path = directory + "/" + name
            let error = #expect(throws: OutputError.self) { try OutputFile.write("rows\n", to: path, mode: 0o600) }
            #expect(error?.path == path)
            #expect(
                error?.description.hasPrefix("\(path): cannot write: not a regular file (it is \(kind))") == true,
                "\(error?.description ?? "")")
        }
        let device = #expect(throws: OutputError.self) { try OutputFile(path: "/dev/null", mode: 0o600) }
        #expect(device?.description.contains("not a regular file (it is a device)") == true)
        #expect(status("/dev/null")?.type == S_IFCHR)
        #expect(text(victim) == "victim\n")
        #expect(status(directory + "/nowhere") == nil)
        // No temporary was left.
        #expect(entries(directory) == ["dangling.csv", "fifo.csv", "folder.csv", "link.csv"])
    }

    @Test func aLinkPlantedAtTheTargetWhileTheFileIsWrittenIsRefusedAtCommit() throws {
        let directory = scratchDirectory()
        let target = directory + "/quarantine.csv"
        let victim = scratchDirectory() + "/victim.txt"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let file = try OutputFile(path: target, mode: 0o600)
        try file.write("9434765919\n")
        #expect(symlink(victim, target) == 0)
        let error = #expect(throws: OutputError.self) { try file.commit() }
        #expect(error?.description.contains("not a regular file (it is a symbolic link)") == true)
        #expect(text(victim) == "victim\n")
        #expect(status(target)?.type == S_IFLNK)
        // The temporary went with the refusal.
        #expect(entries(directory) == ["quarantine.csv"])
    }

    @Test func commitReplacesARegularFileWithoutWritingIntoIt() throws {
        let directory = scratchDirectory()
        let target = directory + "/pack.md"
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        // Another name for the old file: replacing the target must not change it.
        #expect(link(target, directory + "/other-name") == 0)
        try OutputFile.write("new\n", to: target, mode: 0o600)
        #expect(text(target) == "new\n")
        #expect(text(directory + "/other-name") == "old\n")
        #expect(status(target)?.mode == 0o600)
    }

    @Test func aFileDroppedWithoutCommitLeavesNothing() throws {
        let directory = scratchDirectory()
        do {
            let file = try OutputFile(path: directory + "/out.csv", mode: 0o600)
            try file.write("rows\n")
        }
        #expect(entries(directory) == [])
        // A folder that does not exist: the error names the target.
        let error = #expect(throws: OutputError.self) { try OutputFile(path: directory + "/missing/out.csv") }
        #expect(error?.path == directory + "/missing/out.csv")
    }

    @Test func leftoversOfKilledRunsAreRemovedButFreshLockedAndOtherFilesAreKept() throws {
        let directory = scratchDirectory()
        func plant(_ name: String, agedBy seconds: Int) throws {
            try "9434765919\n".write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
            if seconds > 0 { age(directory + "/" + name, by: seconds) }
        }
        let killed = [
            ".waitgap-0123456789abcdef.tmp",  // this version's
            ".quarantine-part-1-4242.csv",  // earlier versions' parts
            ".quarantine-2026-03-31.csv.4242.tmp", ".quarantine-unknown-census.csv.77.tmp", "..quarantine-part-2-77.csv.77.tmp",
            ".reordered-2026-03-31.csv.4242.tmp", ".board-pack-2026-03-31.md.4242.tmp", ".score-summary-2026-03-31.md.9.tmp",
        ]
        for name in killed { try plant(name, agedBy: 3600) }
        let kept = [
            ".waitgap-fedcba9876543210.tmp"  // fresh: perhaps another run's
        ]
        try plant(kept[0], agedBy: 0)
        let notOurs = [
            ".waitgap-notes.tmp", ".waitgap-0123456789ABCDEF.tmp", ".waitgap-0123456789abcdef.tmp.bak", ".other.4242.tmp",
            "quarantine-2026-03-31.csv", ".quarantine-part-1.csv", ".board-pack-2026-03-31.md.tmp", "notes.txt",
        ]
        for name in notOurs { try plant(name, agedBy: 3600) }
        // A link under a leftover's name, to a file elsewhere: neither it nor its target is touched.
        let victim = scratchDirectory() + "/victim.txt"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        age(victim, by: 3600)
        #expect(symlink(victim, directory + "/.waitgap-00000000000000ff.tmp") == 0)
        #expect(mkdir(directory + "/.waitgap-00000000000000ee.tmp", 0o700) == 0)

        // A live writer's temporary, last written an hour ago: locked, so kept.
        let live = try OutputFile(path: directory + "/live.csv", mode: 0o600)
        try live.write("9434765919\n")
        age(live.temporaryPath, by: 3600)

        let removed = OutputFile.removeLeftovers(in: directory)
        #expect(Set(removed) == Set(killed.map { directory + "/" + $0 }))
        let remaining = Set(entries(directory))
        for name in killed { #expect(!remaining.contains(name), "\(name)") }
        for name in kept + notOurs { #expect(remaining.contains(name), "\(name)") }
        #expect(remaining.contains(".waitgap-00000000000000ff.tmp") && remaining.contains(".waitgap-00000000000000ee.tmp"))
        #expect(text(victim) == "victim\n")
        #expect(status(live.temporaryPath)?.type == S_IFREG)
        try live.commit()
        #expect(text(directory + "/live.csv") == "9434765919\n")

        // The age is the caller's to choose: with 0, the fresh one goes too.
        #expect(OutputFile.removeLeftovers(in: directory, olderThan: 0) == [directory + "/" + kept[0]])
        // A folder that cannot be read: nothing, no error.
        #expect(OutputFile.removeLeftovers(in: directory + "/missing") == [])
    }

    @Test func makingAnOutputFolderRemovesItsLeftovers() throws {
        let directory = scratchDirectory() + "/Reports"
        try OutputFile.makeDirectory(directory + "/charts")
        let old = directory + "/.waitgap-0123456789abcdef.tmp"
        let fresh = directory + "/.waitgap-fedcba9876543210.tmp"
        try "old\n".write(toFile: old, atomically: false, encoding: .utf8)
        try "fresh\n".write(toFile: fresh, atomically: false, encoding: .utf8)
        age(old, by: 120)
        try OutputFile.makeDirectory(directory)
        #expect(status(old) == nil)
        #expect(status(fresh)?.type == S_IFREG)
    }

    @Test func leftoverNamesAreRecognisedExactly() {
        #expect(OutputFile.isLeftoverName(OutputFile.temporaryName()))
        #expect(OutputFile.isLeftoverName(".quarantine-part-12-345.csv"))
        #expect(!OutputFile.isLeftoverName(".quarantine-part-1-.csv"))
        #expect(!OutputFile.isLeftoverName(".quarantine-part--1.csv"))
        #expect(!OutputFile.isLeftoverName(".quarantine-part-a-1.csv"))
        #expect(!OutputFile.isLeftoverName(".quarantine-2026-03-31.csv..tmp"))
        #expect(!OutputFile.isLeftoverName(".waitgap-.tmp"))
        #expect(!OutputFile.isLeftoverName(""))
    }
}
