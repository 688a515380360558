import WaitgapCore
import WaitgapReport
import WaitgapScorer

/// The summary `waitgap score` writes beside the list: what the reordering does tier by tier, what
/// became of carried overrides, and the equity-impact simulation. No identifier; counts suppressed.
struct ScoreSummary {
    let ranked: RankedList
    let censusDate: Day
    /// The weights, named (file and fingerprint, or the defaults), and their values.
    let weights: String
    let scoringWeights: ScoringWeights
    let fingerprint: String
    /// Whether the history records an approval of the weights (a list made with unapproved
    /// weights cannot be signed off).
    var weightsApproved = false
    /// Where the extract's rows went.
    let accounting: Accounting
    let carried: [OverrideOutcome]
    let simulation: EquitySimulation.Result?
    /// What may be shown (`--suppress-below`, as for the pack).
    var disclosure = DisclosurePolicy()
    /// The reference groups (`--reference`, as for the pack).
    var references = ReferenceGroups()

    /// The column that gave the current booking order (`--booking-order`), the second baseline.
    var bookingColumn: String?
    /// The weights swept (`--sweep`): each value's simulation.
    var sweep: (factor: String, runs: [(value: Double, result: EquitySimulation.Result)])?

    var markdown: String {
        var text = "# Reprioritised list: summary (DRAFT)\n\n"
        text += "Census date \(censusDate) · \(markdownLiteral(weights)) · list fingerprint `\(fingerprint)`\n\n"
        let simulated = simulation.map {
            Simulation(result: $0, disclosure: disclosure, references: references, bookingColumn: bookingColumn)
        }
        // A reversed gap is the first thing a clinical lead reads, not a line in a table.
        for warning in simulated?.warnings ?? [] { text += "**Warning: \(warning)**\n\n" }
        text +=
            "The list is a DRAFT until a clinician signs off each specialty's part (`waitgap signoff --specialty`). Patients never move between clinical priority tiers; ranks restart within each tier of each \(ranked.list.rankWithin == .trust ? "trust-wide list" : ranked.list.rankWithin.rawValue), where they are ordered by score, then by longer wait. "
        text += notReordered
        text +=
            weightsApproved
            ? "The weights are approved (`waitgap weights approve`).\n\n"
            : "**The weights are not approved** (`waitgap weights approve`): the list cannot be signed off until they are.\n\n"
        text += moves
        text += overrides
        text += "\nRows that could not be analysed (see `waitgap analyse` for their reasons): \(accounting.quarantined.grouped).\n"
        if accounting.outOfScope > 0 {
            text +=
                "Rows out of scope, not reordered (non-RTT lists; `--scope all` includes them): \(accounting.outOfScope.grouped).\n"
        }
        text += weightsTable
        if let simulated { text += simulated.markdown }
        if let sweep { text += sweepTable(sweep.factor, sweep.runs) }
        return text
    }

    private func count(_ value: Int) -> String { disclosure.published(value).map(\.grouped) ?? "*" }

    /// The sweep: for each weight, the deprivation gap at the end in score order (wait order
    /// alongside), and the cost, so that a committee can choose one.
    private func sweepTable(_ factor: String, _ runs: [(value: Double, result: EquitySimulation.Result)]) -> String {
        guard let first = runs.first else { return "" }
        let deprivation = EquityDimension.imdQuintile
        let focus = deprivation.focusOrdinals(against: references[deprivation])[0]
        let reference = deprivation.groups[references.ordinal(in: deprivation)].label
        var text =
            "\n## Sweep: \(markdownLiteral(factor)) points × each multiplier, \(first.result.settings.weeks) weeks\n\n"
        text +=
            "The same simulation for each multiplier of the \(markdownLiteral(factor)) points (1 = the weights as given). Gap: mean wait of \(deprivation.groups[focus].label) less \(reference), in weeks, with its 95% interval; negative: the most deprived wait less.\n\n"
        text +=
            "| Multiplier | Gap, wait order | Gap, score order | Mean wait of those treated (weeks) | Patients over 52 weeks at some point | Any gap reversed |\n| ---: | ---: | ---: | ---: | ---: | --- |\n"
        func multiplier(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            return "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
        }
        func estimate(_ value: Estimate?) -> String {
            value.map { "\(String(format1: $0.value)) (\(String(format1: $0.lower)) to \(String(format1: $0.upper)))" } ?? "*"
        }
        for (value, result) in runs {
            let simulated = Simulation(result: result, disclosure: disclosure, references: references)
            let w = simulated.byWait[deprivation].gaps?.groups[focus].meanGap
            let s = simulated.byScore[deprivation].gaps?.groups[focus].meanGap
            let treated = result.outcomes[1].treated.meanDays.map { String(format1: $0 / 7) } ?? "–"
            text +=
                "| \(multiplier(value)) | \(estimate(w)) | \(estimate(s)) | \(treated) | \(count(result.outcomes[1].passed[52] ?? 0)) | \(simulated.warnings.isEmpty ? "no" : "**yes**") |\n"
        }
        return text
    }

