import Foundation
import Testing
import WaitgapTestSupport

/// A history and an aggregate file that waitgap 0.2.0 wrote (Fixtures/v0.2.0, made as its
/// README says) read to the figures 0.2.0 printed: a trust's stored months survive an upgrade.
@Suite struct ReleaseCompatibilityTests {
    func fixture(_ name: String) -> String { fixturePath("Fixtures/v0.2.0/" + name, in: .module) }

    @Test func a020HistoryGivesTheMonthOnMonthGaps020Printed() throws {
        let directory = scratchDirectory()
        let history = directory + "/waitgap.sqlite"
        try FileManager.default.copyItem(atPath: fixture("history-0.2.0.db"), toPath: history)
        let list = try runWaitgap(["history", "list", "--history", history])
        #expect(list.exitCode == 0, "\(list.standardError)")
        for month in ["2026-08-31", "2026-09-30", "2026-10-31"] { #expect(list.standardOutput.contains(month)) }

        let run = try runWaitgap(["analyse", fixture("extract-2026-10-31.csv"), "--out", directory + "/Reports", "--history", history])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-10-31.md", encoding: .utf8)
        // 0.2.0's rows give this month's and last month's gap of each series; this waitgap names
        // the same measures by the registry and judges them anew (trial limits give no assurance).
        let printed = try String(contentsOfFile: fixture("month-on-month-0.2.0.md"), encoding: .utf8)
        let renamed = [
            "Deprivation gap: IMD quintile 1 (most deprived) vs 5 (least deprived) (weeks)":
                "Deprivation: IMD quintile 1 (most deprived) vs 5 (least deprived) (weeks)",
            "Ethnicity gap: other known groups vs White (weeks)": "Ethnicity: all other recorded groups vs White (weeks)",
            "Learning disability gap: learning disability vs no learning disability (weeks)":
                "Learning disability: Learning disability vs no learning disability (weeks)",
        ]
        let section = try #require(pack.components(separatedBy: "## Month on month").last)
        for row in printed.split(separator: "\n") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = try #require(renamed[cells[0]], "\(cells[0])")
            #expect(section.contains("| \(name) | \(cells[1]) | \(cells[2]) | "), "\(name): \(cells[1]), \(cells[2])")
        }
    }

    @Test func a020AggregateMergesToTheFigures020Printed() throws {
        let directory = scratchDirectory()
        let run = try runWaitgap([
            "merge", fixture("aggregate-0.2.0.json"), "--out", directory + "/Reports", "--summary-json", directory + "/summary.json",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        func groups(_ path: String) throws -> NSDictionary {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            return object["groups"] as! NSDictionary
        }
        #expect(try groups(directory + "/summary.json") == groups(fixture("summary-0.2.0.json")))
        // What 0.2.0 never kept is said to be unavailable, not shown as nobody.
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json"))) as! [String: Any]
        let dimensions = object["dimensions"] as! [String: [String: Any]]
        let reason = "stored by waitgap 0.3 or earlier (census layout 1), which did not keep it"
        #expect(dimensions["age-band"]?["unavailable"] as? String == reason)
        #expect((dimensions["ethnic-group"]?["groups"] as? [Any])?.isEmpty == false)
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("## Waits by age band\n\nNot available: \(reason)."))
        // White British against the rest comes from the codes 0.2.0 kept, without its case mix.
        let whiteBritish = try #require(pack.components(separatedBy: "### Ethnicity against White British").last)
        #expect(whiteBritish.contains("| White British | "))
    }
}
