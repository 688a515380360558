import Foundation
import Testing
import WaitgapCore
import WaitgapTestSupport

/// The built binary, run as a scheduler would: stdout, stderr, exit codes and files.
@Suite(.serialized) struct CommandLineTests {
    func write(_ text: String, to name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "pathway_id,nhs_number,rtt_period_start_date,census_date,ethnic_category,imd_decile,learning_disability\n"

    @Test func analysingAnExtractWritesThePackAndEndsWithTheAccountingLine() throws {
        let directory = scratchDirectory()
        var text = Self.header
        for index in 0..<20 { text += "RTT\(index),9434765919,2026-01-\(10 + index % 10),2026-03-31,A,\(1 + index % 10),N\n" }
        text += "RTT-BAD,9434765919,2026-13-01,2026-03-31,A,1,N\n"
        text += "RTT-RAGGED,9434765919\n"
        let extract = try write(text, to: "extract.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--max-quarantine", "20%"])
        #expect(run.exitCode == 0)
        // The extract has no sex or age column: those dimensions are named as not analysed.
        #expect(
            run.messages
                == "waitgap: note: Not analysed: sex — no column in the extract\nwaitgap: note: Not analysed: age band — no column in the extract\n"
        )
        // Without --log, the run's closing log line goes to stderr: a timestamp and its figures.
        #expect(run.logLines.count == 1)
        #expect(run.logLines.first?.contains(" info waitgap analyse: board pack written ") == true)
        #expect(run.logLines.first?.contains("rowsIn=22 ") == true && run.logLines.first?.contains("quarantined=2 ") == true)
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.last == "rows in 22 = analysed 20 + out of scope 0 + quarantined 2")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-03-31.md", encoding: .utf8)
        #expect(pack.contains("rows in 22 = analysed 20 + out of scope 0 + quarantined 2"))
        // No identifier in the pack or any of its charts.
        let charts = try FileManager.default.contentsOfDirectory(atPath: directory + "/Reports/charts")
        #expect(!charts.isEmpty)
        for file in ["board-pack-2026-03-31.md"] + charts.map({ "charts/" + $0 }) {
            let text = try String(contentsOfFile: directory + "/Reports/" + file, encoding: .utf8)
            #expect(!text.contains("RTT-BAD") && !text.contains("9434765919") && !text.contains("RTT1"), "\(file)")
        }

        let quarantine = directory + "/private/quarantine-2026-03-31.csv"
        let mode = try FileManager.default.attributesOfItem(atPath: quarantine)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        let rows = try readAll(path: quarantine).records
        #expect(
            rows.map { [$0[1], $0[2], $0[3], $0[5]] } == [["22", "22", "3", "invalid-start-date"], ["23", "23", "3", "field-count"]])
        // No temporary files are left behind.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/Reports").sorted()
        // The board's folder holds the pack and charts; the quarantine file is in the private one.
        #expect(files == [".waitgap-2026-03-31.lock", "board-pack-2026-03-31.md", "charts"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/private") == ["quarantine-2026-03-31.csv"])
    }

    @Test func aMissingRequiredColumnExits65WithOneLineNamingFileRowAndColumn() throws {
        let directory = scratchDirectory()
        let extract = try write("pathway_id,census_date\nA,2026-03-31\n", to: "no-start.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/Reports"])
        #expect(run.exitCode == 65)
        #expect(
            run.standardError
                == "waitgap: \(extract): row 1 (header): required column 'rtt_period_start_date' is missing (rename it in the extract or map it with --columns)\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-03-31.md"))
    }

    @Test func aColumnNamedTwiceExits64() throws {
        let directory = scratchDirectory()
        let extract = try write("pathway_id,RTT Start Date,Clock Start,census_date\n", to: "twice.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory, "--no-history"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(run.standardError.contains("named twice"))
    }

    @Test func tooManyQuarantinedRowsExit65AfterWritingTheQuarantineFile() throws {
        let directory = scratchDirectory()
        let extract = try write(
            Self.header + "A,1,2026-01-01,2026-03-31,A,1,N\nB,1,bad,2026-03-31,A,1,N\n", to: "broken.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/Reports"])
        #expect(run.exitCode == 65)
        #expect(run.standardOutput == "rows in 2 = analysed 1 + out of scope 0 + quarantined 1\n")
        #expect(run.standardError.hasPrefix("waitgap: \(extract): 50.0% of rows were quarantined, more than --max-quarantine 5.0%"))
        #expect(FileManager.default.fileExists(atPath: directory + "/private/quarantine-2026-03-31.csv"))
    }

    @Test func anEmptyExtractAndAHeaderOnlyExtractExit65() throws {
        let directory = scratchDirectory()
        let empty = try write("", to: "empty.csv", in: directory)
        let headerOnly = try write(Self.header, to: "header-only.csv", in: directory)
        #expect(try runWaitgap(["analyse", empty, "--out", directory, "--no-history"]).exitCode == 65)
        let run = try runWaitgap(["analyse", headerOnly, "--out", directory, "--no-history"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("no data rows"))
    }

    @Test func anUnreadableFileExits74AndABadOptionExits64() throws {
        let directory = scratchDirectory()
        let missing = try runWaitgap(["analyse", directory + "/nope.csv", "--out", directory, "--no-history"])
        #expect(missing.exitCode == 74)
        #expect(missing.standardError.hasPrefix("waitgap: \(directory)/nope.csv: cannot read"))
        let bad = try runWaitgap(["analyse", "x.csv", "--census-date", "31/03/2026"])
        #expect(bad.exitCode == 64)
        #expect(bad.standardError.split(separator: "\n").count == 1)
    }

    @Test func aUTF16ExtractIsRefusedWith65() throws {
        let directory = scratchDirectory()
        let path = directory + "/utf16.csv"
        try Data(Self.header.data(using: .utf16)!).write(to: URL(fileURLWithPath: path))
        let run = try runWaitgap(["analyse", path, "--out", directory, "--no-history"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("UTF-16"))
    }

    @Test func theSampleGeneratorIsReproducibleAndItsDirtyOptionIsAccountedFor() throws {
        let directory = scratchDirectory()
        let first = try runWaitgap(["sample", "--rows", "300", "--seed", "7", "--dirty-rate", "0.05"])
        let second = try runWaitgap(["sample", "--rows", "300", "--seed", "7", "--dirty-rate", "0.05"])
        #expect(first.exitCode == 0 && first.standardOutput == second.standardOutput)
        let extract = try write(first.standardOutput, to: "dirty.csv", in: directory)
        let run = try runWaitgap(["analyse", extract, "--out", directory, "--no-history", "--max-quarantine", "1"])
        #expect(run.exitCode == 0)
        let last = String(run.standardOutput.split(separator: "\n").last ?? "")
        #expect(last.hasPrefix("rows in 300 = analysed "))
    }

    @Test func aRunThatFailsAfterReadingStillWritesItsSummaryAndAMissingFolderStopsFirst() throws {
        let directory = scratchDirectory()
        // Every ethnic category unreadable: the run stops with exit 65 after reading.
        var text = Self.header
        for index in 0..<20 { text += "R\(index),9434765919,2026-01-10,2026-03-31,Q,1,N\n" }
        let extract = try write(text, to: "bad.csv", in: directory)
        let summary = directory + "/summary.json"
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history", "--summary-json", summary])
        #expect(run.exitCode == 65)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(object["exitStatus"] as? Int == 65)
        #expect((object["failure"] as? String)?.contains("ethnic_category") == true)
        #expect((object["accounting"] as? [String: Any])?["rowsIn"] as? Int == 20)
        let missing = try runWaitgap([
            "analyse", extract, "--out", directory + "/R2", "--summary-json", directory + "/no-such/summary.json",
        ])
        #expect(missing.exitCode == 74)
        #expect(missing.standardError.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/R2"))
    }

    @Test func aBaselineTheHistoryLacksOrExactCountsInTheBoardsFolderAreRefused() throws {
        let directory = scratchDirectory()
        let extract = try write(Self.header + "A,1,2026-01-01,2026-03-31,H,1,N\n", to: "one.csv", in: directory)
        let history = directory + "/h.sqlite"
        let first = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--history", history])
        #expect(first.exitCode == 0, "\(first.standardError)")
        let baseline = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--history", history, "--baseline", "2024-01"])
        #expect(baseline.exitCode == 64)
        #expect(baseline.standardError.contains("--baseline 2024-01: no run of that month in the history"))
        let noHistory = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history", "--baseline", "2026-03"])
        #expect(noHistory.exitCode == 64)
        let inside = try runWaitgap([
            "analyse", extract, "--out", directory + "/R", "--no-history", "--summary-json", directory + "/R/s.json",
        ])
        #expect(inside.exitCode == 64)
        #expect(!FileManager.default.fileExists(atPath: directory + "/R/s.json"))
    }

    @Test func theSummaryJSONHasExactlyTheKeysItsDocumentationNames() throws {
        // docs/summary-json.md: each row's first cell names a key, `accounting.rowsIn` naming a
        // key of `accounting`; every key of a real summary is documented, and every documented
        // top-level and accounting key is there.
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/summary-json.md")
        let rows = try String(contentsOf: docs, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("| `") }
        let documented = Set(rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) })
        let topLevel = Set(documented.map { String($0.prefix { $0 != "." && $0 != "[" }) })
        let accounting = Set(documented.filter { $0.hasPrefix("accounting.") }.map { String($0.dropFirst("accounting.".count)) })

        let directory = scratchDirectory()
        let extract = try write(Self.header + "A,1,2026-01-01,2026-03-31,H,1,N\n", to: "one.csv", in: directory)
        let summary = directory + "/summary.json"
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/R", "--no-history", "--summary-json", summary])
        #expect(run.exitCode == 0)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        // Keys that are absent when empty are documented as "or absent".
        for key in ["failure", "quarantineFile"] where object[key] == nil { object[key] = "" }
        #expect(
            Set(object.keys) == topLevel,
            "undocumented: \(Set(object.keys).subtracting(topLevel)); missing: \(topLevel.subtracting(object.keys))")
        let counts = object["accounting"] as! [String: Any]
        #expect(Set(counts.keys) == accounting)
    }

    @Test func theSummaryJSONHasTheAccountingAndIsOwnerOnly() throws {
        let directory = scratchDirectory()
        let extract = try write(Self.header + "A,1,2026-01-01,2026-03-31,H,1,N\n", to: "one.csv", in: directory)
        let summary = directory + "/summary.json"
        let run = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--no-history", "--summary-json", summary])
        #expect(run.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as! [String: Any]
        #expect(object["schema"] as? String == "waitgap-run-summary")
        #expect(object["version"] as? Int == 3)
        #expect(object["exitStatus"] as? Int == 0 && object["failure"] == nil)
        #expect((object["outputs"] as? [String])?.first?.hasSuffix("board-pack-2026-03-31.md") == true)
        #expect((object["measures"] as? [[String: Any]])?.count == 28)
        let accounting = object["accounting"] as! [String: Any]
        #expect(accounting["rowsIn"] as? Int == 1 && accounting["analysed"] as? Int == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: summary)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        #expect(!(try String(contentsOfFile: summary, encoding: .utf8)).contains("9434765919"))
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try runWaitgap(["analyse", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.standardOutput.contains("--census-date"))
        let version = try runWaitgap(["--version"])
        #expect(version.exitCode == 0 && version.standardOutput == "0.4.0\n")
    }

    @Test func checksHelpIsExactlyItsGoldenText() throws {
        let help = try runWaitgap(["check", "--help"])
        #expect(help.exitCode == 0)
        assertSnapshot(help.standardOutput, named: "check-help.txt")
    }

    /// Each command's help, exactly: its options are the ones it reads, and the history rule is
    /// stated wherever there is a --history.
    @Test(arguments: [["analyse"], ["merge"], ["prune"], ["history", "list"]])
    func helpIsExactlyItsGoldenText(_ command: [String]) throws {
        let help = try runWaitgap(command + ["--help"])
        #expect(help.exitCode == 0)
        assertSnapshot(help.standardOutput, named: command.joined(separator: "-") + "-help.txt")
    }
}

