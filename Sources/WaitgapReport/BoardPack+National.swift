import WaitgapCore

extension BoardPack {
    /// The list as NHS England's WLMDS demographic release counts it (`--nhse-definitions`), so
    /// that the board can set the trust's figures beside the national ones.
    func nationalDefinitionsSection(_ out: inout MarkdownWriter) {
        let national = findings.nationalDefinitions
        out.heading(2, "As NHS England's waiting-list demographics count it")
        out.paragraph(
            "NHS England has published the RTT waiting list by IMD decile, ethnicity, age and sex each month since July 2025 (Waiting List Minimum Data Set). These figures use its definitions: incomplete RTT pathways only; waits in the RTT guidance's weekly bands, where a patient who has waited exactly 18 weeks (126 days) is within 18 weeks (*Recording and reporting RTT waiting times*, v5.0, §10.1.7); the bands up to 18 weeks, 18 to 52 weeks and over 52 weeks. The median is estimated from the weekly bands as grouped data (the lower bound of the middle patient's week band plus the share of that band needed to reach the middle), as NHS England's RTT medians are estimated from bands; the exact median from day-level waits is beside it."
        )
        if census.reading.scope != .rtt {
            out.paragraph("**This run analysed every pathway (--scope all): NHS England's figures count RTT pathways only.**")
        }
        for (dimension, rows) in national.dimensions {
            out.heading(3, dimension.title)
            nationalTable(rows, &out)
        }
        out.heading(3, "Most against least deprived: % within 18 weeks")
        if let gap = national.decile1MinusDecile10 {
            out.paragraph(
                "IMD decile 1 minus decile 10, in percentage points (the comparison HSJ's trust league makes): \(interval(gap)). Negative: fewer of the most deprived are seen within 18 weeks."
            )
        } else {
            out.paragraph("Not shown: decile 1 or decile 10 is too small, or a share rests on a suppressed count.")
        }
    }

    private func nationalTable(_ rows: [NationalDefinitions.Row], _ out: inout MarkdownWriter) {
        let header = [
            "Group", "Patients", "Up to 18 weeks", "18 to 52 weeks", "Over 52 weeks", "Within 18 weeks", "Median from weekly bands (weeks)",
            "Exact median (weeks)",
        ]
        // The groups partition the list, each group's bands partition the group, and each band's
        // column adds up to the all-patients row: hidden both ways, as the crossed tables are, so
        // that no band count can be worked out from its row or its column.
        let hiddenGroups = disclosure.hiddenCells(rows.map(\.within18Weeks.denominator))
        let bandsByGroup = rows.map { [$0.within18Weeks.numerator, $0.from18To52Weeks, $0.over52Weeks] }
        let hiddenBandCells = disclosure.hiddenCells(rowsOf: bandsByGroup)
        var body: [[String]] = []
        for (index, row) in (rows + [national.all]).enumerated() {
            let total = row.within18Weeks.denominator
            let isTotal = index == rows.count
            let label = isTotal ? "**All patients**" : row.label
            if !isTotal && hiddenGroups.contains(index) && total > 0 {
                body.append([label] + Array(repeating: "*", count: header.count - 1))
                continue
            }
            let bands = [row.within18Weeks.numerator, row.from18To52Weeks, row.over52Weeks]
            let hiddenBands =
                isTotal ? disclosure.hiddenCells(bands) : Set(bands.indices.filter { hiddenBandCells.contains([index, $0]) })
            let shown = bands.indices.map { hiddenBands.contains($0) ? "*" : count(bands[$0]) }
            let statistics = disclosure.showsStatistics(ofGroupSize: total)
            let median = { (value: Double?) in total == 0 ? "–" : statistics ? weeks(value) : "*" }
            body.append(
                [label, count(total)] + shown + [
                    hiddenBands.isEmpty ? percent(row.within18Weeks) : "*", median(row.medianFromWeeklyBands), median(row.exactMedian),
                ])
        }
        out.table(header: header, rows: body, rightAligned: Set(1..<header.count))
    }

    private var national: NationalDefinitions { findings.nationalDefinitions }
}
