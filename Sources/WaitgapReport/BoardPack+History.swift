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
            "The last run of each month, \(months.first!) to \(months.last!) (\(months.count) months). Variation is judged as NHS England's Making Data Count does (XmR chart, limits at the mean ± 2.66 × the mean moving range, outlying moving ranges screened as NHSRplotthedots does); for every metric here smaller is better, and gaps are assured against a target of 0 weeks."
        if months.count < 12 { intro += " With fewer than 12 months the limits are trial limits." }
        if run.replacedEarlierRun { intro += " This run replaced an earlier run of the same census date." }
        out.paragraph(intro)
        var rows: [[String]] = []
        for series in history.series {
            let format: (Double?) -> String = { value in value.map { String(format1: $0) + (series.unit == "%" ? "%" : "") } ?? "*" }
            var change = "–"
            if let latest = series.latest, let previous = series.previous {
                let delta = latest - previous
                change = (delta > 0 ? "+" : "") + String(format1: delta) + (series.unit == "%" ? " points" : "")
            }
            rows.append([
                series.name + (series.unit == "weeks" ? " (weeks)" : ""), format(series.latest), format(series.previous), change,
                String(series.values.compactMap { $0 }.count), variation(series.chart?.variation), assurance(series.chart?.assurance),
            ])
        }
        out.table(
            header: ["Metric", "This month", "Last month", "Change", "Months", "Variation", "Assurance (target 0)"], rows: rows,
            rightAligned: [1, 2, 3, 4])
        for index in history.series.indices { chart("spc-\(index + 1)", from: charts, &out) }
    }

    /// An SPC chart for each metric with at least two months.
    var historyCharts: [ChartFile] {
        guard let history = run.history else { return [] }
        let suffix = census.censusDate?.description ?? "unknown-census"
        return history.series.enumerated().compactMap { index, series in
            guard let chart = series.chart else { return nil }
            let labels = zip(series.months, series.values).compactMap { month, value in
                value == nil ? nil : String(month.description.prefix(7))
            }
            let title = series.name
            let svg = SVGChart.spc(
                title: title, yLabel: series.unit == "%" ? "Patients (%)" : "Gap in mean wait (weeks)", labels: labels, points: chart.points
            )
            let last = chart.points.last!
            let description =
                "\(labels.count) months; latest \(String(format1: last.value)), mean \(String(format1: last.mean)), limits \(String(format1: last.lowerLimit)) to \(String(format1: last.upperLimit)); latest point: \(variation(last.type).lowercased())."
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
