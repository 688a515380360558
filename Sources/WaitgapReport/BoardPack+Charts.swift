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
        if let slope = slopeChart() { files.append(slope) }
        // Every chart says whose list it is, of when, and where its figures come from.
        let source =
            (run.trustName.map { $0 + " · " } ?? "")
            + "census \(census.censusDate?.description ?? "not known") · waitgap \(run.version), from the trust's waiting-list extract"
        return (files + historyCharts).map { chart in
            var chart = chart
            chart.svg = SVGChart.withSource(chart.svg, source)
            return chart
        } + iconFiles
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
        // Three bands, each labelled with its share: a thin over-52 band is read from its label.
        let edges = [0, 18, 52]
        let bands = ["Up to 18 weeks", "18 to 52 weeks", "Over 52 weeks"]
        let groups = shown(findings, quintiles)
        var shares: [[Double]] = []
        var labels: [[String]] = []
        var words: [String] = []
        for group in groups {
            let waits = findings.waits[group]
            let label = findings.dimension.groups[group].label
            let over = edges.map { $0 == 0 ? waits.count : waits.count(over: $0 * 7) }
            let counts = over.indices.map { index in over[index] - (index + 1 < over.count ? over[index + 1] : 0) }
            shares.append(publishedShares(counts, of: waits.count))
            // A part hidden for disclosure is drawn as nothing and said as `*`.
            let hidden = disclosure.hiddenCells(counts)
            labels.append(counts.indices.map { hidden.contains($0) ? "*" : String(format1: 100 * shares.last![$0]) + "%" })
            words.append("\(label): \(labels.last![0]) up to 18 weeks, \(labels.last![2]) over 52")
        }
        let svg = SVGChart.stacked(
            title: title, yLabel: "Share of the group's patients (%)", categories: groups.map { findings.dimension.groups[$0].label },
            bands: bands, shares: shares, labels: labels)
        return ChartFile(
            name: "wait-bands-by-deprivation-\(suffix).svg", svg: svg, title: title, description: words.joined(separator: "; ") + ".")
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
