import Testing
import WaitgapCore

/// The sharp bounds of a mean gap over every placement of the patients whose group is not
/// recorded (`GapAnalysis.unrecordedBounds`), checked against brute force on small lists.
@Suite struct UnrecordedBoundsTests {
    static func distribution(_ days: [Int]) -> WaitDistribution {
        var waits = WaitDistribution()
        for day in days { waits.add(days: day) }
        return waits
    }

    static func mean(_ values: [Int]) -> Double { Double(values.reduce(0, +)) / Double(values.count) }

    /// Every way of sending each unrecorded wait to the focus or the reference group.
    static func bruteForce(focus: [Int], reference: [Int], unrecorded: [Int]) -> (lowest: Double, highest: Double)? {
        var lowest = Double.infinity
        var highest = -Double.infinity
        for mask in 0..<(1 << unrecorded.count) {
            var focusGroup = focus
            var referenceGroup = reference
            for (index, days) in unrecorded.enumerated() {
                if mask & (1 << index) != 0 { focusGroup.append(days) } else { referenceGroup.append(days) }
            }
            guard !focusGroup.isEmpty, !referenceGroup.isEmpty else { continue }
            let gap = (mean(focusGroup) - mean(referenceGroup)) / 7
            lowest = min(lowest, gap)
            highest = max(highest, gap)
        }
        return lowest.isFinite ? (lowest, highest) : nil
    }

    @Test func theBoundsMatchEveryPlacementTriedByBruteForce() {
        var random = SplitMix64(seed: 1414)
        for trial in 0..<400 {
            // Up to 5 recorded patients a side (sometimes none) and up to 10 unrecorded, with
            // repeated waits, as a day histogram holds them.
            let spread = [3, 30, 400][trial % 3]
            let focus = (0..<random.below(6)).map { _ in random.below(spread) }
            let reference = (0..<random.below(6)).map { _ in random.below(spread) }
            let unrecorded = (0..<random.below(11)).map { _ in random.below(spread) }
            let bounds = GapAnalysis.unrecordedBounds(
                focus: Self.distribution(focus), reference: Self.distribution(reference), unrecorded: Self.distribution(unrecorded))
            let expected = Self.bruteForce(focus: focus, reference: reference, unrecorded: unrecorded)
            guard let expected else {
                #expect(bounds == nil, "\(focus) \(reference) \(unrecorded)")
                continue
            }
            guard let bounds else {
                Issue.record("no bounds for \(focus) \(reference) \(unrecorded)")
                continue
            }
            #expect(abs(bounds.lowest - expected.lowest) < 1e-9, "\(focus) \(reference) \(unrecorded)")
            #expect(abs(bounds.highest - expected.highest) < 1e-9, "\(focus) \(reference) \(unrecorded)")
            if !focus.isEmpty && !reference.isEmpty {
                #expect(abs(bounds.reported! - (Self.mean(focus) - Self.mean(reference)) / 7) < 1e-9)
            } else {
                #expect(bounds.reported == nil)
            }
        }
    }

    @Test func theExtremesSplitTheUnrecordedWaitsAtARank() {
        // Focus waits 70 days, reference 0; unrecorded 0, 7, 700. Highest: 700 joins the focus
        // group (mean 385), 0 and 7 the reference (mean 7/3): (385 − 7/3)/7 weeks. Lowest: 0 and
        // 7 join the focus group (mean 77/3), 700 the reference (mean 350): (77/3 − 350)/7, below
        // both corners (all to the reference: (70 − 176.75)/7; all to the focus group: positive).
        let bounds = GapAnalysis.unrecordedBounds(
            focus: Self.distribution([70]), reference: Self.distribution([0]), unrecorded: Self.distribution([0, 7, 700]))
        #expect(bounds?.highestFocusCount == 1)
        #expect(abs(bounds!.highest - (385 - 7.0 / 3) / 7) < 1e-12)
        #expect(bounds?.lowestFocusCount == 2)
        #expect(abs(bounds!.lowest - (77.0 / 3 - 350) / 7) < 1e-12)
        #expect(bounds?.reported == 10)
        #expect(bounds?.excludesZero == false)
        // The two corners (every unrecorded patient in the focus group, or in the reference) are
        // inside the bounds.
        let (focus, reference, unrecorded) = (
            WaitMoments(Self.distribution([70, 77])), WaitMoments(Self.distribution([0, 7])), WaitMoments(Self.distribution([0, 7, 700]))
        )
        let wider = GapAnalysis.unrecordedBounds(
            focus: Self.distribution([70, 77]), reference: Self.distribution([0, 7]), unrecorded: Self.distribution([0, 7, 700]))!
        let corners = [
            focus.merging(unrecorded).meanGapInWeeks(from: reference), focus.meanGapInWeeks(from: reference.merging(unrecorded)),
        ]
        #expect(corners.count == 2 && corners.allSatisfy { $0 != nil })
        for corner in corners.compactMap({ $0?.value }) {
            #expect(wider.lowest <= corner + 1e-12 && corner <= wider.highest + 1e-12)
        }
    }

    @Test func withNoUnrecordedPatientsTheBoundsAreTheRecordedGap() {
        let bounds = GapAnalysis.unrecordedBounds(
            focus: Self.distribution([14, 28]), reference: Self.distribution([7]), unrecorded: WaitDistribution())
        #expect(bounds == UnrecordedBounds(reported: 2, lowest: 2, lowestFocusCount: 0, highest: 2, highestFocusCount: 0))
        #expect(bounds?.excludesZero == true)
        #expect(
            GapAnalysis.unrecordedBounds(focus: WaitDistribution(), reference: Self.distribution([7]), unrecorded: WaitDistribution())
                == nil)
    }
}
