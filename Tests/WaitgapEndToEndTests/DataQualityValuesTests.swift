import Foundation
import Testing
import WaitgapTestSupport

/// Invalid values reach the pack, the aggregate file and the history only when at least 10 rows
/// share them: a value in fewer rows may be a person's (a postcode in the LSOA column, a date of
/// birth or a name in the age column). The rest are described by shape, never shown.
@Suite struct DataQualityValuesTests {
    @Test func rareInvalidValuesAreDescribedByShapeAndNeverShown() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,ethnic_category,lsoa_code,age_years\n"
        let postcodes = ["LS1 4AB", "HD1 2XY", "WF10 5QP", "B15 2TT", "M1 1AE", "SW1A 1AA", "EH1 1YZ"]
        let ages = ["14/03/1980", "02/11/1975", "1980-06-30", "Jane Smith", "Ahmed Khan"]
        for index in 0..<200 {
            let lsoa = index < postcodes.count ? postcodes[index] : "E01011229"
            let age = index < ages.count ? ages[index] : index < 40 ? "unknown" : "\(20 + index % 60)"
            text += "P\(index),2026-0\(1 + index % 9)-1\(index % 10),2026-10-31,A,\(lsoa),\(age)\n"
        }
        let extract = directory + "/extract.csv"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try runWaitgap([
            "analyse", extract, "--out", directory + "/Reports", "--history", directory + "/h.sqlite", "--aggregate-out",
            directory + "/site.json",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/Reports/board-pack-2026-10-31.md", encoding: .utf8)
        let aggregate = try String(contentsOfFile: directory + "/site.json", encoding: .utf8)
        let history = try Data(contentsOf: URL(fileURLWithPath: directory + "/h.sqlite"))
        for secret in postcodes + ages + ["1980", "Smith", "Khan"] {
            #expect(!pack.contains(secret), "pack shows \(secret)")
            #expect(!aggregate.contains(secret), "aggregate holds \(secret)")
            #expect(history.range(of: Data(secret.utf8)) == nil, "history holds \(secret)")
        }
        // A value 35 rows share is a coding problem, and is shown; the rest are shapes.
        #expect(pack.contains("`unknown` (35)"))
        #expect(pack.contains("date-like *") || pack.contains("date-like 5"))
        #expect(pack.contains("letters and spaces *"))
        #expect(pack.contains("postcode-like *"))
        #expect(!run.standardError.contains("Smith") && !run.standardOutput.contains("Smith"))
        let check = try runWaitgap(["check", extract, "--json"])
        for secret in postcodes + ages { #expect(!check.standardOutput.contains(secret)) }
    }
}

/// `merge` counts each extract once and takes only counts a run could have made.
@Suite struct MergeSafetyTests {
    @Test func theSameExtractTwiceOrANegativeCountIsRefused() throws {
        let directory = scratchDirectory()
        #expect(try runWaitgap(["sample", "--rows", "1000", "--seed", "5", "--out", directory + "/a.csv"]).exitCode == 0)
        for name in ["a1", "a2"] {
            let run = try runWaitgap([
                "analyse", directory + "/a.csv", "--out", directory + "/R-\(name)", "--no-history", "--aggregate-out",
                directory + "/\(name).json",
            ])
            #expect(run.exitCode == 0, "\(run.standardError)")
        }
        let twice = try runWaitgap(["merge", directory + "/a1.json", directory + "/a2.json", "--out", directory + "/M"])
        #expect(twice.exitCode == 65)
        #expect(twice.standardError.contains("the same source extract as \(directory)/a1.json"))
        let same = try runWaitgap(["merge", directory + "/a1.json", directory + "/a1.json", "--out", directory + "/M"])
        #expect(same.exitCode == 65)

        var text = try String(contentsOfFile: directory + "/a1.json", encoding: .utf8)
        let range = try #require(text.range(of: "\"analysed\":"))
        let end = text[range.upperBound...].firstIndex(of: ",")!
        text.replaceSubrange(range.upperBound..<end, with: "-5")
        try text.write(toFile: directory + "/negative.json", atomically: true, encoding: .utf8)
        let negative = try runWaitgap(["merge", directory + "/negative.json", "--out", directory + "/M"])
        #expect(negative.exitCode == 65)
        #expect(negative.standardError.contains("inconsistent aggregate: a row count is negative"))
    }
}
