import WaitgapCore

extension BoardPack {
    func crossedSection(_ out: inout MarkdownWriter) {
        out.heading(2, "Crossed views")
        out.paragraph(
            "Mean wait in weeks, with the number of patients in brackets, for all patients and for clinical priorities P2–P4. Counts of 1 to \(disclosure.threshold) are shown as `*`, and their means are not shown."
        )
        let cells = census.cells
        for slice in [Slice.all, .prioritiesP2toP4] {
            let scope = slice == .all ? "all patients" : slice.label
            out.heading(3, "Ethnic group × deprivation quintile, \(scope)")
            crossTable(rows: EthnicGroup.allCases, columns: DeprivationQuintile.allCases, &out) { row, column in
                cells.distribution(in: slice) { ethnic, quintile, _ in ethnic == row && quintile == column }!
            }
            out.heading(3, "Deprivation quintile × learning disability, \(scope)")
            crossTable(rows: DeprivationQuintile.allCases, columns: LearningDisabilityGroup.allCases, &out) { row, column in
                cells.distribution(in: slice) { _, quintile, disability in quintile == row && disability == column }!
            }
            out.heading(3, "Ethnic group × learning disability, \(scope)")
            crossTable(rows: EthnicGroup.allCases, columns: LearningDisabilityGroup.allCases, &out) { row, column in
                cells.distribution(in: slice) { ethnic, _, disability in ethnic == row && disability == column }!
            }
        }
    }

    func crossTable<Row: Cohort, Column: Cohort>(
        rows: [Row], columns: [Column], _ out: inout MarkdownWriter, distribution: (Row, Column) -> WaitDistribution
    ) {
        let cells = rows.map { row in columns.map { column in distribution(row, column) } }
        // Row and column totals are shown elsewhere: hide enough cells that none can be subtracted out.
        let hidden = disclosure.hiddenCells(rowsOf: cells.map { $0.map(\.count) })
        let body = rows.enumerated().map { rowIndex, row in
            [row.label]
                + columns.indices.map { column in
                    hidden.contains([rowIndex, column]) ? "*" : meanAndCount(cells[rowIndex][column])
                }
        }
        out.table(header: [""] + columns.map(\.label), rows: body, rightAligned: Set(1...columns.count))
    }

    /// `23.4 (1,234)`, `* (*)` when small, `–` when empty.
    func meanAndCount(_ waits: WaitDistribution) -> String {
        if waits.count == 0 { return "–" }
        guard disclosure.showsStatistics(ofGroupSize: waits.count) else { return "*" }
        return "\(weeks(waits.meanDays.map { $0 / 7 })) (\(count(waits.count)))"
    }
}