    /// A weekly rate over `weeks` weeks as published: from the rounded count of the period (a
    /// rate to one decimal times the weeks would give the exact count back), `*` when suppressed.
    private func perWeek(_ rate: Double, weeks: Int) -> String {
        let total = Int((rate * Double(weeks)).rounded())
        guard let published = disclosure.published(total) else { return "*" }
        return String(format1: Double(published) / Double(weeks))
    }

    /// Every weight, so the board sees what the order was made of.
    private var weightsTable: String {
        let weights = scoringWeights
        func points(_ value: Double) -> String { String(format1: value) }
        func listed(_ table: [String: Double], _ keys: [String]) -> String {
            keys.map { "\($0): \(points(table[$0] ?? 0))" }.joined(separator: ", ")
        }
        // Typed: GRDB's SQL is also built from string interpolations and joined, and would be inferred.
        let targets: String = Tier.allCases.map { tier -> String in
            let weeks = weights.tierTargetWeeks[tier.key] ?? 0
            let days = Int((weeks * 7).rounded())
            return "\(tier.key) " + (weeks < 1 ? "\(days) day\(days == 1 ? "" : "s")" : "\(points(weeks)) weeks")
        }.joined(separator: ", ")
        var text = "\n## The weights\n\n| Factor | Points |\n| --- | --- |\n"
        text +=
            "| Wait | \(points(weights.waitPointsPerTarget)) per multiple of the tier's target (\(targets)) |\n"
        text +=
            "| IMD decile | \(listed(weights.imdDecilePoints, (1...10).map(String.init))); not known: \(points(weights.imdUnknownPoints)) |\n"
        text +=
            "| Learning disability | Y: \(points(weights.learningDisabilityPoints)); not recorded: \(points(weights.learningDisabilityUnknownPoints)) |\n"
        text +=
            "| Age band | \(listed(weights.ageBandPoints, ScoringWeights.ageBands)); not known: \(points(weights.ageUnknownPoints)) |\n"
        for factor in weights.columns {
            let rule =
                factor.pointsPerUnit.map { perUnit in
                    "\(points(perUnit)) a unit"
                        + (factor.minimum == nil && factor.maximum == nil
                            ? "" : ", value kept within \(factor.minimum.map(points) ?? "–")…\(factor.maximum.map(points) ?? "–")")
                } ?? listed(factor.codePoints ?? [:], (factor.codePoints ?? [:]).keys.sorted())
            text +=
                "| `\(markdownCode(factor.column))`\(factor.comment.map { ": " + markdownLiteral($0) } ?? "") | \(markdownLiteral(rule)); unknown: \(points(factor.unknownPoints)) |\n"
        }
        return text
    }