@Suite struct MergeCommandTests {
    @Test func mergingTwoSitesAggregatesGivesThePackOfBothExtractsTogether() throws {
        let directory = scratchDirectory()
        let siteA = try runWaitgap(["sample", "--rows", "3000", "--seed", "1", "--dirty-rate", "0.01", "--out", directory + "/a.csv"])
        let siteB = try runWaitgap(["sample", "--rows", "2000", "--seed", "2", "--dirty-rate", "0.01", "--out", directory + "/b.csv"])
        #expect(siteA.exitCode == 0 && siteB.exitCode == 0)
        for site in ["a", "b"] {
            let run = try runWaitgap([
                "analyse", "\(directory)/\(site).csv", "--out", "\(directory)/\(site)", "--aggregate-out",
                "\(directory)/\(site).aggregate.json",
            ])
            #expect(run.exitCode == 0, "\(run.standardError)")
        }
        let merged = try runWaitgap([
            "merge", directory + "/a.aggregate.json", directory + "/b.aggregate.json", "--out", directory + "/merged",
        ])
        #expect(merged.exitCode == 0, "\(merged.standardError)")
        // merge keeps no history, so neither does the run it is compared with.
        let together = try runWaitgap([
            "analyse", directory + "/a.csv", directory + "/b.csv", "--out", directory + "/together", "--no-history",
        ])
        #expect(together.exitCode == 0)
        let mergedPack = try String(contentsOfFile: directory + "/merged/board-pack-2026-10-31.md", encoding: .utf8)
        let togetherPack = try String(contentsOfFile: directory + "/together/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(mergedPack == togetherPack)
        #expect(merged.standardOutput.split(separator: "\n").last == together.standardOutput.split(separator: "\n").last)
        // No pathway ID or NHS number of the extract is in the aggregate.
        let aggregate = try String(contentsOfFile: directory + "/a.aggregate.json", encoding: .utf8)
        let rows = try readAll(path: directory + "/a.csv").records
        for row in rows.prefix(300) where !row[0].isEmpty {
            #expect(!aggregate.contains(row[0]) && !aggregate.contains(row[1]), "\(row[0])")
        }
    }

    @Test func mergingAggregatesOfDifferentCensusDatesExits65() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "50", "--seed", "1", "--out", directory + "/a.csv"])
        _ = try runWaitgap(["sample", "--rows", "50", "--seed", "1", "--census-date", "2026-09-30", "--out", directory + "/b.csv"])
        for site in ["a", "b"] {
            _ = try runWaitgap([
                "analyse", "\(directory)/\(site).csv", "--out", directory + "/Reports", "--no-history", "--aggregate-out",
                "\(directory)/\(site).json",
            ])
        }
        let run = try runWaitgap(["merge", directory + "/a.json", directory + "/b.json", "--out", directory])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("census date"))
    }
}

