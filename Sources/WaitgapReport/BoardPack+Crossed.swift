import WaitgapCore

extension BoardPack {
    func crossedSection(_ out: inout MarkdownWriter) {
        out.heading(2, "Crossed views")
        out.paragraph(
            "Mean wait in weeks, with the number of patients in brackets, for all patients and for clinical priorities P2–P4. Counts of 1 to \(disclosure.threshold) are shown as `*`, and their means are not shown."
        )
        for slice in [Slice.all, .prioritiesP2toP4] {
            let scope = slice == .all ? "all patients" : slice.label
            for (rows, columns) in Self.crossedPairs {
                out.heading(3, "\(Self.crossedName(rows)) × \(Self.crossedName(columns).lowercased()), \(scope)")
                crossTable(rows: rows, columns: columns, census.cells.crossed(rows, columns, in: slice)!, &out)
            }
        }
    }

    /// Every pair of crossed dimensions, nearest in the registry first: ethnic group × IMD
    /// quintile, IMD quintile × learning disability, then ethnic group × learning disability.
    static var crossedPairs: [(EquityDimension, EquityDimension)] {
        let axes = CrossTable.axes
        return (1..<max(axes.count, 1)).flatMap { distance in
            (0..<(axes.count - distance)).map { (axes[$0], axes[$0 + distance]) }
        }
    }

    /// How a crossed table's heading names a dimension.
    static func crossedName(_ dimension: EquityDimension) -> String {
        switch dimension {
        case .ethnicGroup: "Ethnic group"
        case .imdQuintile: "Deprivation quintile"
        default: dimension.title
        }
    }

    func crossTable(rows: EquityDimension, columns: EquityDimension, _ cells: [[WaitDistribution]], _ out: inout MarkdownWriter) {
        // Row and column totals are shown elsewhere: hide enough cells that none can be subtracted out.
        let hidden = disclosure.hiddenCells(rowsOf: cells.map { $0.map(\.count) })
        let body = rows.groups.enumerated().map { rowIndex, row in
            [row.label]
                + columns.groups.indices.map { column in
                    hidden.contains([rowIndex, column]) ? "*" : meanAndCount(cells[rowIndex][column])
                }
        }
        out.table(header: [""] + columns.groups.map(\.label), rows: body, rightAligned: Set(1...columns.groups.count))
    }

    /// `23.4 (1,234)`, `* (*)` when small, `–` when empty.
    func meanAndCount(_ waits: WaitDistribution) -> String {
        if waits.count == 0 { return "–" }
        guard disclosure.showsStatistics(ofGroupSize: waits.count) else { return "*" }
        return "\(weeks(waits.meanDays.map { $0 / 7 })) (\(count(waits.count)))"
    }
}