    /// What is kept in wait order, and why (counts suppressed as the tier table's are not needed:
    /// these are whole tiers or list types, shown as words only).
    private var notReordered: String {
        let kept = ranked.segments.filter { !$0.reordered }
        guard !kept.isEmpty else { return "Every pathway is reordered (`--reorder-all`).\n\n" }
        let reasons = Set(kept.map { ListFile.orderMark(reordered: false, tier: $0.tier) }).sorted()
        return
            "Only admitted pathways with a surgical priority are reordered; the rest keep their wait order, marked in the list's `order` column (\(reasons.joined(separator: "; "))).\n\n"
    }

    private var moves: String {
        var text = "| Tier | Patients | Moved up | Moved down | Median move (places) |\n| --- | ---: | ---: | ---: | ---: |\n"
        // The tiers partition the list, whose size the pack shows: hide enough that no small
        // tier can be recovered by subtraction, as the pack's tables do.
        var sizes = [Int](repeating: 0, count: Tier.allCases.count)
        for segment in ranked.segments { sizes[segment.tier.rawValue] += segment.range.count }
        let hiddenTiers = disclosure.hiddenCells(sizes)
        for (index, tier) in Tier.allCases.enumerated() where sizes[index] > 0 {
            if hiddenTiers.contains(index) {
                text += "| \(tier.key) | * | * | * | * |\n"
                continue
            }
            // Moves counted into a histogram of their sizes (a move is less than its part's
            // size), so a tier of millions needs no array of them.
            let segments = ranked.segments.filter { $0.tier == tier }
            var histogram = [Int](repeating: 0, count: (segments.map(\.range.count).max() ?? 0) + 1)
            var (up, down) = (0, 0)
            for segment in segments {
                for position in segment.range {
                    let move = ranked.entries[position].rankByWait - (position - segment.range.lowerBound + 1)
                    if move > 0 { up += 1 } else if move < 0 { down += 1 }
                    histogram[abs(move)] += 1
                }
            }
            var median = 0
            var seen = 0
            while seen + histogram[median] <= sizes[index] / 2 {
                seen += histogram[median]
                median += 1
            }
            let shown = disclosure.showsStatistics(ofGroupSize: sizes[index]) ? median.grouped : "*"
            text += "| \(tier.key) | \(count(sizes[index])) | \(count(up)) | \(count(down)) | \(shown) |\n"
        }
        return text
    }

    private var overrides: String {
        guard !carried.isEmpty else { return "" }
        let applied = carried.filter { if case .applied = $0 { true } else { false } }.count
        let clamped = carried.filter { if case .clamped = $0 { true } else { false } }.count
        let gone = carried.filter { if case .notOnList = $0 { true } else { false } }.count
        let moved = carried.filter { if case .tierChanged = $0 { true } else { false } }.count
        return """

            Overrides carried over from earlier lists (see `waitgap audit`): \(count(applied)) applied, \(count(clamped)) applied at the end of a \
            tier that is now shorter, \(count(gone)) lapsed as the pathway left the list, \(count(moved)) lapsed as the pathway changed tier.

            """
    }

    /// The simulation's section: the findings of the list at the end under each order, laid out.
    struct Simulation {
        let result: EquitySimulation.Result
        let disclosure: DisclosurePolicy
        let references: ReferenceGroups
        /// The list still waiting at the end, in wait order and in score order.
        let byWait: EquityFindings
        let byScore: EquityFindings
        /// The list still waiting at the end in its current booking order, when one was given.
        let byBooking: EquityFindings?
        let bookingColumn: String?

        init(result: EquitySimulation.Result, disclosure: DisclosurePolicy, references: ReferenceGroups, bookingColumn: String? = nil) {
            self.result = result
            self.disclosure = disclosure
            self.references = references
            self.bookingColumn = bookingColumn
            byBooking =
                result.outcomes.count > 2
                ? EquityFindings(census: result.outcomes[2].census, references: references, disclosure: disclosure) : nil
            let specialties = [RTTSpecialty.allCases.map { Slice.specialty($0) }]
            byWait = EquityFindings(
                census: result.outcomes[0].census, references: references, disclosure: disclosure, slices: specialties)
            byScore = EquityFindings(
                census: result.outcomes[1].census, references: references, disclosure: disclosure, slices: specialties)
        }

