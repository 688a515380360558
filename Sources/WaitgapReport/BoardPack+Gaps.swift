import WaitgapCore

extension BoardPack {
    /// The key gaps in one table: each headline dimension's focus group against its reference,
    /// raw and adjusted, with the shares waiting over 52 and 65 weeks.
    func summaryTable(_ out: inout MarkdownWriter) {
        out.heading(2, "Summary")
        let header = [
            "Comparison", "Gap in mean, weeks (95% CI)", "Adjusted for case mix (95% CI)", "Over 52 weeks: group / reference",
            "Over 65 weeks: group / reference",
        ]
        var rows: [[String]] = []
        for comparison in findings.headlines {
            guard let gap = comparison.gap, disclosure.showsStatistics(ofGroupSize: gap.summary.count) else {
                rows.append([comparison.subject, "*", "*", "*", "*"])
                continue
            }
            let shares = [52, 65].map { weeks -> String in
                let own = gap.summary.share(over: weeks).map(percent) ?? "–"
                let theirs = comparison.referenceSummary.flatMap { $0.share(over: weeks) }.map(percent) ?? "–"
                return "\(own) / \(theirs)"
            }
            rows.append(
                [
                    "\(comparison.subject) vs \(comparison.reference)", interval(gap.meanGap, bold: comparison.significant),
                    interval(gap.adjustedGap, bold: comparison.significant.map { $0 && gap.adjustedGap?.excludes(0) == true }),
                ] + shares)
        }
        out.table(header: header, rows: rows, rightAligned: [1, 2, 3, 4])
    }

    func gapsSection(charts: [ChartFile], _ out: inout MarkdownWriter) {
        out.heading(2, "Who waits longer: gaps against a reference group")
        out.paragraph(
            "Each group's waits compared with its reference group, in weeks. These tables are exploratory: **bold** marks a gap that stays significant when every gap in its column is tested together, holding the false discovery rate at 5% (Benjamini–Hochberg); intervals are each 95%, and any gap not in bold may be chance. \"Adjusted\" compares each patient with reference patients of the same specialty, clinical priority, age band and sex; what the adjustment removes is explained by case mix."
        )
        for dimension in findings.dimensions where dimension.dimension.isCompared && reports(dimension.dimension) {
            out.heading(3, "\(dimension.dimension.title) (reference: \(dimension.referenceGroup.label))")
            guard let gaps = dimension.gaps else {
                out.paragraph("Not available: \(dimension.unavailable ?? "not computed").")
                continue
            }
            gapTable(gaps, discoveries: dimension.discoveries, dimension: dimension, &out)
            if !dimension.dimension.caseMixAdjusted {
                out.paragraph(
                    "Not adjusted for case mix: \(dimension.dimension.title.lowercased()) is one of the strata the adjustment is made over."
                )
            }
        }
        slopeIndexTable(charts: charts, &out)
    }

    func gapTable(
        _ gaps: DimensionGaps, discoveries: EquityFindings.Discoveries, dimension: EquityFindings.DimensionFindings,
        _ out: inout MarkdownWriter
    ) {
        let header = [
            "Group", "Patients", "Mean (weeks)", "Gap in mean (95% CI)", "Adjusted for case mix (95% CI)", "Explained by case mix (95% CI)",
            "Gap in median (95% CI)", "Over 52 weeks: relative risk (95% CI)",
        ]
        var rows: [[String]] = []
        // The dimension's own groups partition the total; a combined row is hidden when any
        // group in it is, since subtracting the others would give that group back.
        let ownGroups = gaps.groups.filter { !$0.isCombined }
        let hidden = disclosure.hiddenCells(ownGroups.map(\.summary.count))
        let hiddenCodes = Set(hidden.map { ownGroups[$0].code })
        for (row, gap) in gaps.groups.enumerated() {
            let isHidden = !gap.isCombined && hiddenCodes.contains(gap.code)
            let combinedHidesSome = gap.isCombined && !hiddenCodes.isEmpty
            let patients = isHidden || combinedHidesSome ? "*" : count(gap.summary.count)
            if isHidden && gap.summary.count > 0 {
                rows.append([gap.label, patients] + Array(repeating: "*", count: header.count - 2))
                continue
            }
            guard disclosure.showsStatistics(ofGroupSize: gap.summary.count) else {
                rows.append([gap.label, patients] + Array(repeating: gap.summary.count == 0 ? "–" : "*", count: header.count - 2))
                continue
            }
            if gap.isReference {
                rows.append([gap.label, patients, weeks(gap.summary.meanWeeks), "reference", "reference", "", "reference", "reference"])
                continue
            }
            let explained = gap.explainedByCaseMix.map { interval($0, bold: false) } ?? ""
            rows.append([
                gap.label, patients, weeks(gap.summary.meanWeeks), interval(gap.meanGap, bold: discoveries.meanGap.contains(row)),
                interval(gap.adjustedGap, bold: discoveries.adjustedGap.contains(row)), explained,
                interval(gap.medianGap, bold: discoveries.medianGap.contains(row)),
                interval(gap.relativeRisk52, null: 1, decimals: 2, bold: discoveries.relativeRisk52.contains(row)),
            ])
        }
        out.table(
            header: header, rows: rows, rightAligned: Set(1..<header.count),
            context: MarkdownWriter.TableContext(
                dimension: dimension.dimension.id, reference: dimension.referenceGroup.code, rows: gaps.groups.map { ($0.code, "all") }))
    }

    func slopeIndexTable(charts: [ChartFile], _ out: inout MarkdownWriter) {
        out.heading(3, "The gradient across deprivation (slope index of inequality)")
        let rows = findings.slopeIndices.enumerated().map { number, index in
            let found = findings.slopeIndexDiscoveries.contains(number)
            return [index.measure, index.across, interval(index.sii, bold: found), interval(index.rii, null: 1, decimals: 3, bold: found)]
        }
        guard !rows.isEmpty else {
            out.paragraph("Not shown: every quintile and every decile needs more than \(disclosure.threshold) patients.")
            return
        }
        out.table(
            header: ["Measure", "Across", "Gap from most to least deprived end (95% CI)", "Ratio of the two ends (95% CI)"], rows: rows,
            rightAligned: [2, 3])
        chart("sii-deprivation", from: charts, &out)
        out.paragraph(
            "The slope index of inequality is the modelled difference in waits from the most deprived end (left) to the least deprived end (right) of the whole population, ranked by deprivation: a negative value means the most deprived wait longer. The ratio of the two ends is the relative index of inequality; its interval is from the delta method (Methods)."
        )
    }

    /// `**3.4** (2.9 to 3.9)`: bold when `bold` says so (a discovery once the table's comparisons
    /// are tested together), else when the interval excludes `null`.
    func interval(_ estimate: Estimate?, null: Double = 0, decimals: Int = 1, bold: Bool? = nil) -> String {
        guard let estimate, estimate.value.isFinite else { return "–" }
        let format: (Double) -> String = { decimals == 1 ? String(format1: $0) : String(fixed: $0, decimals: decimals) }
        let value = (bold ?? estimate.excludes(null)) ? "**\(format(estimate.value))**" : format(estimate.value)
        return "\(value) (\(format(estimate.lower)) to \(format(estimate.upper)))"
    }
}

extension String {
    /// A number with `decimals` places, rounded half away from zero.
    public init(fixed value: Double, decimals: Int) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled) - whole * Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        self = (value < 0 && scaled > 0 ? "-" : "") + "\(whole.grouped)" + (decimals > 0 ? "." + fraction : "")
    }
}
