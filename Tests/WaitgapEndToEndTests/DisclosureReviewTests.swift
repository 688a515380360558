import Foundation
import Testing
import WaitgapTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The second information-governance review's attacks, each as a test.
@Suite(.serialized) struct DisclosureReviewTests {
    func write(_ text: String, _ name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// IMD quintile 1 of 40 patients, 3 of them over 52 weeks; 200 in each other decile.
    func extract(in directory: String) throws -> String {
        var text = "pathway_id,rtt_period_start_date,census_date,imd_decile\n"
        for index in 0..<37 { text += "A\(index),2026-0\(1 + index % 9)-10,2026-10-31,1\n" }
        for index in 0..<3 { text += "B\(index),2025-0\(3 + index)-01,2026-10-31,2\n" }
        for decile in 3...10 {
            for index in 0..<200 { text += "D\(decile)-\(index),2026-0\(1 + index % 9)-1\(index % 10),2026-10-31,\(decile)\n" }
        }
        return try write(text, "bands.csv", in: directory)
    }

    @Test func chartsAreDrawnFromPublishedCountsOnly() throws {
        let directory = scratchDirectory()
        let run = try runWaitgap(["analyse", try extract(in: directory), "--out", directory + "/R", "--no-history"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/R/board-pack-2026-10-31.md", encoding: .utf8)
        let bands = try String(contentsOfFile: directory + "/R/charts/wait-bands-by-deprivation-2026-10-31.svg", encoding: .utf8)
        // 3 of 40 over 52 weeks is 7.5%: suppressed in the table, and so in the chart's bars and text.
        #expect(!bands.contains("7.5% over 52") && !pack.contains("7.5% over 52"))
        #expect(pack.contains("1 (most deprived): * up to 18 weeks, * over 52"))
    }

    @Test func theMonthOnMonthShareOfLongWaitsIsSuppressedLikeTheTables() throws {
        let directory = scratchDirectory()
        for (census, over) in [("2026-09-30", 5), ("2026-10-31", 4)] {
            var text = "pathway_id,rtt_period_start_date,census_date\n"
            for index in 0..<300 { text += "P\(index),\(index < over ? "2025-06-01" : "2026-08-01"),\(census)\n" }
            let run = try runWaitgap([
                "analyse", try write(text, "\(census).csv", in: directory), "--out", directory + "/R", "--history", directory + "/h.sqlite",
            ])
            #expect(run.exitCode == 0, "\(run.standardError)")
        }
        let pack = try String(contentsOfFile: directory + "/R/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(!pack.contains("1.3") && !pack.contains("1.7"))
    }

    @Test func dateOfBirthPostcodeAndNumberShapedValuesAreNeverShownHoweverCommon() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,age_years,lsoa_code,priority\n"
        for index in 0..<300 {
            let (age, lsoa, priority) =
                index < 12
                ? ("03/02/80", "LS1 4AP", "943 476 5919") : index < 24 ? ("3 Feb 80", "E01011229", "P2") : ("40", "E01011229", "P2")
            text += "P\(index),2026-05-01,2026-10-31,\(age),\(lsoa),\(priority)\n"
        }
        let extract = try write(text, "dob.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let check = try runWaitgap(["check", extract])
        let pack = try String(contentsOfFile: directory + "/R/board-pack-2026-10-31.md", encoding: .utf8)
        for secret in ["03/02/80", "3 Feb 80", "LS1 4AP", "943 476"] {
            #expect(!pack.contains(secret) && !check.standardOutput.contains(secret) && !run.standardError.contains(secret), "\(secret)")
        }
        #expect(pack.contains("date-like"))
    }

    @Test func terminalEscapesInValuesAreNotPrinted() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,sex\n"
        for index in 0..<100 { text += "P\(index),2026-05-01,2026-10-31,\(index < 60 ? "\u{1B}]0;pwned\u{07}" : "1")\n" }
        let check = try runWaitgap(["check", try write(text, "esc.csv", in: directory)])
        #expect(!check.standardOutput.contains("\u{1B}") && !check.standardError.contains("\u{1B}"))
    }

    @Test func aLinkAtChartsAndForeignOrExposedHistoryFilesAreRefused() throws {
        let directory = scratchDirectory()
        let extract = try extract(in: directory)
        try FileManager.default.createDirectory(atPath: directory + "/R", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/elsewhere", withIntermediateDirectories: true)
        #expect(symlink(directory + "/elsewhere", directory + "/R/charts") == 0)
        let linked = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history"])
        #expect(linked.exitCode == 74)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/elsewhere").isEmpty)

        try FileManager.default.createDirectory(atPath: directory + "/open", withIntermediateDirectories: true)
        #expect(chmod(directory + "/open", 0o777) == 0)
        let exposed = try runWaitgap(["analyse", extract, "--out", directory + "/R2", "--history", directory + "/open/h.sqlite"])
        #expect(exposed.exitCode == 74)
        #expect(exposed.standardError.contains("can be written by others"))

        if geteuid() == 0 {
            try FileManager.default.createDirectory(atPath: directory + "/hist", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: directory + "/hist/h.sqlite-journal", contents: Data("x".utf8)))
            #expect(chown(directory + "/hist/h.sqlite-journal", 4242, 4242) == 0)
            let foreign = try runWaitgap(["analyse", extract, "--out", directory + "/R3", "--history", directory + "/hist/h.sqlite"])
            #expect(foreign.exitCode == 74)
            #expect(foreign.standardError.contains("belongs to another user"))
        }
    }

    @Test func theScoreSummaryHoldsWeightsTextOnlyAsText() throws {
        let directory = scratchDirectory()
        let extract = directory + "/x.csv"
        #expect(try runWaitgap(["sample", "--rows", "500", "--seed", "2", "--out", extract]).exitCode == 0)
        let dump = try runWaitgap(["score", "--dump-weights"]).standardOutput
        var weights = try JSONSerialization.jsonObject(with: Data(dump.utf8)) as! [String: Any]
        weights["columns"] = [
            [
                "column": "procedure", "comment": "x\n\n# Injected <img src=x onerror=alert(2)>", "codePoints": ["1|<b>x</b>": 1.0],
                "unknownPoints": 0.0,
            ]
        ]
        let path = directory + "/w [a](e)|<i>.json"
        try JSONSerialization.data(withJSONObject: weights).write(to: URL(fileURLWithPath: path))
        let run = try runWaitgap(["score", extract, "--out", directory + "/S", "--no-history", "--weights", path])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary = try String(contentsOfFile: directory + "/S/score-summary-2026-10-31.md", encoding: .utf8)
        let pandoc = Process()
        pandoc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pandoc.arguments = ["pandoc", "--from", "markdown", "--to", "html"]
        let input = Pipe()
        let output = Pipe()
        pandoc.standardInput = input
        pandoc.standardOutput = output
        try pandoc.run()
        input.fileHandleForWriting.write(Data(summary.utf8))
        try input.fileHandleForWriting.close()
        let html = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).lowercased()
        pandoc.waitUntilExit()
        for pattern in ["<img src=x", "<b>x</b>", "<i>", "href=\"e\"", "id=\"injected"] { #expect(!html.contains(pattern), "\(pattern)") }
    }

    @Test func theScorersSummaryTakesSuppressBelowAsThePackDoes() throws {
        let directory = scratchDirectory()
        let extract = directory + "/x.csv"
        #expect(try runWaitgap(["sample", "--rows", "2000", "--seed", "1", "--out", extract]).exitCode == 0)
        let strict = try runWaitgap(["score", extract, "--out", directory + "/S", "--no-history", "--suppress-below", "30"])
        #expect(strict.exitCode == 0, "\(strict.standardError)")
        let summary = try String(contentsOfFile: directory + "/S/score-summary-2026-10-31.md", encoding: .utf8)
        // P5 holds 18 pathways: shown under the default rule, hidden under 30.
        #expect(summary.contains("| P5 | * | * | * | * |"))
        let usual = try runWaitgap(["score", extract, "--out", directory + "/U", "--no-history"])
        #expect(usual.exitCode == 0)
        #expect(try String(contentsOfFile: directory + "/U/score-summary-2026-10-31.md", encoding: .utf8).contains("| P5 | 20 |"))
    }
}