        private var wait: EquitySimulation.Outcome { result.outcomes[0] }
        private var score: EquitySimulation.Outcome { result.outcomes[1] }

        /// The dimensions reported, of those the list carries: deprivation, ethnic group,
        /// learning disability, age band and sex.
        var dimensions: [EquityDimension] {
            let wanted: [EquityDimension] = [.imdQuintile, .ethnicGroup, .learningDisability, .ageBand, .sex]
            return wanted.filter { dimension in byWait.dimensions.contains { $0.dimension == dimension && $0.unavailable == nil } }
        }

        /// The gaps the weights reverse, beyond the score-order gap's interval, as sentences.
        var warnings: [String] {
            EquitySimulation.reversals(byWait: byWait, byScore: byScore, dimensions: dimensions, references: references).map { reversal in
                let dimension = EquityDimension.named(reversal.dimension)!
                func name(_ ordinal: Int) -> String {
                    let label = dimension.groups[ordinal].label
                    return (dimension.groupNoun.map { $0 + " " } ?? "") + (dimension.labelsAreNouns ? label.lowercased() : label)
                }
                let (group, reference) = (name(reversal.group), name(reversal.reference))
                let (longer, shorter) = reversal.byScore.value > 0 ? (group, reference) : (reference, group)
                let bounds = [abs(reversal.byScore.lower), abs(reversal.byScore.upper)].sorted()
                let interval = "\(String(format1: bounds[0])) to \(String(format1: bounds[1]))"
                let then =
                    reversal.byWait.value > 0
                    ? "\(group) would wait \(String(format1: reversal.byWait.value)) weeks longer"
                    : "\(reference) would wait \(String(format1: -reversal.byWait.value)) weeks longer"
                return
                    "the weights reverse the \(dimension.title.lowercased()) gap (\(group) vs \(reference)): after \(result.settings.weeks) weeks in score order \(longer) would wait \(String(format1: abs(reversal.byScore.value))) weeks longer than \(shorter) (95% interval \(interval)), where in wait order \(then). The weights over-correct: reduce them (see the sweep, `--sweep`)."
            }
        }

        var markdown: String {
            let weeks = result.settings.weeks
            var text = "\n## Equity impact: \(weeks)-week simulation\n\n"
            text += headline
            text +=
                "\nA projection under simple assumptions, not a forecast: each tier treats a fixed number of patients a week from the top of its order, once by wait (longest first) and once by score; new referrals join at each tier's rate over the last \(result.settings.recentWeeks) weeks, drawn from its recent referrals (seed \(result.settings.seed)). A tier's capacity is given (`--capacity`), or what explains its change in size since a stored run 4 to 26 weeks earlier, or else its referral rate, so that its list holds its size. Waits are of patients still waiting at the end, as the board pack counts them.\n\n"
            text += "| Tier | Waiting now | New referrals a week | Treated a week |\n| --- | ---: | ---: | ---: |\n"
            for rate in result.rates {
                let source =
                    switch rate.capacitySource {
                    case .given: ""
                    case .history(let since): " (from the change since \(since))"
                    case .referrals: " (= referrals)"
                    }
                text +=
                    "| \(rate.tier.key) | \(count(rate.patients)) | \(perWeek(rate.arrivalsPerWeek, weeks: result.settings.recentWeeks)) | \(perWeek(rate.capacityPerWeek, weeks: result.settings.recentWeeks))\(source) |\n"
            }
            for dimension in dimensions { text += groups(dimension) }
            text += gaps
            text += bySpecialty
            text += cost
            return text
        }

        private func count(_ value: Int) -> String { disclosure.published(value).map(\.grouped) ?? "*" }

        /// A weekly rate over `weeks` weeks as published: from the rounded count of the period (a
        /// rate to one decimal times the weeks would give the exact count back), `*` when suppressed.
        private func perWeek(_ rate: Double, weeks: Int) -> String {
            let total = Int((rate * Double(weeks)).rounded())
            guard let published = disclosure.published(total) else { return "*" }
            return String(format1: Double(published) / Double(weeks))
        }

