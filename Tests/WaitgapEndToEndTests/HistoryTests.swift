import Foundation
import Testing
import WaitgapTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The run history through the binary: backfill, month on month with SPC, and safety under kill -9.
@Suite(.serialized) struct HistoryTests {
    func row(_ pack: String, startingWith prefix: String) -> String? {
        pack.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    /// 18 generated months (seeded, so the result is fixed), backfilled, then the last analysed.
    func deprivationRow(gapShrinksFrom: Int) throws -> String {
        let directory = scratchDirectory("history\(gapShrinksFrom)")
        let sample = try runWaitgap([
            "sample", "--months", "18", "--rows", "10000", "--census-date", "2026-10-31", "--out", directory + "/months", "--deciles",
            "--gap-shrinks-from", String(gapShrinksFrom),
        ])
        #expect(sample.exitCode == 0, "\(sample.standardError)")
        let history = directory + "/waitgap.sqlite"
        let backfill = try runWaitgap(["history", "import", directory + "/months", "--history", history, "--private-dir", directory + "/q"])
        #expect(backfill.exitCode == 0, "\(backfill.standardError)")
        #expect(backfill.standardOutput.split(separator: "\n").count == 18)
        let run = try runWaitgap([
            "analyse", directory + "/months/extract-2026-10-31.csv", "--out", directory + "/Reports", "--history", history,
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("This run replaced an earlier run of the same census date."))
        let section = try #require(pack.components(separatedBy: "## Month on month").last)
        return try #require(row(section, startingWith: "| Deprivation: IMD quintile 1 (most deprived) vs 5 (least deprived) (weeks) |"))
    }

    @Test func aGapThatShrinksFromMonthTenIsSpecialCauseImprovement() throws {
        let deprivation = try deprivationRow(gapShrinksFrom: 10)
        #expect(deprivation.contains("| 18 |"))
        #expect(deprivation.contains("Special cause: improving"), "\(deprivation)")
    }

    @Test func aFlatGapIsCommonCause() throws {
        let deprivation = try deprivationRow(gapShrinksFrom: 0)
        #expect(deprivation.contains("Common cause: no significant change"), "\(deprivation)")
    }

    @Test func historyListShowAndRemoveWork() throws {
        let directory = scratchDirectory()
        let history = directory + "/h.sqlite"
        _ = try runWaitgap(["sample", "--rows", "200", "--out", directory + "/a.csv", "--deciles"])
        _ = try runWaitgap(["analyse", directory + "/a.csv", "--out", directory + "/R", "--history", history])
        let list = try runWaitgap(["history", "list", "--history", history])
        #expect(list.exitCode == 0 && list.standardOutput.contains("2026-10-31"))
        let show = try runWaitgap(["history", "show", "2026-10-31", "--history", history])
        #expect(show.exitCode == 0 && show.standardOutput.contains("\"rowsIn\" : 200"))
        #expect(try runWaitgap(["history", "remove", "2026-10-31", "--history", history]).exitCode == 0)
        let again = try runWaitgap(["history", "remove", "2026-10-31", "--history", history])
        #expect(again.exitCode == 65 && again.standardError.contains("no run for census 2026-10-31"))
    }

    @Test func aRunKilledMidwayLeavesTheHistoryAsItWas() throws {
        let directory = scratchDirectory()
        let history = directory + "/h.sqlite"
        _ = try runWaitgap(["sample", "--rows", "100", "--census-date", "2026-09-30", "--out", directory + "/small.csv", "--deciles"])
        #expect(try runWaitgap(["analyse", directory + "/small.csv", "--out", directory + "/R", "--history", history]).exitCode == 0)
        _ = try runWaitgap(["sample", "--rows", "400000", "--out", directory + "/big.csv", "--deciles"])
        let process = try startWaitgap(["analyse", directory + "/big.csv", "--out", directory + "/R", "--history", history])
        usleep(400_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let list = try runWaitgap(["history", "list", "--history", history])
        #expect(list.exitCode == 0)
        #expect(list.standardOutput.contains("2026-09-30"))
        #expect(!list.standardOutput.contains("2026-10-31"))
    }
}

@Suite struct ConcurrentHistoryTests {
    @Test func twoRunsAtOnceBothLandInTheHistory() throws {
        let directory = scratchDirectory()
        let history = directory + "/h.sqlite"
        for month in ["2026-08-31", "2026-09-30"] {
            _ = try runWaitgap(["sample", "--rows", "20000", "--census-date", month, "--out", "\(directory)/\(month).csv", "--deciles"])
        }
        let processes = try ["2026-08-31", "2026-09-30"].map { month in
            try startWaitgap(["analyse", "\(directory)/\(month).csv", "--out", "\(directory)/R-\(month)", "--history", history])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let list = try runWaitgap(["history", "list", "--history", history]).standardOutput
        #expect(list.contains("2026-08-31") && list.contains("2026-09-30"))
    }
}
