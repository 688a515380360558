import Testing
import WaitgapCore

/// A share printed in a board pack must lie inside the interval printed beside it: both are
/// published from the same rounded counts (`DisclosurePolicy.publishedShare` and `releasable`).
@Suite struct ShareIntervalTests {
    /// A share as the board pack prints it, in tenths of a percent: `String(format1:)` of
    /// value × 100, rounded half away from zero to one decimal place.
    static func printedTenths(_ value: Double) -> Int { Int((value * 100 * 10).rounded(.toNearestOrAwayFromZero)) }

    @Test func everyPrintedShareLiesWithinItsPrintedInterval() {
        // Every group of 8 to 500 patients and every numerator, under the default policy
        // (threshold 7, rounding to 5): 125,000 shares.
        let policy = DisclosurePolicy()
        var shown = 0
        var failures: [String] = []
        for denominator in 8...500 {
            for numerator in 0...denominator {
                let proportion = Proportion(numerator: numerator, denominator: denominator)
                guard let share = policy.publishedShare(proportion), let interval = policy.releasable(proportion) else {
                    // Either both are shown or neither is.
                    #expect(policy.publishedShare(proportion) == nil && policy.releasable(proportion) == nil, "\(numerator)/\(denominator)")
                    continue
                }
                shown += 1
                let printed = Self.printedTenths(share)
                let lower = Self.printedTenths(interval.lower)
                let upper = Self.printedTenths(interval.upper)
                if !(lower <= printed && printed <= upper) {
                    failures.append("\(numerator)/\(denominator): \(printed) not in \(lower)–\(upper)")
                }
                // And before printing: the share is the interval's own point, inside it.
                if !(interval.lower <= share && share <= interval.upper) { failures.append("\(numerator)/\(denominator) unrounded") }
            }
        }
        #expect(shown > 100_000, "shares shown: \(shown)")
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test func theShareAndItsIntervalComeFromTheSameRoundedCounts() {
        // 23 of 98: published as 25 of 100, so 25.0%, and the interval is Wilson's for 25/100.
        let policy = DisclosurePolicy()
        let proportion = Proportion(numerator: 23, denominator: 98)
        #expect(policy.publishedShare(proportion) == 0.25)
        let interval = policy.releasable(proportion)
        #expect(interval == Proportion(numerator: 25, denominator: 100))
        #expect(policy.publishedShare(proportion) == interval?.value)
    }
}
