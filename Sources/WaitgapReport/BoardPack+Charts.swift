import WaitgapCore

/// A chart file of the pack: written to `charts/` beside it.
public struct ChartFile: Sendable, Equatable {
    /// The file name, under `charts/`.
    public var name: String
    /// The SVG.
    public var svg: String
    /// The short text alternative used as the image's alt text.
    public var title: String
    /// What the chart shows, in words, for readers who cannot see it.
    public var description: String
}

extension BoardPack {
    private var suffix: String { census.censusDate?.description ?? "unknown-census" }

    /// Every chart of the pack. Groups too small to show are left out of them.
    public var charts: [ChartFile] {
        var files: [ChartFile] = []
        let deprivation = findings[.imdQuintile]
        let ethnicity = findings[.ethnicGroup]
        let quintiles = deprivation.dimension.groups.indices.filter {
            !deprivation.dimension.groups[$0].isNotKnown || deprivation.waits[$0].count > 0
        }
        let ethnicGroups = Array(ethnicity.dimension.groups.indices)
        files.append(meanAndMedianChart("waits-by-deprivation", "Mean and median wait by IMD quintile", deprivation, groups: quintiles))
        files.append(meanAndMedianChart("waits-by-ethnic-group", "Mean and median wait by ethnic group", ethnicity, groups: ethnicGroups))
        files.append(
            longWaitChart("long-waits-by-deprivation", "Share waiting more than 52 weeks by IMD quintile", deprivation, groups: quintiles))
        files.append(
            longWaitChart("long-waits-by-ethnic-group", "Share waiting more than 52 weeks by ethnic group", ethnicity, groups: ethnicGroups)
        )
        files.append(bandChart(deprivation, quintiles))
        files.append(weeklyChart(deprivation, quintiles))
        if let slope = slopeChart() { files.append(slope) }
        return files + historyCharts + iconFiles
    }

    private func shown(_ findings: EquityFindings.DimensionFindings, _ groups: [Int]) -> [Int] {
        groups.filter { disclosure.showsStatistics(ofGroupSize: findings.waits[$0].count) }
    }

    private func meanAndMedianChart(_ name: String, _ title: String, _ findings: EquityFindings.DimensionFindings, groups: [Int])
        -> ChartFile
    {
        let groups = shown(findings, groups)
        var means: [SVGChart.Value?] = []
        var medians: [SVGChart.Value?] = []
        var words: [String] = []
        for group in groups {
            let summary = findings.summaries[group]
            let meanInterval = summary.meanIntervalWeeks
            means.append(summary.meanWeeks.map { SVGChart.Value(value: $0, lower: meanInterval?.lower, upper: meanInterval?.upper) })
            let medianInterval = summary.medianIntervalWeeks
            medians.append(
                summary.medianWeeks.map { SVGChart.Value(value: $0, lower: medianInterval?.lower, upper: medianInterval?.upper) })
            words.append(
                "\(findings.dimension.groups[group].label): mean \(weeks(summary.meanWeeks)), median \(weeks(summary.medianWeeks)) weeks")
        }
        let svg = SVGChart.bars(
            title: title, yLabel: "Weeks waited", categories: groups.map { findings.dimension.groups[$0].label },
            series: [("Mean (95% CI)", means), ("Median (95% CI)", medians)])
        return ChartFile(name: "\(name)-\(suffix).svg", svg: svg, title: title, description: words.joined(separator: "; ") + ".")
    }

    private func longWaitChart(_ name: String, _ title: String, _ findings: EquityFindings.DimensionFindings, groups: [Int]) -> ChartFile {
        let groups = groups.filter { group in findings.summaries[group].share(over: 52).map(disclosure.shows) ?? false }
        var values: [SVGChart.Value?] = []
        var words: [String] = []
        for group in groups {
            let exact = findings.summaries[group].share(over: 52)!
            let share = disclosure.releasable(exact)!
            values.append(SVGChart.Value(value: share.value! * 100, lower: share.lower * 100, upper: share.upper * 100))
            words.append("\(findings.dimension.groups[group].label): \(percent(exact))")
        }
        let svg = SVGChart.bars(
            title: title, yLabel: "Patients waiting over 52 weeks (%)", categories: groups.map { findings.dimension.groups[$0].label },
            series: [("Share over 52 weeks (95% CI)", values)])
        return ChartFile(name: "\(name)-\(suffix).svg", svg: svg, title: title, description: words.joined(separator: "; ") + ".")
    }

    /// The shares a chart may draw for a partition of a group: each part's published count (rounded;
    /// suppressed ones, and enough others that none can be recovered by subtraction, drawn as 0)
    /// over the group's published size. A chart's heights and text can then give back no more than
    /// the tables do.
    func publishedShares(_ counts: [Int], of total: Int) -> [Double] {
        guard let denominator = disclosure.published(total), denominator > 0 else { return counts.map { _ in 0 } }
        let hidden = disclosure.hiddenCells(counts)
        return counts.indices.map { index in
            hidden.contains(index) ? 0 : Double(disclosure.published(counts[index]) ?? 0) / Double(denominator)
        }
    }

