import Foundation
import Testing
import WaitgapCore

@Suite struct WaitDistributionCodingTests {
    func distribution(_ waits: [Int]) -> WaitDistribution {
        var distribution = WaitDistribution()
        for wait in waits { distribution.add(days: wait) }
        return distribution
    }

    func json(_ distribution: WaitDistribution) throws -> String {
        String(decoding: try JSONEncoder().encode(distribution), as: UTF8.self)
    }

    @Test(arguments: [[], [0], [5, 5, 6, 9], [3, 3000], Array(0..<800) + [10, 10, 799]])
    func aDistributionSurvivesItsEncodingExactly(waits: [Int]) throws {
        let original = distribution(waits)
        let decoded = try JSONDecoder().decode(WaitDistribution.self, from: JSONEncoder().encode(original))
        let same = decoded == original && decoded.quantileDays(0.92) == original.quantileDays(0.92)
        #expect(same)
    }

    @Test func runsOfEmptyDaysAreWrittenAsSkips() throws {
        // 5 twice and 6 once, none for days 7 and 8, 9 once; then none until 3000.
        let text = try json(distribution([5, 5, 6, 9, 3000]))
        #expect(text.contains(#""from":5"#) && text.contains(#""patients":"2,1,+2,1,+2990,1""#))
    }

    @Test func aVersionOneHistogramOfDayPairsIsStillRead() throws {
        let old = #"{"count":3,"totalDays":16,"totalSquaredDays":86,"days":[[5,2],[6,1]]}"#
        let decoded = try JSONDecoder().decode(WaitDistribution.self, from: Data(old.utf8))
        let same = decoded == distribution([5, 5, 6])
        #expect(same)
    }

    @Test(arguments: ["2,,1", "2,x", "+2", "2,+0,1", "-1", "2,1,", "99999999999"])
    func malformedCountsAreRefused(patients: String) {
        let text = #"{"count":3,"totalDays":16,"totalSquaredDays":86,"from":5,"patients":"\#(patients)"}"#
        #expect(throws: DecodingError.self) { _ = try JSONDecoder().decode(WaitDistribution.self, from: Data(text.utf8)) }
    }
}
