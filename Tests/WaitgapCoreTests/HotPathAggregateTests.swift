import Foundation
import Testing

@testable import WaitgapCore

/// The hot path's shortcuts in the aggregates must give what the plain definitions give: moments
/// of a histogram, merged histograms, and the stored form of moments.
@Suite struct HotPathAggregateTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Waits spread over the thresholds, with runs of days nobody waited.
    func randomWaits(_ random: inout Generator) -> [Int] {
        let longest = [5, 126, 127, 364, 365, 500, 728, 729, 3_640][random.next(9)]
        return (0..<random.next(300)).map { _ in random.next(longest + 1) }
    }

    @Test(arguments: 1...50)
    func momentsOfAHistogramAreTheMomentsOfItsWaits(seed: Int) {
        var random = Generator(state: UInt64(seed))
        let waits = randomWaits(&random)
        var distribution = WaitDistribution()
        var added = WaitMoments()
        for days in waits {
            distribution.add(days: days)
            added.add(days: days)
        }
        let converted = WaitMoments(distribution)
        #expect(converted == added, "seed \(seed)")
        #expect(converted.overThresholds == WaitSummary.thresholdWeeks.map { distribution.count(over: $0 * 7) })
        #expect(converted.overThresholds == WaitSummary.thresholdWeeks.map { weeks in waits.filter { $0 > weeks * 7 }.count })
    }

    @Test(arguments: 1...50)
    func mergedHistogramsHoldEveryWait(seed: Int) {
        var random = Generator(state: UInt64(seed))
        let first = randomWaits(&random)
        let second = randomWaits(&random)
        var merged = WaitDistribution()
        var other = WaitDistribution()
        var whole = WaitDistribution()
        for days in first {
            merged.add(days: days)
            whole.add(days: days)
        }
        for days in second {
            other.add(days: days)
            whole.add(days: days)
        }
        merged.merge(other)
        #expect(merged == whole, "seed \(seed)")
        #expect(merged.dayCounts.count == max(whole.dayCounts.count, other.dayCounts.count))
    }

    @Test func momentsAreStoredAsBeforeAndRefusedWithTheWrongThresholds() throws {
        var moments = WaitMoments()
        for days in [3, 130, 400, 500, 600, 800] { moments.add(days: days) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(moments), as: UTF8.self)
        #expect(json == #"{"count":6,"overThresholds":[5,4,3,2,1],"totalDays":2433,"totalSquaredDays":1426909}"#)
        #expect(try JSONDecoder().decode(WaitMoments.self, from: Data(json.utf8)) == moments)
        let short = #"{"count":6,"overThresholds":[5,4,3,2],"totalDays":2433,"totalSquaredDays":1426909}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WaitMoments.self, from: Data(short.utf8)) }
    }
}
