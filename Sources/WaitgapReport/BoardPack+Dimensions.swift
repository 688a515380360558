import WaitgapCore

extension BoardPack {
    /// How the pack lays out one dimension's table: its heading, a note, and the charts after it.
    struct DimensionLayout {
        var heading: String
        var level = 2
        var note: String?
        var charts: [String] = []
    }

    /// The layout of the dimensions the pack introduces in its own words; any other dimension of
    /// the registry gets `Waits by <title>`.
    static let layouts: [EquityDimension.ID: DimensionLayout] = [
        EquityDimension.ethnicGroup.id: DimensionLayout(
            heading: "Waits by ethnic group",
            note:
                "Broad groups of the NHS ethnic category code. The NHS counts Chinese (code R) under Other ethnic groups, unlike the 2021 census.",
            charts: ["waits-by-ethnic-group", "long-waits-by-ethnic-group"]),
        EquityDimension.ethnicCategory.id: DimensionLayout(heading: "By ethnic category code", level: 3),
        EquityDimension.ethnicGroupAgainstWhiteBritish.id: DimensionLayout(
            heading: "White British apart from other White patients", level: 3,
            note:
                "The broad groups with White British (code A) apart from White Irish and any other White background (B, C), so that White British can be the reference."
        ),
        EquityDimension.imdQuintile.id: DimensionLayout(
            heading: "Waits by deprivation",
            note:
                "Quintiles of the Index of Multiple Deprivation of the patient's area: 1 is the most deprived fifth of areas in England, 5 the least deprived.",
            charts: ["waits-by-deprivation", "long-waits-by-deprivation", "wait-bands-by-deprivation"]),
        EquityDimension.imdDecile.id: DimensionLayout(heading: "By IMD decile", level: 3),
        EquityDimension.core20.id: DimensionLayout(
            heading: "Core20: the most deprived fifth of areas against the rest", level: 3,
            note:
                "Core20PLUS5's Core20: patients from the most deprived 20% of areas in England (IMD deciles 1–2) against those from the other 80%."
        ),
        EquityDimension.learningDisability.id: DimensionLayout(heading: "Waits by learning disability"),
    ]

    func layout(of dimension: EquityDimension) -> DimensionLayout {
        if dimension == .plus, let plus = census.plus {
            let values = plus.values.map { "`\(MarkdownWriter.code($0))`" }.joined(separator: ", ")
            return DimensionLayout(
                heading: "Waits by PLUS group: \(MarkdownWriter.literal(plus.name))",
                note:
                    "The trust's own PLUS group of Core20PLUS5: patients whose `\(MarkdownWriter.code(plus.column))` is \(values) (--plus-column, --plus-values), against patients with another value there; a blank is not recorded."
            )
        }
        return Self.layouts[dimension.id] ?? DimensionLayout(heading: "Waits by \(dimension.title.lowercased())")
    }

    /// Whether the pack says anything of a dimension: not of a PLUS group the run did not define.
    func reports(_ dimension: EquityDimension) -> Bool { dimension != .plus || census.plus != nil }

    /// Each dimension's table, in registry order, with its charts.
    func dimensionSections(charts: [ChartFile], _ out: inout MarkdownWriter) {
        for dimension in findings.dimensions where reports(dimension.dimension) {
            let layout = layout(of: dimension.dimension)
            out.heading(layout.level, layout.heading)
            if let reason = dimension.unavailable {
                out.paragraph("Not available: \(reason).")
                continue
            }
            if let note = layout.note { out.paragraph(note) }
            breakdownTable(dimension, &out)
            for name in layout.charts { chart(name, from: charts, &out) }
        }
    }
}
