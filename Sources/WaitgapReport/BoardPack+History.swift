import WaitgapCore

extension BoardPack {
    func historySection(charts: [ChartFile], _ out: inout MarkdownWriter) {
        out.heading(2, "Month on month")
        guard let history = run.history, let months = history.series.first?.months, months.count >= 2 else {
            var text = "This is the first month in the run history: change since last month and the trend appear from next month."
            if run.replacedEarlierRun { text += " This run replaced an earlier run of the same census date." }
            out.paragraph(text)
            return
        }
        var intro =
            "The last run of each month, \(months.first!) to \(months.last!) (\(months.count) months), for every pre-specified measure. Variation is judged as NHS England's Making Data Count does (XmR chart, limits at the mean ± 2.66 × the mean moving range, outlying moving ranges screened as NHSRplotthedots does); for every gap, closer to zero is better, and gaps are assured against a target of 0."
        if run.replacedEarlierRun { intro += " This run replaced an earlier run of the same census date." }
        out.paragraph(intro)
        var rows: [[String]] = []
        for series in history.series {
            let suffix = series.unit == "%" ? "%" : ""
            let format: (Double?) -> String = { value in value.map { String(format1: $0) + suffix } ?? "*" }
            var change = "–"
            if let delta = series.changeSinceLastMonth {
                change =
                    (delta.value > 0 ? "+" : "") + String(format1: delta.value)
                    + " (\(String(format1: delta.lower)) to \(String(format1: delta.upper)))"
            }
            let trial = series.chart?.hasTrialLimits == true ? " (trial limits)" : ""
            rows.append([
                series.name + " (\(series.unit == "%" ? "%" : series.unit))", format(series.latest), format(series.previous), change,
                String(series.values.compactMap { $0 }.count), variation(series.chart?.variation) + trial,
                assurance(series.chart?.assurance),
            ])
        }
        out.table(
            header: ["Measure", "This month", "Last month", "Change (95% CI)", "Months", "Variation", "Assurance (target 0)"],
            rows: rows, rightAligned: [1, 2, 3, 4])
        let shifted = history.series.filter { $0.chart?.sustainedShift == true }.map(\.name)
        if !shifted.isEmpty {
            out.paragraph(
                "**A sustained shift** (seven or more months in a row on one side of the mean) in: \(shifted.joined(separator: "; ")). If it follows a change in practice, consider new limits from its first month (`--spc-rebase YYYY-MM-DD`)."
            )
        }
        if !history.annotations.isEmpty {
            out.paragraph("Notes marked on the charts (`--annotate`):")
            out.bullets(
                history.annotations.enumerated().map { "\($0.offset + 1). \($0.element.day): \(MarkdownWriter.literal($0.element.text))" })
        }
        for index in history.series.indices { chart("spc-\(index + 1)", from: charts, &out) }
    }

    /// An SPC chart for each measure with at least two months.
    var historyCharts: [ChartFile] {
        guard let history = run.history else { return [] }
        let suffix = census.censusDate?.description ?? "unknown-census"
        return history.series.enumerated().compactMap { index, series in
            guard let chart = series.chart else { return nil }
            let known = zip(series.months, series.values).compactMap { month, value in value == nil ? nil : month }
            let labels = known.map { String($0.description.prefix(7)) }
            // Each note at the first charted month on or after its day.
            let notes = history.annotations.enumerated().compactMap { number, note in
                known.firstIndex { $0 >= note.day }.map { (index: $0, number: number + 1) }
            }
            let title = series.name
            let svg = SVGChart.spc(
                title: title,
                yLabel: series.unit == "%"
                    ? "Patients (%)" : series.unit == "weeks" ? "Gap in mean wait (weeks)" : "Gap (percentage points)",
                labels: labels, points: chart.points, target: series.measure == nil ? nil : 0, notes: notes,
                trialLimits: chart.hasTrialLimits)
            let last = chart.points.last!
            let description =
                "\(labels.count) months; latest \(String(format1: last.value)), mean \(String(format1: last.mean)), limits \(String(format1: last.lowerLimit)) to \(String(format1: last.upperLimit))\(chart.hasTrialLimits ? " (trial limits)" : "")\(series.measure == nil ? "" : "; target 0"); latest point: \(variation(last.type).lowercased())."
            return ChartFile(name: "spc-\(index + 1)-\(suffix).svg", svg: svg, title: "SPC: " + title, description: description)
        }
    }

    func variation(_ type: SPCChart.PointType?) -> String {
        switch type {
        case .specialCauseImprovement: "Special cause: improving"
        case .specialCauseConcern: "Special cause: getting worse"
        case .specialCauseNeutralHigh, .specialCauseNeutralLow: "Special cause"
        case .commonCause: "Common cause: no significant change"
        case nil: "–"
        }
    }

    private func assurance(_ assurance: SPCChart.Assurance?) -> String {
        switch assurance {
        case .consistentlyPass: "Consistently meets the target"
        case .consistentlyFail: "Consistently misses the target"
        case .inconsistent: "May or may not meet the target"
        case nil: "–"
        }
    }
}
