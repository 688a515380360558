import WaitgapCore

extension BoardPack {
    /// Page one: every pre-specified measure this month with its interval, its change since last
    /// month and since the baseline month with theirs, the Making Data Count icons, and one plain
    /// sentence. The rest of the pack is the appendix behind it.
    func boardSummary(charts: [ChartFile], _ out: inout MarkdownWriter) {
        out.heading(2, "Board summary")
        out.paragraph(summarySentence)
        let history = run.history
        // A baseline that is this month is no baseline yet.
        let baseline = history?.baseline.flatMap { $0 == census.censusDate ? nil : String($0.description.prefix(7)) }
        let header = [
            "Measure", "This month (95% CI)", "Change since last month", "Change since \(baseline ?? "baseline")", "Variation",
            "Assurance (target 0)",
        ]
        var rows: [[String]] = []
        for measure in findings.measures {
            let series = measure.series
            let unit = measure.measure.statistic == .meanGap ? "weeks" : "points"
            let value =
                measure.estimate.map { estimate in
                    let text = intervalText(estimate)
                    let value = measure.significant ? "**\(String(format1: estimate.value))**" : String(format1: estimate.value)
                    return value + text + (measure.tested ? "" : " ‡")
                } ?? (census.unavailability(of: measure.measure.dimension).map { "not available: \($0)" } ?? "*")
            let trial = series?.chart?.hasTrialLimits == true ? " (trial limits)" : ""
            let variationIcon = MDCIcons.variation(series?.chart).map { "![\($0.title)\(trial)](charts/\($0.name))" } ?? "–"
            let assuranceIcon = MDCIcons.assurance(series?.chart).map { "![\($0.title)](charts/\($0.name))" } ?? "–"
            rows.append([
                "\(measure.label) (\(unit))", value, change(series?.changeSinceLastMonth), change(series?.changeSinceBaseline),
                variationIcon, assuranceIcon,
            ])
        }
        out.table(
            header: header, rows: rows, rightAligned: [1, 2, 3],
            context: MarkdownWriter.TableContext(
                rows: findings.measures.map { ($0.measure.group, $0.measure.slice.code) },
                rowDimensions: findings.measures.map { ($0.measure.dimension.id, run.references[$0.measure.dimension]) }))
        var notes =
            "**Bold**: a gap that is a finding with the \(findings.measures.filter(\.tested).count) measures that could be tested, tested together (Holm's method, 5%; a gap in mean must show in the medians too), or a change whose 95% interval excludes zero. ‡: not tested, with fewer than \(Measure.minimumTestedGroup) patients on a side. A gap is positive when the first group waits longer; for every gap, closer to zero is better. Icons: NHS England's Making Data Count (variation of this month against the months before; assurance against a gap of zero)."
        if let months = history?.series.first?.months.count, months < 12 {
            notes +=
                " With \(months) month\(months == 1 ? "" : "s") the limits are trial limits and no assurance is given (Making Data Count asks for 12 or more points)."
        }
        if history == nil || (history?.series.first?.months.count ?? 0) < 2 {
            notes += " Changes and icons appear once the run history holds two months."
        }
        out.paragraph(notes)
    }

    /// The one plain sentence: how many measures are findings, the largest, and the largest
    /// change since baseline that is one.
    var summarySentence: String {
        let measured = findings.measures.filter { $0.estimate != nil }
        let found = measured.filter(\.significant)
        let untested = findings.measures.count - findings.measures.filter(\.tested).count
        let untestedNote =
            untested == 0
            ? ""
            : " \(untested) of them could not be tested, with fewer than \(Measure.minimumTestedGroup) patients on a side or too few to show."
        var sentence: String
        if let largest = found.max(by: { abs($0.estimate!.value) < abs($1.estimate!.value) }) {
            let estimate = largest.estimate!
            sentence =
                "\(found.count) of the \(findings.measures.count) pre-specified gaps \(found.count == 1 ? "is a finding" : "are findings") this month, allowing for testing them together; the largest is \(largest.label): \(signedWeeks(estimate, largest.measure)) (95% CI \(String(format1: estimate.lower)) to \(String(format1: estimate.upper)))."
        } else if measured.isEmpty {
            sentence = "Too few patients to measure any of the pre-specified gaps this month."
        } else {
            sentence =
                "None of the \(findings.measures.count) pre-specified gaps is a finding this month once they are tested together: the differences seen may be chance."
        }
        sentence += untestedNote
        let changes = findings.measures.compactMap { measure -> (EquityFindings.MeasureFinding, Estimate)? in
            guard let change = measure.series?.changeSinceBaseline, change.excludes(0) else { return nil }
            return (measure, change)
        }
        if let (measure, change) = changes.max(by: { abs($0.1.value) < abs($1.1.value) }), let baseline = run.history?.baseline {
            let narrowed = abs(measure.estimate?.value ?? change.value) < abs((measure.estimate?.value ?? 0) - change.value)
            let unit = measure.measure.statistic == .meanGap ? "weeks" : "percentage points"
            sentence +=
                " Since \(baseline.description.prefix(7)), \(measure.label) has \(narrowed ? "narrowed" : "widened") by \(String(format1: abs(change.value))) \(unit) (95% CI \(String(format1: change.lower)) to \(String(format1: change.upper)))."
        }
        return sentence
    }

    private func signedWeeks(_ estimate: Estimate, _ measure: Measure) -> String {
        let unit = measure.statistic == .meanGap ? "weeks" : "percentage points"
        let value = String(format1: abs(estimate.value))
        if measure.statistic == .over52Gap {
            return "\(value) percentage points \(estimate.value >= 0 ? "more" : "fewer") waiting over 52 weeks"
        }
        return estimate.value >= 0 ? "\(value) \(unit) longer" : "\(value) \(unit) shorter"
    }

    /// ` (2.1 to 3.4)`.
    private func intervalText(_ estimate: Estimate) -> String {
        " (\(String(format1: estimate.lower)) to \(String(format1: estimate.upper)))"
    }

    /// A change with its interval, bold when the interval excludes zero; `–` when unknown.
    private func change(_ estimate: Estimate?) -> String {
        guard let estimate else { return "–" }
        let value = (estimate.value > 0 ? "+" : "") + String(format1: estimate.value)
        return (estimate.excludes(0) ? "**\(value)**" : value) + intervalText(estimate)
    }

    /// The Making Data Count icons the board summary shows, as files beside the charts.
    var iconFiles: [ChartFile] {
        var files: [String: ChartFile] = [:]
        for measure in findings.measures {
            for icon in [MDCIcons.variation(measure.series?.chart), MDCIcons.assurance(measure.series?.chart)].compactMap({ $0 }) {
                files[icon.name] = icon
            }
        }
        return files.values.sorted { $0.name < $1.name }
    }
}