@Suite struct GoldenPackTests {
    @Test func theBinarysPackOfAFixedExtractMatchesItsGoldenFile() throws {
        // A fixed extract written here (no generator, so the golden file only changes when the
        // pack does): 40 rows over two ethnic groups and all quintiles, and three bad rows.
        let directory = scratchDirectory()
        var text =
            "pathway_id,rtt_period_start_date,census_date,ethnic_category,imd_decile,learning_disability,priority,treatment_function_code\n"
        for index in 0..<40 {
            let decile = index % 10 + 1
            let days = 20 + index * 9 + (decile <= 2 ? 30 : 0)
            let start = Day(daysSinceEpoch: Day(year: 2026, month: 3, day: 31)!.daysSinceEpoch - days)
            text +=
                "P\(index),\(start),2026-03-31,\(index % 4 == 0 ? "H" : "A"),\(decile),\(index % 5 == 0 ? "Y" : "N"),P\(2 + index % 3),\(index % 2 == 0 ? 110 : 130)\n"
        }
        text += "PBAD1,2026-02-30,2026-03-31,A,1,N,P2,110\nPBAD2,2026-01-01\n,2026-01-01,2026-03-31,A,1,N,P2,110\n"
        let extract = directory + "/extract.csv"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--trust-name", "Golden Test Trust", "--max-quarantine", "10%",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(
            run.standardOutput == """
                board pack: \(directory)/Reports/board-pack-2026-03-31.md
                quarantine: \(directory)/private/quarantine-2026-03-31.csv (3 rows, owner-only)
                rows in 43 = analysed 40 + out of scope 0 + quarantined 3

                """)
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-03-31.md", encoding: .utf8)
        assertSnapshot(pack, named: "cli-pack.md")
    }
}