        private func weeks(_ value: Double?) -> String { value.map { String(format1: $0) } ?? "–" }

        /// A group's gap in mean wait from its dimension's reference at the end, in weeks, from
        /// the findings (nil when either side is too small to show).
        private func gap(_ findings: EquityFindings, _ dimension: EquityDimension, _ group: Int) -> Double? {
            findings[dimension].gaps?.groups[group].meanGap?.value
        }

        private var headline: String {
            let deprivation = EquityDimension.imdQuintile
            let reference = references.ordinal(in: deprivation)
            let focus = deprivation.focusOrdinals(against: references[deprivation])[0]
            guard let byWait = gap(byWait, deprivation, focus), let byScore = gap(byScore, deprivation, focus) else {
                return "Too few patients with a known deprivation quintile to project the deprivation gap.\n"
            }
            let change = byScore - byWait
            let focusLabel = deprivation.focusPhrase([focus])
            let direction =
                abs(change) < 0.05
                ? "these weights leave it as it is"
                : "these weights move it \(String(format1: abs(change))) weeks in favour of patients in \(change < 0 ? focusLabel : deprivation.groupNoun! + " " + deprivation.referencePhrase(reference))"
            func signed(_ weeks: Double) -> String { (weeks > 0 ? "+" : "") + String(format1: weeks) }
            var booking = ""
            if let byBooking, let column = bookingColumn {
                let gap = gap(byBooking, deprivation, focus)
                booking =
                    " In the list's current booking order (its `\(markdownCode(column))` column), the second baseline, it would be "
                    + (gap.map { "\(signed($0)) weeks." } ?? "too small to show.")
            }
            return
                "After \(result.settings.weeks) weeks, the projected gap in mean wait between patients in \(focusLabel) and in \(deprivation.groupNoun!) \(deprivation.referencePhrase(reference)) is \(signed(byWait)) weeks in wait order (the baseline: longest wait first) and \(signed(byScore)) weeks in score order (positive: patients in \(focusLabel) wait longer): \(direction).\(booking)\n"
        }

        /// A dimension's groups at the end under each order. The groups partition the list at the
        /// end: enough counts are hidden, as in the pack, that none can be recovered by subtraction.
        private func groups(_ dimension: EquityDimension) -> String {
            let (w, s) = (byWait[dimension], byScore[dimension])
            var text =
                "\n| \(dimension.title) | Waiting at end (wait / score order) | Mean weeks (wait / score) | Median weeks | 92nd percentile weeks |\n"
            text += "| --- | ---: | ---: | ---: | ---: |\n"
            let hiddenWait = disclosure.hiddenCells(w.waits.map(\.count))
            let hiddenScore = disclosure.hiddenCells(s.waits.map(\.count))
            for (index, group) in dimension.groups.enumerated() {
                let (a, b) = (w.summaries[index], s.summaries[index])
                guard a.count + b.count > 0 else { continue }
                func stat(_ summary: WaitSummary, hidden: Bool, _ value: (WaitSummary) -> Double?) -> String {
                    !hidden && disclosure.showsStatistics(ofGroupSize: summary.count) ? weeks(value(summary)) : "*"
                }
                let (aHidden, bHidden) = (hiddenWait.contains(index), hiddenScore.contains(index))
                func pair(_ value: (WaitSummary) -> Double?) -> String {
                    "\(stat(a, hidden: aHidden, value)) / \(stat(b, hidden: bHidden, value))"
                }
                let counts = "\(aHidden ? "*" : count(a.count)) / \(bHidden ? "*" : count(b.count))"
                text += "| \(group.label) | \(counts) | \(pair(\.meanWeeks)) | \(pair(\.medianWeeks)) | \(pair(\.p92Weeks)) |\n"
            }
            return text
        }

