import Foundation
import Testing
import WaitgapCore
import WaitgapTestSupport

/// The dimensions added through the registry, end to end with the binary, against figures worked
/// by hand on a 20-row extract:
///
/// | rows | age | waits (days) | IMD decile | inclusion |
/// |---|---|---|---|---|
/// | 0–9 | 30 | 63, 77 alternately (mean 70 = 10.0 weeks) | 1 for rows 0, 1, 4, 5, 8, 9; else 6 | Y on even rows |
/// | 10–19 | 80 | 133, 147 alternately (mean 140 = 20.0 weeks) | 1 for rows 12, 13, 16, 17; else 6 | Y on even rows |
///
/// So: age 75+ waits 10.0 weeks longer than 18–39. Core20 (decile 1) is rows with waits
/// 6 × 70 + 4 × 140 = 980 days over 10 patients = 14.0 weeks, the rest 1,120 / 10 = 16.0 weeks:
/// a gap of −2.0. The PLUS group (even rows: five 63s and five 133s) waits 98 days = 14.0
/// weeks, the others (77s and 147s) 16.0 weeks: −2.0. Sex is 1 (male) on even rows and 2
/// (female) on odd ones, so women wait 16.0 weeks and men 14.0: +2.0. Within 18 weeks
/// (≤ 126 days): every 18–39 patient, no 75+ patient, and 5 of the 10 men (too few to show).
@Suite struct EquityDimensionsTests {
    static func extract(in directory: String) throws -> String {
        let census = Day(year: 2026, month: 3, day: 31)!
        var text = "pathway_id,rtt_period_start_date,census_date,ethnic_category,imd_decile,learning_disability,age_years,sex,inclusion\n"
        for row in 0..<20 {
            let old = row >= 10
            let wait = old ? (row % 2 == 0 ? 133 : 147) : (row % 2 == 0 ? 63 : 77)
            let start = Day(daysSinceEpoch: census.daysSinceEpoch - wait)
            let decile = row % 4 < 2 ? 1 : 6
            text += "P\(row),\(start),\(census),A,\(decile),N,\(old ? 80 : 30),\(row % 2 + 1),\(row % 2 == 0 ? "Y" : "N")\n"
        }
        let path = directory + "/extract.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func row(_ heading: String, _ label: String, in pack: String) throws -> String {
        let section = try #require(pack.components(separatedBy: heading).dropFirst().first, "no \(heading)")
        return String(try #require(section.split(separator: "\n").first { $0.hasPrefix("| \(label) |") }, "no \(label) under \(heading)"))
    }

    @Test func sexAgeBandCore20AndAPlusGroupAreInThePackAndTheSummary() throws {
        let directory = scratchDirectory()
        let extract = try Self.extract(in: directory)
        let run = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--no-history", "--plus-column", "inclusion", "--plus-values", "y",
            "--plus-name", "inclusion health", "--nhse-definitions", "--summary-json", directory + "/summary.json",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-03-31.md", encoding: .utf8)

        #expect(try row("## Waits by age band", "18–39", in: pack).hasPrefix("| 18–39 | 10 | 10.0 ("))
        #expect(try row("## Waits by age band", "75 and over", in: pack).hasPrefix("| 75 and over | 10 | 20.0 ("))
        #expect(try row("### Age band (reference: 18–39)", "75 and over", in: pack).hasPrefix("| 75 and over | 10 | 20.0 | **10.0** ("))
        #expect(
            try row("### Core20 (reference: IMD deciles 3–10)", "Core20 (IMD deciles 1–2)", in: pack).hasPrefix(
                "| Core20 (IMD deciles 1–2) | 10 | 14.0 | -2.0 ("))
        #expect(
            try row("## Waits by PLUS group: inclusion health", "In the PLUS group", in: pack).hasPrefix(
                "| In the PLUS group | 10 | 14.0 ("))
        #expect(
            try row("### PLUS group (reference: Not in the PLUS group)", "In the PLUS group", in: pack).hasPrefix(
                "| In the PLUS group | 10 | 14.0 | -2.0 ("))
        #expect(pack.contains("patients whose `inclusion` is `y`"))
        #expect(try row("## Waits by sex", "Male", in: pack).hasPrefix("| Male | 10 | 14.0 ("))
        #expect(try row("### Sex (reference: Male)", "Female", in: pack).hasPrefix("| Female | 10 | 16.0 | 2.0 ("))
        // NHS England's definitions: within 18 weeks is up to 126 days.
        let national = try #require(pack.components(separatedBy: "## As NHS England's waiting-list demographics count it").last)
        #expect(try row("### Age band", "18–39", in: national).hasPrefix("| 18–39 | 10 | 10 | 0 | 0 | 100.0% |"))
        #expect(try row("### Age band", "75 and over", in: national).hasPrefix("| 75 and over | 10 | 0 | 10 | 0 | 0.0% |"))
        #expect(national.contains("Not shown: decile 1 or decile 10 is too small"))
        #expect(try row("### Sex", "Male", in: national).hasPrefix("| Male | 10 | * | * | 0 | * |"))

        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json"))) as! [String: Any]
        let dimensions = summary["dimensions"] as! [String: [String: Any]]
        func meanGap(_ dimension: String, _ group: String) -> Double? {
            let gaps = dimensions[dimension]?["gaps"] as? [[String: Any]]
            return (gaps?.first { $0["group"] as? String == group }?["meanGap"] as? [Double])?.first
        }
        #expect(abs(try #require(meanGap("age-band", "75+")) - 10) < 1e-9)
        #expect(abs(try #require(meanGap("core20", "core20")) + 2) < 1e-9)
        #expect(abs(try #require(meanGap("plus", "member")) + 2) < 1e-9)
        #expect(abs(try #require(meanGap("sex", "2")) - 2) < 1e-9)
        #expect(dimensions["plus"]?["unavailable"] == nil)
    }

    @Test func aPlusColumnThatIsAbsentOrMatchesNobodyStopsTheRun() throws {
        let directory = scratchDirectory()
        let extract = try Self.extract(in: directory)
        let absent = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--no-history", "--plus-column", "homeless", "--plus-values", "Y",
        ])
        #expect(absent.exitCode == 64)
        #expect(absent.standardError.contains("--plus-column 'homeless' is not a column of the header"))
        let nobody = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--no-history", "--plus-column", "inclusion", "--plus-values", "yes",
        ])
        #expect(nobody.exitCode == 65)
        #expect(nobody.standardError.contains("no analysed row has 'yes' (--plus-values)"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-03-31.md"))
        let noValues = try runWaitgap(["analyse", extract, "--out", directory + "/Reports", "--plus-column", "inclusion"])
        #expect(noValues.exitCode == 64)
    }

    @Test func withoutAPlusGroupThePackSaysNothingOfOne() throws {
        let directory = scratchDirectory()
        let run = try runWaitgap(["analyse", try Self.extract(in: directory), "--out", directory + "/Reports", "--no-history"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-03-31.md", encoding: .utf8)
        #expect(!pack.contains("## Waits by PLUS group") && !pack.contains("### PLUS group (reference"))
        #expect(!pack.contains("As NHS England's waiting-list demographics count it"))
    }
}
