import Foundation
import Testing
import WaitgapCore
import WaitgapScorer

@Suite struct WorklistTests {
    func list() -> WaitingList {
        var list = WaitingList()
        // id, decile, LD, tier, days, specialty
        let rows: [(String, Int?, LearningDisabilityGroup, Tier, Int, String)] = [
            ("core20-long", 1, .no, .p3, 60 * 7, "110"),
            ("core20-short", 2, .no, .p3, 5 * 7, "110"),
            ("ld-long", 8, .yes, .p2, 45 * 7, "130"),
            ("other-long", 9, .no, .p4, 70 * 7, "130"),
            ("p2-past", 9, .no, .p2, 6 * 7, "110"),
        ]
        for (id, decile, ld, tier, days, specialty) in rows {
            list.append(
                ScoringInput(
                    pathwayID: id, tier: tier, waitDays: days, imdDecile: decile.flatMap(IMDDecile.init), learningDisability: ld,
                    specialty: specialty))
        }
        return list
    }

    func listed(_ filter: WorklistFilter) -> [String] {
        let list = list()
        return Worklist.select(list, filter: filter, weights: .default).flatMap { $0 }.map { list.pathwayID($0) }.sorted()
    }

    @Test func groupsAreEitherAndWaitsAreEitherAndTheTwoAreBoth() {
        #expect(listed(WorklistFilter(core20: true)) == ["core20-long", "core20-short"])
        #expect(listed(WorklistFilter(core20: true, overWeeks: 40)) == ["core20-long"])
        #expect(listed(WorklistFilter(core20: true, learningDisability: true, overWeeks: 40)) == ["core20-long", "ld-long"])
        #expect(listed(WorklistFilter(overWeeks: 52)) == ["core20-long", "other-long"])
        // P2's target is 4 weeks, P3's 12, P4's 26.
        #expect(listed(WorklistFilter(pastTarget: true)) == ["core20-long", "ld-long", "other-long", "p2-past"])
        let list = list()
        #expect(WorklistFilter(core20: true, overWeeks: 40).reason(list, 0, weights: .default) == "Core20; over 40 weeks")
        #expect(WorklistFilter(pastTarget: true).reason(list, 4, weights: .default) == "past the P2 target")
        #expect(WorklistFilter(core20: true, pastTarget: true).options == "--core20 --past-target")
    }

    @Test func eachSpecialtyGetsAnOwnerOnlyFileLongestWaitFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("worklist-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let parts = try Worklist.write(
            list(), filter: WorklistFilter(pastTarget: true), weights: .default, censusDate: Day(year: 2026, month: 10, day: 31)!,
            to: folder)
        #expect(parts.map(\.specialty) == ["110", "130"] && parts.map(\.count) == [2, 2])
        for part in parts {
            #expect(try FileManager.default.attributesOfItem(atPath: part.path)[.posixPermissions] as? Int == 0o600)
        }
        let text = try String(contentsOfFile: parts[1].path, encoding: .utf8).split(separator: "\n")
        #expect(text[0] == "# waitgap worklist, census 2026-10-31, specialty 130: all patients, past their tier's target (--past-target)")
        #expect(text[1] == "pathway_id,weeks_waited,tier,specialty,reason")
        #expect(text[2] == "other-long,70.0,P4,130,past the P4 target" && text[3] == "ld-long,45.0,P2,130,past the P2 target")
        #expect(Worklist.fileSafe("1/0") == "1_0" && Worklist.fileSafe("") == "not-recorded")
    }
}
