import Testing
import WaitgapCore

/// `waitgap prune`'s rule, day by day.
@Suite struct RetentionPolicyTests {
    func day(_ text: String) -> Day { Day(iso: text)! }

    @Test func theNightlyWindowCountsBackFromTheLatestCensusNotTheClock() {
        let policy = RetentionPolicy(keepNights: 14, keepMonths: 36, keepAuditYears: 8)
        let days: Set<Day> = [day("2026-10-31"), day("2026-10-18"), day("2026-10-17"), day("2026-10-01")]
        let fates = policy.fates(of: days)
        #expect(fates[day("2026-10-31")] == .nightly)
        #expect(fates[day("2026-10-18")] == .nightly)  // 13 days back
        #expect(fates[day("2026-10-17")] == .removed)  // 14 days back: outside, and not October's last
        #expect(fates[day("2026-10-01")] == .removed)
    }

    @Test func beyondTheWindowOnlyEachMonthsLastCensusIsKeptForKeepMonths() {
        let policy = RetentionPolicy(keepNights: 14, keepMonths: 36, keepAuditYears: 8)
        let days: Set<Day> = [
            day("2026-10-31"), day("2026-09-30"), day("2026-09-15"), day("2023-11-30"), day("2023-10-31"), day("2020-01-31"),
        ]
        let fates = policy.fates(of: days)
        #expect(fates[day("2026-09-30")] == .monthEnd)
        #expect(fates[day("2026-09-15")] == .removed)
        #expect(fates[day("2023-11-30")] == .monthEnd)  // 35 months before October 2026
        #expect(fates[day("2023-10-31")] == .removed)  // 36 months before: outside
        #expect(fates[day("2020-01-31")] == .removed)
    }

    @Test func aSignedOffListOutlivesTheWindowsForTheAuditYears() {
        let policy = RetentionPolicy(keepNights: 14, keepMonths: 1, keepAuditYears: 8)
        let days: Set<Day> = [day("2026-10-31"), day("2026-03-10"), day("2018-11-01"), day("2018-10-31")]
        let fates = policy.fates(of: days, signedOff: [day("2026-03-10"), day("2018-11-01"), day("2018-10-31")])
        #expect(fates[day("2026-03-10")] == .audit)
        #expect(fates[day("2018-11-01")] == .audit)
        #expect(fates[day("2018-10-31")] == .removed)  // eight years to the day before the latest
    }

    @Test func aLeapDayCensusCountsItsAuditYearsFromTheTwentyEighth() {
        let policy = RetentionPolicy(keepNights: 1, keepMonths: 1, keepAuditYears: 1)
        let fates = policy.fates(
            of: [day("2028-02-29"), day("2027-02-28"), day("2027-03-01")], signedOff: [day("2027-02-28"), day("2027-03-01")])
        #expect(fates[day("2027-02-28")] == .removed)
        #expect(fates[day("2027-03-01")] == .audit)
    }

    @Test func aFutureCensusCountsFromTodayAndTheRunThatPrunesKeepsItsOwn() {
        let policy = RetentionPolicy(keepNights: 14, keepMonths: 36, keepAuditYears: 8)
        let days: Set<Day> = [day("2026-01-30"), day("2026-02-27"), day("2026-05-20"), day("2026-05-29"), day("2062-05-29")]
        let anchor = RetentionPolicy.anchor(of: days, today: day("2026-06-01"))
        #expect(anchor == day("2026-06-01"))
        let fates = policy.fates(of: days, anchor: anchor, protected: [day("2026-05-20")])
        #expect(fates[day("2062-05-29")] == .nightly)
        #expect(fates[day("2026-05-29")] == .nightly)
        #expect(fates[day("2026-05-20")] == .nightly)  // outside the window, not May's last: kept as the run's own
        #expect(fates[day("2026-02-27")] == .monthEnd && fates[day("2026-01-30")] == .monthEnd)
        #expect(RetentionPolicy.anchor(of: [day("2026-05-29")], today: day("2026-06-01")) == day("2026-05-29"))
    }

    @Test func nothingKnownMeansNothingToDo() {
        #expect(RetentionPolicy(keepNights: 14, keepMonths: 36, keepAuditYears: 8).fates(of: []).isEmpty)
    }
}
