import WaitgapCore

extension BoardPack {
    /// The partitions of the list that every dimension is repeated within.
    static let partitions: [(title: String, slices: [Slice])] = [
        // In clinical order, then P2–P4, the standard cut (where Calderdale and Huddersfield found
        // their largest deprivation gap, in P2).
        (
            "By clinical priority",
            [
                .priority(.p1a), .priority(.p1b), .priority(.p1), .priority(.p2), .priority(.p3), .priority(.p4), .priority(.p5),
                .priority(.p6), .priority(nil), .prioritiesP2toP4,
            ]
        ),
        ("By RTT specialty", RTTSpecialty.allCases.map { Slice.specialty($0) }),
        ("By waiting list: admitted and non-admitted", WaitingListType.allCases.map { Slice.listType($0) } + [.listType(nil)]),
    ]

    func slicesSection(_ out: inout MarkdownWriter) {
        out.heading(2, "Within each part of the list")
        out.paragraph(
            "The same comparisons within each clinical priority (P2–P4 combined is the standard cut), each RTT specialty and each waiting list type: mean wait in weeks per group, and the gap between the focus group and the reference with its 95% confidence interval; **bold** marks a gap that stays significant when every part of the table is tested together (false discovery rate 5%). Specialties are ordered by the lower end of their deprivation gap's interval, largest first: the gap one can be confident of, not the point estimate. Parts with no patients are left out."
        )
        let dimensions = headlineDimensions.filter { !$0.slices.isEmpty }
        // Specialties in order of the gap one can be 95% sure of: its interval's lower limit.
        let deprivationGaps = Dictionary(
            findings[.imdQuintile].slices.map { ($0.slice, $0.gap?.lower ?? -.infinity) }, uniquingKeysWith: { first, _ in first })
        for partition in Self.partitions {
            out.heading(3, partition.title)
            var slices = partition.slices.filter { census.cells.moments(in: $0).count > 0 }
            if partition.title == "By RTT specialty" {
                // Largest deprivation gaps first (unshown gaps last).
                slices.sort { deprivationGaps[$0, default: -.infinity] > deprivationGaps[$1, default: -.infinity] }
            }
            for dimension in dimensions { sliceTable(dimension, slices: slices, &out) }
        }
    }

    func sliceTable(_ findings: EquityFindings.DimensionFindings, slices: [Slice], _ out: inout MarkdownWriter) {
        let dimension = findings.dimension
        out.paragraph(
            "*\(dimension.title): \(dimension.focusPhrase(findings.focus, listed: true)) against \(dimension.referencePhrase(findings.reference))*"
        )
        let groups = dimension.groups.indices.filter { !dimension.groups[$0].isNotKnown }
        let comparisons = Dictionary(findings.slices.map { ($0.slice, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [[String]] = []
        // The parts (P2–P4 apart) partition the list: hide enough patient counts that none can be
        // subtracted out; P2–P4 is hidden when any of P2, P3 and P4 is.
        let parts = slices.filter { $0 != .prioritiesP2toP4 }
        let hiddenParts = disclosure.hiddenCells(parts.map { comparisons[$0]?.total.count ?? 0 })
        let hidden = Set(hiddenParts.map { parts[$0] })
        let p2ToP4Hidden = [Slice.priority(.p2), .priority(.p3), .priority(.p4)].contains { hidden.contains($0) }
        var contexts: [(group: String, slice: String)] = []
        let focusCode = findings.focus.count == 1 ? dimension.groups[findings.focus[0]].code : "combined"
        for slice in slices {
            guard let comparison = comparisons[slice] else { continue }
            contexts.append((focusCode, slice.code))
            let hide = hidden.contains(slice) || (slice == .prioritiesP2toP4 && p2ToP4Hidden)
            var row = [slice.label, hide ? "*" : count(comparison.total.count)]
            row += groups.map { ordinal in
                let waits = comparison.groups[ordinal]
                if waits.count == 0 { return "–" }
                return disclosure.showsStatistics(ofGroupSize: waits.count) ? weeks(waits.meanDays.map { $0 / 7 }) : "*"
            }
            row.append(interval(comparison.gap, bold: comparison.discovered))
            rows.append(row)
        }
        let header = ["Part of the list", "Patients"] + groups.map { dimension.groups[$0].label } + ["Gap (weeks, 95% CI)"]
        out.table(
            header: header, rows: rows, rightAligned: Set(1..<header.count),
            context: MarkdownWriter.TableContext(dimension: dimension.id, reference: findings.referenceGroup.code, rows: contexts))
    }
}