@Suite struct ScoreCommandTests {
    @Test func scoringWritesAnOwnerOnlyDraftListAndASummaryWithoutIdentifiers() throws {
        let directory = scratchDirectory()
        // More rows than two of the writer's 16,384-row blocks, so blocks and tiers cross.
        _ = try runWaitgap(["sample", "--rows", "40000", "--out", directory + "/x.csv", "--deciles"])
        let run = try runWaitgap(["score", directory + "/x.csv", "--out", directory + "/S"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let list = directory + "/private/reordered-2026-10-31.csv"
        let mode = try FileManager.default.attributesOfItem(atPath: list)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        let rows = try readAll(path: list).records
        #expect(rows.count == 40000)
        #expect(rows.allSatisfy { $0[0] == "DRAFT (not signed off)" })
        // Each specialty's list is together, in code order; in it, tiers stay in clinical order
        // among the reordered parts and among those kept in wait order (non-admitted, not
        // prioritised), and ranks run 1, 2, 3… within each part. Every pathway appears once.
        let order = ["P1a", "P1b", "P1", "P2", "P3", "P4", "P5", "P6", "none"]
        let specialties = rows.map { $0[2] }.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(specialties == specialties.sorted() && Set(specialties).count == specialties.count)
        #expect(rows.allSatisfy { $0[3] == "specialty " + $0[2] })
        for specialty in Set(specialties) {
            for kept in [false, true] {
                let tiers = rows.filter { $0[2] == specialty && $0[5].hasPrefix("wait") == kept }.map { order.firstIndex(of: $0[4])! }
                #expect(tiers == tiers.sorted())
            }
        }
        #expect(rows.filter { $0[4] == "none" }.allSatisfy { $0[5] == "wait (no surgical priority)" })
        var expected = 1
        for (index, row) in rows.enumerated() {
            if index > 0 && row[2...5] != rows[index - 1][2...5] { expected = 1 }
            if row[6] != String(expected) {
                Issue.record("row \(index + 2): rank \(row[6]), expected \(expected)")
                break
            }
            expected += 1
        }
        #expect(Set(rows.map { $0[9] }).count == rows.count)
        let summary = try String(contentsOfFile: directory + "/S/score-summary-2026-10-31.md", encoding: .utf8)
        #expect(summary.contains("DRAFT"))
        for row in rows.prefix(200) { #expect(!summary.contains(row[9])) }
        let history = directory + "/waitgap.sqlite"
        #expect(try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as! Int == 0o600)
    }

    @Test func weightsThatNameAMissingColumnOrDoNotParseAreUsageErrors() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "50", "--out", directory + "/x.csv", "--deciles"])
        let dump = try runWaitgap(["score", "--dump-weights"])
        #expect(dump.exitCode == 0 && dump.standardOutput.contains("\"waitPointsPerTarget\""))
        var weights = dump.standardOutput.replacingOccurrences(
            of: "\"columns\" : [\n\n  ]",
            with: "\"columns\" : [ { \"column\" : \"smoker\", \"codePoints\" : { \"Y\" : 2 }, \"unknownPoints\" : 0 } ]")
        try weights.write(toFile: directory + "/w.json", atomically: true, encoding: .utf8)
        let missing = try runWaitgap(["score", directory + "/x.csv", "--weights", directory + "/w.json", "--out", directory])
        #expect(missing.exitCode == 64)
        #expect(missing.standardError.contains("'smoker'") && missing.standardError.contains("w.json: line "))
        weights = "{ \"version\": 1 }"
        try weights.write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try runWaitgap(["score", directory + "/x.csv", "--weights", directory + "/bad.json", "--out", directory])
        #expect(bad.exitCode == 64)
        #expect(bad.standardError.split(separator: "\n").count == 1)
    }
}
