import WaitgapCore

extension BoardPack {
    /// The partitions of the list that every dimension is repeated within.
    static let partitions: [(title: String, slices: [Slice])] = [
        // P2 first: where Calderdale and Huddersfield found the largest deprivation gap.
        (
            "By clinical priority",
            [
                .priority(.p2), .prioritiesP2toP4, .priority(.p3), .priority(.p4), .priority(.p1a), .priority(.p1b), .priority(.p1),
                .priority(.p5), .priority(.p6), .priority(nil),
            ]
        ),
        ("By RTT specialty", RTTSpecialty.allCases.map { Slice.specialty($0) }),
        ("By waiting list type", WaitingListType.allCases.map { Slice.listType($0) } + [.listType(nil)]),
    ]

    func slicesSection(_ out: inout MarkdownWriter) {
        out.heading(2, "Within each part of the list")
        out.paragraph(
            "The same comparisons within each clinical priority (P2–P4 combined is the standard cut), each RTT specialty and each waiting list type: mean wait in weeks per group, and the gap between the focus group and the reference (Welch 95% CI; **bold** when it excludes zero). Specialties are ordered by their deprivation gap, largest first. Parts with no patients are left out."
        )
        let references = run.references
        let deprivationFocus: DeprivationQuintile = references.deprivation == .mostDeprived ? .leastDeprived : .mostDeprived
        let disabilityFocus: LearningDisabilityGroup = references.disability == .yes ? .no : .yes
        let ethnicFocus = EthnicGroup.allCases.filter { ![references.ethnic, .notStated, .notKnown].contains($0) }
        for partition in Self.partitions {
            out.heading(3, partition.title)
            var slices = partition.slices.filter { census.cells.moments(in: $0).count > 0 }
            if partition.title == "By RTT specialty" {
                // Largest deprivation gaps first (unshown gaps last).
                let gaps = Dictionary(
                    uniqueKeysWithValues: slices.map { slice in
                        (
                            slice,
                            welch(
                                census.cells.momentBreakdown(in: slice) { _, q, _ in q }, focus: [deprivationFocus],
                                reference: references.deprivation)?.value ?? -.infinity
                        )
                    })
                slices.sort { gaps[$0]! > gaps[$1]! }
            }
            sliceTable(
                "Deprivation: IMD quintile \(deprivationFocus.label) against \(references.deprivation.label)", slices: slices,
                groups: DeprivationQuintile.allCases.filter { $0 != .notKnown }, focus: [deprivationFocus],
                reference: references.deprivation,
                &out
            ) { _, quintile, _ in quintile }
            sliceTable(
                "Ethnicity: \(ethnicFocus.map(\.label).joined(separator: ", ")) against \(references.ethnic.label)", slices: slices,
                groups: EthnicGroup.allCases.filter { $0 != .notKnown && $0 != .notStated }, focus: ethnicFocus,
                reference: references.ethnic, &out
            ) { ethnic, _, _ in ethnic }
            sliceTable(
                "Learning disability: \(disabilityFocus.label) against \(references.disability.label.lowercased())", slices: slices,
                groups: [LearningDisabilityGroup.yes, .no], focus: [disabilityFocus], reference: references.disability, &out
            ) { _, _, disability in disability }
        }
    }

    func sliceTable<Group: Cohort>(
        _ title: String, slices: [Slice], groups: [Group], focus: [Group], reference: Group, _ out: inout MarkdownWriter,
        key: (EthnicGroup, DeprivationQuintile, LearningDisabilityGroup) -> Group
    ) {
        out.paragraph("*\(title)*")
        var rows: [[String]] = []
        // The parts (P2–P4 apart) partition the list: hide enough patient counts that none can be
        // subtracted out; P2–P4 is hidden when any of P2, P3 and P4 is.
        let parts = slices.filter { $0 != .prioritiesP2toP4 }
        let hiddenParts = disclosure.hiddenCells(parts.map { census.cells.moments(in: $0).count })
        let hidden = Set(hiddenParts.map { parts[$0] })
        let p2ToP4Hidden = [Slice.priority(.p2), .priority(.p3), .priority(.p4)].contains { hidden.contains($0) }
        for slice in slices {
            let breakdown = census.cells.momentBreakdown(in: slice, by: key)
            let total = census.cells.moments(in: slice)
            let hide = hidden.contains(slice) || (slice == .prioritiesP2toP4 && p2ToP4Hidden)
            var row = [slice.label, hide ? "*" : count(total.count)]
            row += groups.map { group in
                let waits = breakdown[group.ordinal]
                if waits.count == 0 { return "–" }
                return disclosure.showsStatistics(ofGroupSize: waits.count) ? weeks(waits.meanDays.map { $0 / 7 }) : "*"
            }
            row.append(interval(welch(breakdown, focus: focus, reference: reference)))
            rows.append(row)
        }
        let header = ["Part of the list", "Patients"] + groups.map(\.label) + ["Gap (weeks, 95% CI)"]
        out.table(header: header, rows: rows, rightAligned: Set(1..<header.count))
    }

    /// Welch gap in weeks between the focus groups (together) and the reference, or nil when
    /// either side is too small to show.
    func welch<Group: Cohort>(_ breakdown: [WaitMoments], focus: [Group], reference: Group) -> Estimate? {
        var focused = WaitMoments()
        for group in focus { focused.merge(breakdown[group.ordinal]) }
        let baseline = breakdown[reference.ordinal]
        guard disclosure.showsStatistics(ofGroupSize: focused.count), disclosure.showsStatistics(ofGroupSize: baseline.count) else {
            return nil
        }
        return focused.meanGapInWeeks(from: baseline)
    }
}