        /// Each known group's gap from its dimension's reference at the end, under each order.
        private var gaps: String {
            var text =
                byBooking == nil
                ? "\n| Gap in mean wait at the end (weeks) | Wait order | Score order | Change |\n| --- | ---: | ---: | ---: |\n"
                : "\n| Gap in mean wait at the end (weeks) | Wait order | Score order | Change | Current booking order |\n| --- | ---: | ---: | ---: | ---: |\n"
            for dimension in dimensions {
                let reference = references.ordinal(in: dimension)
                for (index, group) in dimension.groups.enumerated() where index != reference && !group.isNotKnown {
                    let (w, s) = (gap(byWait, dimension, index), gap(byScore, dimension, index))
                    let change = w.flatMap { w in s.map { String(format1: $0 - w) } } ?? "–"
                    let booking = byBooking.map { " \(gap($0, dimension, index).map { String(format1: $0) } ?? "*") |" } ?? ""
                    text +=
                        "| \(dimension.title): \(group.label) vs \(dimension.groups[reference].label) | \(w.map { String(format1: $0) } ?? "*") | \(s.map { String(format1: $0) } ?? "*") | \(change) |\(booking)\n"
                }
            }
            return text
        }

        /// The deprivation gap at the end within each RTT specialty, under each order (`*` where
        /// either group is too small to show).
        private var bySpecialty: String {
            let deprivation = EquityDimension.imdQuintile
            let (w, s) = (byWait[deprivation].slices, byScore[deprivation].slices)
            guard !w.isEmpty, w.count == s.count else { return "" }
            let focus = deprivation.groups[deprivation.focusOrdinals(against: references[deprivation])[0]].label
            let reference = deprivation.groups[references.ordinal(in: deprivation)].label
            var text =
                "\n| Deprivation gap by specialty at the end (weeks, \(focus) vs \(reference)) | Wait order | Score order | Change |\n| --- | ---: | ---: | ---: |\n"
            for (a, b) in zip(w, s) where a.total.count + b.total.count > 0 {
                guard case .specialty(let specialty) = a.slice else { continue }
                let change = a.gap.flatMap { x in b.gap.map { String(format1: $0.value - x.value) } } ?? "–"
                text +=
                    "| \(specialty.label) | \(a.gap.map { String(format1: $0.value) } ?? "*") | \(b.gap.map { String(format1: $0.value) } ?? "*") | \(change) |\n"
            }
            return text
        }

        private var cost: String {
            var text = "\n| The cost | Wait order | Score order | Change |\n| --- | ---: | ---: | ---: |\n"
            func row(_ label: String, _ w: Double?, _ s: Double?) {
                let change = w.flatMap { w in s.map { String(format1: $0 - w) } } ?? "–"
                text += "| \(label) | \(w.map { String(format1: $0) } ?? "–") | \(s.map { String(format1: $0) } ?? "–") | \(change) |\n"
            }
            func row(_ label: String, count w: Int, _ s: Int) {
                // The change is between the published (rounded) counts, so it cannot reveal a small one.
                let (shownW, shownS) = (disclosure.published(w), disclosure.published(s))
                let change = shownW.flatMap { w in shownS.map { $0 - w } }.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? "*"
                text += "| \(label) | \(count(w)) | \(count(s)) | \(change) |\n"
            }
            row(
                "Longest wait at the end (weeks)", wait.waiting.count > 0 ? Double(wait.waiting.maxDays) / 7 : nil,
                score.waiting.count > 0 ? Double(score.waiting.maxDays) / 7 : nil)
            row("Mean wait of those treated (weeks)", wait.treated.meanDays.map { $0 / 7 }, score.treated.meanDays.map { $0 / 7 })
            for threshold in EquitySimulation.thresholds {
                row("Patients over \(threshold) weeks at some point", count: wait.passed[threshold] ?? 0, score.passed[threshold] ?? 0)
            }
            for threshold in EquitySimulation.thresholds {
                row(
                    "Still waiting over \(threshold) weeks at the end", count: wait.waiting.count(over: threshold * 7),
                    score.waiting.count(over: threshold * 7))
            }
            text += "\nCounts are rounded to 5 and small ones shown as `*`; changes in counts are between the rounded counts.\n"
            return text
        }
    }
}
