import WaitgapCore

extension BoardPack {
    /// What the headline gaps could be whatever group the patients whose group is not recorded are
    /// in: the lowest and highest gap over every way of placing each of them.
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
            let bound = { (value: Double?) in value.map { String(format1: $0) } ?? "–" }
            rows.append([label, count(result.unrecorded), interval(result.reported), bound(result.lowest), bound(result.highest)])
        }
        out.heading(3, "What the gaps could be if the unrecorded were known")
        out.paragraph(
            "Patients whose group is not recorded are left out of each comparison. Placed in the focus or the reference group in every possible way (the longest waits on one side, the shortest on the other), the gap in mean wait could be anywhere between these bounds, which assume nothing about them: a wide range means recording must improve before the gap can be trusted."
        )
        out.table(
            header: ["Comparison", "Not recorded", "Gap as reported (weeks, 95% CI)", "Lowest possible gap", "Highest possible gap"],
            rows: rows, rightAligned: [1, 2, 3, 4])
    }

    /// The findings of the dimensions with a headline, in headline order.
    var headlineDimensions: [EquityFindings.DimensionFindings] {
        findings.dimensions.filter { $0.dimension.headlineRank != nil }.sorted { $0.dimension.headlineRank! < $1.dimension.headlineRank! }
    }
}
