/// Which census dates a trust keeps, by the rule of `waitgap prune`: every census of the last
/// `keepNights` days; beyond them, the last census of each month for `keepMonths` months; and,
/// whatever else goes, a signed-off list for `keepAuditYears` years. Days are counted back from
/// the latest census kept anywhere (never from the clock, so a machine whose clock is wrong, or a
/// job that has not run for weeks, never removes the newest runs).
public struct RetentionPolicy: Sendable, Equatable {
    public var keepNights: Int
    public var keepMonths: Int
    public var keepAuditYears: Int

    public init(keepNights: Int, keepMonths: Int, keepAuditYears: Int) {
        self.keepNights = keepNights
        self.keepMonths = keepMonths
        self.keepAuditYears = keepAuditYears
    }

    /// What happens to each census date.
    public enum Fate: Sendable, Equatable {
        /// Within the nightly window.
        case nightly
        /// The last census of its month, within the monthly window.
        case monthEnd
        /// A signed-off list within the audit retention period.
        case audit
        /// Removed.
        case removed
    }

    /// The fate of each of `days` (the census dates of one kind of file, or the stored runs), with
    /// `signedOff` the census dates whose lists were signed off.
    /// - Parameters:
    ///   - anchor: the day the windows count back from: the latest census of everything pruned
    ///     together, but never after today (a census dated in the future by mistake must not make
    ///     every real one look old); the latest of `days` when nil.
    ///   - protected: census dates kept whatever the windows say (the run that is pruning).
    public func fates(of days: Set<Day>, signedOff: Set<Day> = [], anchor: Day? = nil, protected: Set<Day> = []) -> [Day: Fate] {
        guard let newest = days.max() else { return [:] }
        let latest = anchor ?? newest
        var lastOfMonth: [Int: Day] = [:]
        for day in days {
            let month = Self.monthNumber(day)
            if lastOfMonth[month].map({ day > $0 }) ?? true { lastOfMonth[month] = day }
        }
        let latestMonth = Self.monthNumber(latest)
        let (year, month, dayOfMonth) = latest.components
        // The same calendar date keepAuditYears earlier (29 February falls back to the 28th).
        let auditStart =
            Day(year: year - keepAuditYears, month: month, day: dayOfMonth)
            ?? Day(year: year - keepAuditYears, month: month, day: dayOfMonth - 1)!
        var fates: [Day: Fate] = [:]
        for day in days {
            // Within the window, after the anchor (dated in the future), or the pruning run's own.
            if latest.days(since: day) < keepNights || protected.contains(day) {
                fates[day] = .nightly
            } else if lastOfMonth[Self.monthNumber(day)] == day, latestMonth - Self.monthNumber(day) < keepMonths {
                fates[day] = .monthEnd
            } else if signedOff.contains(day), day > auditStart {
                fates[day] = .audit
            } else {
                fates[day] = .removed
            }
        }
        return fates
    }

    /// The anchor of `fates` for census dates `days`: their latest, or today if that is earlier.
    public static func anchor(of days: Set<Day>, today: Day) -> Day? { days.max().map { min($0, today) } }

    /// Months since year 0, so that differences count calendar months.
    private static func monthNumber(_ day: Day) -> Int {
        let (year, month, _) = day.components
        return year * 12 + month - 1
    }
}