    private func bandChart(_ findings: EquityFindings.DimensionFindings, _ quintiles: [Int]) -> ChartFile {
        let title = "How long patients have waited, by IMD quintile"
        let edges = [0, 18, 52, 65, 78, 104]
        let bands = ["Up to 18 weeks", "18–52", "52–65", "65–78", "78–104", "Over 104 weeks"]
        let groups = shown(findings, quintiles)
        var shares: [[Double]] = []
        var words: [String] = []
        for group in groups {
            let waits = findings.waits[group]
            let label = findings.dimension.groups[group].label
            let over = edges.map { $0 == 0 ? waits.count : waits.count(over: $0 * 7) }
            let counts = over.indices.map { index in over[index] - (index + 1 < over.count ? over[index + 1] : 0) }
            shares.append(publishedShares(counts, of: waits.count))
            // A part hidden for disclosure is drawn as nothing and said as `*`.
            let hidden = disclosure.hiddenCells(counts)
            let upTo18 = hidden.contains(0) ? "*" : String(format1: 100 * shares.last![0]) + "%"
            let over52 = hidden.contains { $0 >= 2 } ? "*" : String(format1: 100 * (shares.last![2...].reduce(0, +))) + "%"
            words.append("\(label): \(upTo18) up to 18 weeks, \(over52) over 52")
        }
        let svg = SVGChart.stacked(
            title: title, yLabel: "Share of the group's patients (%)", categories: groups.map { findings.dimension.groups[$0].label },
            bands: bands, shares: shares)
        return ChartFile(
            name: "wait-bands-by-deprivation-\(suffix).svg", svg: svg, title: title, description: words.joined(separator: "; ") + ".")
    }

    /// The share of each quintile's patients in each weekly band, 0 to 104 weeks (the last band
    /// holds everyone over 104), as lines.
    private func weeklyChart(_ findings: EquityFindings.DimensionFindings, _ quintiles: [Int]) -> ChartFile {
        let title = "Wait distribution in weekly bands, by IMD quintile"
        let groups = shown(findings, quintiles)
        var series: [(name: String, values: [Double])] = []
        var words: [String] = []
        for group in groups {
            let waits = findings.waits[group]
            let label = findings.dimension.groups[group].label
            var perWeek = [Int](repeating: 0, count: 106)
            for (day, patients) in waits.dayCounts.enumerated() where patients > 0 {
                // Week band w holds waits of more than 7w days up to 7(w+1) (day 0 is in band 0).
                let band = day == 0 ? 0 : (day - 1) / 7
                perWeek[min(band, 105)] += Int(patients)
            }
            let published = publishedShares(perWeek, of: waits.count)
            series.append((label, published.map { 100 * $0 }))
            if let peak = published.indices.max(by: { published[$0] < published[$1] }), published[peak] > 0 {
                words.append("\(label): most common band shown \(peak) to \(peak + 1) weeks")
            } else {
                words.append("\(label): every weekly band too small to show")
            }
        }
        let svg = SVGChart.lines(
            title: title, yLabel: "Share of the group's patients (%)", xLabel: "Weeks waited (last band: over 104 weeks)", series: series)
        return ChartFile(
            name: "weekly-waits-by-deprivation-\(suffix).svg", svg: svg, title: title, description: words.joined(separator: "; ") + ".")
    }

    private func slopeChart() -> ChartFile? {
        let deprivation = findings[.imdQuintile]
        let quintiles = deprivation.dimension.groups.indices.filter { !deprivation.dimension.groups[$0].isNotKnown }
        let waits = quintiles.map { deprivation.waits[$0] }
        guard let index = findings.slopeIndices.first(where: { $0.across == "quintiles" && $0.measure.hasPrefix("Mean") }) else {
            return nil
        }
        let total = Double(waits.reduce(0) { $0 + $1.count })
        var cumulative = 0.0
        var points: [(x: Double, y: Double, label: String)] = []
        for (quintile, group) in zip(quintiles, waits) {
            let share = Double(group.count) / total
            points.append(
                (cumulative + share / 2, deprivation.summaries[quintile].meanWeeks!, deprivation.dimension.groups[quintile].label))
            cumulative += share
        }
        let title = "Slope index of inequality: mean wait across deprivation"
        let svg = SVGChart.slope(
            title: title, yLabel: "Mean weeks waited", xLabel: "Population ranked from most deprived (left) to least deprived (right)",
            points: points, intercept: index.intercept, slope: index.sii.value)
        let description =
            "Fitted mean wait \(String(format1: index.intercept)) weeks at the most deprived end and \(String(format1: index.intercept + index.sii.value)) at the least deprived end: a slope index of \(String(format1: index.sii.value)) weeks (95% CI \(String(format1: index.sii.lower)) to \(String(format1: index.sii.upper)))."
        return ChartFile(name: "sii-deprivation-\(suffix).svg", svg: svg, title: title, description: description)
    }

    /// Puts a chart in the Markdown with its text alternative.
    func chart(_ name: String, from charts: [ChartFile], _ out: inout MarkdownWriter) {
        guard let file = charts.first(where: { $0.name.hasPrefix(name + "-") }) else { return }
        out.paragraph("![\(file.title)](charts/\(file.name))")
        out.paragraph("*Chart in words:* \(file.description)")
    }
}
