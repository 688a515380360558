import WaitgapCore

extension BoardPack {
    /// What the headline gaps could look like if the patients whose group is not recorded differ:
    /// the gap if they all belonged to the focus group, and if they all belonged to the reference.
    func unrecordedSection(_ out: inout MarkdownWriter) {
        var rows: [[String]] = []
        for dimension in headlineDimensions {
            guard let result = dimension.unrecorded else { continue }
            let label =
                "\(dimension.dimension.title): \(dimension.dimension.focusPhrase(dimension.focus)) against \(dimension.dimension.referencePhrase(dimension.reference))"
            guard result.shown else {
                rows.append([label, count(result.unrecorded), "*", "*", "*"])
                continue
            }
            guard result.unrecorded > 0 else {
                rows.append([label, "0", interval(result.reported), "–", "–"])
                continue
            }
            rows.append([
                label, count(result.unrecorded), interval(result.reported), interval(result.allInFocus), interval(result.allInReference),
            ])
        }
        out.heading(3, "What the gaps could look like if unrecorded patients differ")
        out.paragraph(
            "Patients whose group is not recorded are left out of each comparison. If they were all in the focus group, or all in the reference group, the gap in mean wait would be as below: a wide spread means recording must improve before the gap can be trusted."
        )
        out.table(
            header: [
                "Comparison", "Not recorded", "Gap as reported (weeks)", "If all were in the focus group",
                "If all were in the reference group",
            ],
            rows: rows, rightAligned: [1, 2, 3, 4])
    }

    /// The findings of the dimensions with a headline, in headline order.
    var headlineDimensions: [EquityFindings.DimensionFindings] {
        findings.dimensions.filter { $0.dimension.headlineRank != nil }.sorted { $0.dimension.headlineRank! < $1.dimension.headlineRank! }
    }
}
