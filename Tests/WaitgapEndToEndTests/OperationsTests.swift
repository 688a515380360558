import Foundation
import Testing
import WaitgapTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Nightly operation: one history rule for every command, dates read one way, a log with
/// timestamps, merge taking only its own options, and retention.
@Suite struct OperationsTests {
    func sample(_ directory: String, census: String = "2026-10-31", rows: Int = 80) throws -> String {
        let path = "\(directory)/extract-\(census).csv"
        let run = try runWaitgap(["sample", "--rows", "\(rows)", "--census-date", census, "--deciles", "--out", path])
        #expect(run.exitCode == 0, "\(run.standardError)")
        return path
    }

    @Test func everyCommandFindsTheHistoryByTheSameRule() throws {
        let directory = scratchDirectory()
        let here = directory + "/here"
        let elsewhere = directory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: here, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let extract = try sample(directory)
        let unset = ["WAITGAP_HISTORY": ""]
        // analyse --out somewhere else still keeps the history in the current folder...
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/board/Reports"], in: here, environment: unset)
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: here + "/waitgap.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/board/waitgap.sqlite"))
        // ...where history list finds it.
        let listed = try runWaitgap(["history", "list"], in: here, environment: unset)
        #expect(listed.exitCode == 0 && listed.standardOutput.contains("2026-10-31"), "\(listed.standardError)")
        // In a folder with no history, reading commands say so and create nothing.
        for command in [
            ["history", "list"], ["history", "show", "2026-10-31"], ["history", "remove", "2026-10-31"], ["audit"],
            ["weights", "approvals"],
        ] {
            let missing = try runWaitgap(command, in: elsewhere, environment: unset)
            #expect(missing.exitCode == 74, "\(command)")
            #expect(missing.messages.split(separator: "\n").count == 1)
            #expect(
                missing.standardError.contains("waitgap.sqlite: no run history there") && missing.standardError.contains("WAITGAP_HISTORY"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        // WAITGAP_HISTORY names it for every command, wherever they run.
        let named = try runWaitgap(["history", "list"], in: elsewhere, environment: ["WAITGAP_HISTORY": here + "/waitgap.sqlite"])
        #expect(named.exitCode == 0 && named.standardOutput.contains("2026-10-31"))
        // Every command that takes --history says the rule in its help.
        for command in [
            ["analyse"], ["history", "list"], ["history", "import"], ["prune"], ["score"], ["override", "pin"], ["signoff"], ["audit"],
            ["weights", "approve"], ["weights", "approvals"], ["worklist"],
        ] {
            let help = try runWaitgap(command + ["--help"]).standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("Default: $WAITGAP_HISTORY, else waitgap.sqlite in the current folder."), "\(command)")
        }
    }

    @Test func datesAreReadOneWayAndABadOneIsOneLineNamingItsOption() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory)
        let cases: [[String]] = [
            ["analyse", extract, "--out", directory + "/R", "--census-date", "2026-02-30"],
            ["analyse", extract, "--out", directory + "/R", "--baseline", "2026-1"],
            ["analyse", extract, "--out", directory + "/R", "--spc-rebase", "31/10/2026"],
            ["sample", "--census-date", "2026-13-01", "--rows", "1"],
            ["history", "show", "2026-10-32", "--history", directory + "/h.sqlite"],
        ]
        for arguments in cases {
            let run = try runWaitgap(arguments)
            #expect(run.exitCode == 64, "\(arguments)")
            #expect(run.standardError.split(separator: "\n").count == 1, "\(arguments): \(run.standardError)")
        }
        #expect(try runWaitgap(cases[0]).standardError.contains("--census-date"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/h.sqlite"))
    }

    @Test func mergeRefusesTheOptionsItNeverReads() throws {
        let directory = scratchDirectory()
        for option in [["--history", directory + "/h.sqlite"], ["--no-history"], ["--max-quarantine", "5%"], ["--baseline", "2026-01"]] {
            let run = try runWaitgap(["merge", directory + "/a.json"] + option)
            #expect(run.exitCode == 64, "\(option)")
            #expect(run.standardError.contains("Unknown option"), "\(option): \(run.standardError)")
        }
    }

    @Test func theLogFileHasATimestampedLineForEachStartEndAndFailure() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory)
        let log = directory + "/logs/waitgap.log"
        try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history", "--log", log])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.logLines.isEmpty)
        var status = stat()
        #expect(stat(log, &status) == 0 && status.st_mode & 0o777 == 0o600)
        // A failing night: no analysable row.
        let empty = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n").first! + "\n"
        try empty.write(toFile: directory + "/empty.csv", atomically: true, encoding: .utf8)
        let failed = try runWaitgap(["analyse", directory + "/empty.csv", "--out", directory + "/R", "--no-history", "--log", log])
        #expect(failed.exitCode == 65)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4, "\(lines)")
        let timestamp = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z /#
        #expect(lines.allSatisfy { $0.prefixMatch(of: timestamp) != nil })
        #expect(lines[0].contains(" info waitgap analyse: started ") && lines[0].contains("extracts=\(extract)"))
        #expect(lines[1].contains(" info waitgap analyse: board pack written ") && lines[1].contains("rowsIn=80 "))
        #expect(lines[1].contains("exit=0") && lines[1].contains("census=2026-10-31"))
        #expect(lines[3].contains(" error waitgap analyse: ") && lines[3].contains("exit=65"))
    }

    @Test func pruneKeepsTheNightlyWindowAndMonthEndsAndNothingElse() throws {
        let directory = scratchDirectory()
        let history = directory + "/waitgap.sqlite"
        let reports = directory + "/Reports"
        let censuses = ["2023-06-30", "2026-08-28", "2026-09-15", "2026-09-30", "2025-01-31", "2026-10-10", "2026-10-25", "2026-10-31"]
        for census in censuses {
            let extract = try sample(directory, census: census, rows: 40)
            let run = try runWaitgap(["analyse", extract, "--out", reports, "--history", history, "--max-quarantine", "100%"])
            #expect(run.exitCode == 0, "\(census): \(run.standardError)")
            try "x".write(toFile: "\(directory)/private/reordered-\(census).csv", atomically: true, encoding: .utf8)
        }
        try "keep me".write(toFile: reports + "/notes-2023-06-30.txt", atomically: true, encoding: .utf8)
        // A score summary later in August than August's last stored run: each kind keeps its own
        // month-end, so the run of 2026-08-28 (and its pack) stays, and so does the summary.
        try "summary".write(toFile: reports + "/score-summary-2026-08-31.md", atomically: true, encoding: .utf8)
        let kept = ["2025-01-31", "2026-08-28", "2026-09-30", "2026-10-25", "2026-10-31"]
        let gone = ["2023-06-30", "2026-09-15", "2026-10-10"]

        let dryRun = try runWaitgap(["prune", "--out", reports, "--history", history, "--dry-run"])
        #expect(dryRun.exitCode == 0, "\(dryRun.standardError)")
        for census in gone { #expect(dryRun.standardOutput.contains("would remove \(reports)/board-pack-\(census).md")) }
        #expect(FileManager.default.fileExists(atPath: "\(reports)/board-pack-2023-06-30.md"))

        let pruned = try runWaitgap(["prune", "--out", reports, "--history", history])
        #expect(pruned.exitCode == 0, "\(pruned.standardError)")
        let packs = try FileManager.default.contentsOfDirectory(atPath: reports).filter { $0.hasPrefix("board-pack-") }.sorted()
        #expect(packs == kept.map { "board-pack-\($0).md" })
        #expect(FileManager.default.fileExists(atPath: reports + "/score-summary-2026-08-31.md"))
        // Charts of the census dates kept stay; the MDC icons, which have no date, are not waitgap's to date.
        let charts = try FileManager.default.contentsOfDirectory(atPath: reports + "/charts").filter { $0.contains("-20") }
        #expect(!charts.isEmpty && charts.allSatisfy { name in kept.contains { name.contains($0) } }, "\(charts)")
        let lists = try FileManager.default.contentsOfDirectory(atPath: directory + "/private").filter { $0.hasPrefix("reordered-") }
        #expect(Set(lists) == Set(kept.map { "reordered-\($0).csv" }))
        #expect(FileManager.default.fileExists(atPath: reports + "/notes-2023-06-30.txt"))
        // Run locks go with their census.
        #expect(!FileManager.default.fileExists(atPath: reports + "/.waitgap-2023-06-30.lock"))
        #expect(FileManager.default.fileExists(atPath: reports + "/.waitgap-2026-10-31.lock"))
        let runs = try runWaitgap(["history", "list", "--history", history]).standardOutput
        for census in kept { #expect(runs.contains("\n\(census) ")) }
        for census in gone { #expect(!runs.contains("\n\(census) ")) }

        // The same rule as options of analyse, after its pack is written.
        let extract = try sample(directory, census: "2026-11-30", rows: 40)
        let nightly = try runWaitgap([
            "analyse", extract, "--out", reports, "--history", history, "--max-quarantine", "100%", "--keep-nights", "14",
        ])
        #expect(nightly.exitCode == 0, "\(nightly.standardError)")
        #expect(nightly.standardOutput.contains("prune: removed"))
        let after = try FileManager.default.contentsOfDirectory(atPath: reports).filter { $0.hasPrefix("board-pack-") }.sorted()
        #expect(after == ["2025-01-31", "2026-08-28", "2026-09-30", "2026-10-31", "2026-11-30"].map { "board-pack-\($0).md" })

        // A back-dated re-run prunes everything but what it has just written.
        let backDated = try sample(directory, census: "2026-09-15", rows: 40)
        let rerun = try runWaitgap([
            "analyse", backDated, "--out", reports, "--history", history, "--max-quarantine", "100%", "--keep-nights", "14",
        ])
        #expect(rerun.exitCode == 0, "\(rerun.standardError)")
        #expect(FileManager.default.fileExists(atPath: reports + "/board-pack-2026-09-15.md"))
        #expect(try runWaitgap(["history", "list", "--history", history]).standardOutput.contains("\n2026-09-15 "))

        // A census dated in the future by mistake never makes the real ones look old: the windows
        // count back from today at the latest.
        let future = try sample(directory, census: "2062-05-29", rows: 40)
        let mistaken = try runWaitgap([
            "analyse", future, "--out", reports, "--history", history, "--max-quarantine", "100%", "--keep-nights", "14",
        ])
        #expect(mistaken.exitCode == 0, "\(mistaken.standardError)")
        let stored = try runWaitgap(["history", "list", "--history", history]).standardOutput
        for census in ["2026-10-31", "2026-11-30", "2062-05-29"] { #expect(stored.contains("\n\(census) "), "\(census)") }
        #expect(FileManager.default.fileExists(atPath: reports + "/board-pack-2026-10-31.md"))
    }

    @Test func pruneNeverFollowsALinkedChartsFolder() throws {
        let directory = scratchDirectory()
        let reports = directory + "/Reports"
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/elsewhere", withIntermediateDirectories: true)
        try "minutes".write(toFile: directory + "/elsewhere/minutes-2020-01-31.svg", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: reports + "/charts", withDestinationPath: directory + "/elsewhere")
        try "old".write(toFile: reports + "/board-pack-2020-01-31.md", atomically: true, encoding: .utf8)
        try "new".write(toFile: reports + "/board-pack-2026-10-31.md", atomically: true, encoding: .utf8)
        let pruned = try runWaitgap(["prune", "--out", reports, "--no-history", "--keep-months", "36"])
        #expect(pruned.exitCode == 0, "\(pruned.standardError)")
        #expect(!FileManager.default.fileExists(atPath: reports + "/board-pack-2020-01-31.md"))
        #expect(FileManager.default.fileExists(atPath: directory + "/elsewhere/minutes-2020-01-31.svg"))
    }

    @Test func theLogIsNeverWrittenInTheBoardsFolder() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory)
        try FileManager.default.createDirectory(atPath: directory + "/R", withIntermediateDirectories: true)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history", "--log", directory + "/R/run.log"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("--log"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/R/run.log"))
    }
}
