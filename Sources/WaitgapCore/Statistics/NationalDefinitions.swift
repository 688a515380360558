/// The list's figures as NHS England's monthly WLMDS demographic breakdown of the RTT waiting
/// list defines them (first published 17 July 2025), so that a board can reconcile waitgap with
/// the national release:
///
/// - incomplete RTT pathways only (waitgap's default `--scope rtt`);
/// - waits in the RTT guidance's weekly bands: "0 to 1 weeks includes patients waiting 0 … 7
///   days", and "a patient who has waited exactly 18 weeks (126 days) is included in the 17-18
///   weeks time band" (NHS England, *Recording and reporting RTT waiting times*, v5.0, 2025,
///   §10.1.7); so **within 18 weeks** is 126 days or fewer, and the release's bands are up to
///   18 weeks, 18 to 52 weeks, and over 52 weeks (365 days or more);
/// - groups by IMD decile, ethnic category code, age band and sex;
/// - the **median from weekly bands**: the grouped-data median, L + (N/2 − F) / f weeks, with L
///   the lower bound of the week band holding the middle patient, F the patients in earlier
///   bands and f those in it. NHS England's RTT statistics estimate medians from weekly bands;
///   that they interpolate this way is this module's reading, not a formula NHS England was
///   found to publish (the pack's section says so).
/// - HSJ's trust comparison: the gap in % within 18 weeks between IMD decile 1 and decile 10.
public struct NationalDefinitions: Sendable {
    /// One group's figures.
    public struct Row: Sendable {
        public var code: String
        public var label: String
        /// The group's patients, and how many of them wait up to 18 weeks.
        public var within18Weeks: Proportion
        /// Patients waiting more than 18 and up to 52 weeks.
        public var from18To52Weeks: Int
        /// Patients waiting more than 52 weeks.
        public var over52Weeks: Int
        /// The median as NHS England estimates it, from weekly bands, in weeks.
        public var medianFromWeeklyBands: Double?
        /// The exact median from day-resolution waits, in weeks, for comparison.
        public var exactMedian: Double?

        init(code: String, label: String, _ waits: WaitDistribution) {
            self.code = code
            self.label = label
            let within = waits.count - waits.count(over: NationalDefinitions.eighteenWeeksDays)
            within18Weeks = Proportion(numerator: within, denominator: waits.count)
            over52Weeks = waits.count(over: 364)
            from18To52Weeks = waits.count - within - over52Weeks
            medianFromWeeklyBands = NationalDefinitions.medianFromWeeklyBands(waits)
            exactMedian = waits.quantileDays(0.5).map { $0 / 7 }
        }
    }

    /// 18 weeks in days: a wait of 126 days is within 18 weeks.
    public static let eighteenWeeksDays = 126

    /// All patients.
    public let all: Row
    /// Each dimension of the national release, with its groups' figures.
    public let dimensions: [(dimension: EquityDimension, rows: [Row])]
    /// Decile 1's % within 18 weeks minus decile 10's, in percentage points (Newcombe 95%
    /// interval), from releasable counts only; nil when either share may not be shown.
    public let decile1MinusDecile10: Estimate?

    /// The figures of a census.
    public init(census: Census, disclosure: DisclosurePolicy = DisclosurePolicy()) {
        all = Row(code: "all", label: "All patients", census.all)
        dimensions = EquityDimension.registry.filter(\.isInNationalRelease).compactMap { dimension in
            guard let waits = census.waits(dimension) else { return nil }
            return (
                dimension,
                dimension.groups.indices.map { Row(code: dimension.groups[$0].code, label: dimension.groups[$0].label, waits[$0]) }
            )
        }
        var gap: Estimate?
        if let deciles = census.waits(.imdDecile),
            let first = disclosure.releasable(Row(code: "1", label: "", deciles[0]).within18Weeks),
            let tenth = disclosure.releasable(Row(code: "10", label: "", deciles[9]).within18Weeks),
            let difference = Compare.riskDifference(first.numerator, of: first.denominator, versus: tenth.numerator, of: tenth.denominator)
        {
            gap = Estimate(value: difference.value * 100, lower: difference.lower * 100, upper: difference.upper * 100)
        }
        decile1MinusDecile10 = gap
    }

    /// The grouped-data median of the RTT weekly bands, in weeks: band 0 holds waits of 0–7 days,
    /// band b ≥ 1 those of 7b + 1 … 7(b + 1) days (more than b, up to b + 1 weeks).
    public static func medianFromWeeklyBands(_ waits: WaitDistribution) -> Double? {
        guard waits.count > 0 else { return nil }
        var bands: [Int] = []
        for (day, patients) in waits.dayCounts.enumerated() where patients > 0 {
            let band = day <= 7 ? 0 : (day - 1) / 7
            while bands.count <= band { bands.append(0) }
            bands[band] += Int(patients)
        }
        let half = Double(waits.count) / 2
        var before = 0
        for (band, patients) in bands.enumerated() where patients > 0 {
            if Double(before + patients) >= half {
                return Double(band) + (half - Double(before)) / Double(patients)
            }
            before += patients
        }
        return nil
    }
}
