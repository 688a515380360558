import WaitgapCore

extension BoardPack {
    /// What the headline gaps could look like if the patients whose group is not recorded differ:
    /// the gap if they all belonged to the focus group, and if they all belonged to the reference.
    func unrecordedSection(_ out: inout MarkdownWriter) {
        let references = run.references
        let deprivationFocus: DeprivationQuintile = references.deprivation == .mostDeprived ? .leastDeprived : .mostDeprived
        let byDeprivation = census.byDeprivation
        let byEthnicity = views.byEthnicGroup
        let byDisability = views.byLearningDisability
        var minority = WaitDistribution()
        for group in EthnicGroup.allCases where ![references.ethnic, .notStated, .notKnown].contains(group) {
            minority.merge(byEthnicity[group])
        }
        let ethnicUnrecorded = byEthnicity[.notStated].merging(byEthnicity[.notKnown])
        let disabilityFocus: LearningDisabilityGroup = references.disability == .yes ? .no : .yes
        let cases: [(String, WaitDistribution, WaitDistribution, WaitDistribution)] = [
            (
                "Deprivation: IMD quintile \(deprivationFocus.label) against \(references.deprivation.label)",
                byDeprivation[deprivationFocus], byDeprivation[references.deprivation], byDeprivation[.notKnown]
            ),
            (
                "Ethnicity: other known groups against \(references.ethnic.label)", minority, byEthnicity[references.ethnic],
                ethnicUnrecorded
            ),
            (
                "Learning disability: \(disabilityFocus.label.lowercased()) against \(references.disability.label.lowercased())",
                byDisability[disabilityFocus], byDisability[references.disability], byDisability[.notRecorded]
            ),
        ]
        var rows: [[String]] = []
        for (label, focus, reference, unrecorded) in cases {
            guard disclosure.showsStatistics(ofGroupSize: focus.count), disclosure.showsStatistics(ofGroupSize: reference.count) else {
                rows.append([label, count(unrecorded.count), "*", "*", "*"])
                continue
            }
            guard unrecorded.count > 0 else {
                rows.append([label, "0", interval(WaitMoments(focus).meanGapInWeeks(from: WaitMoments(reference))), "–", "–"])
                continue
            }
            let result = GapAnalysis.unrecordedSensitivity(focus: focus, reference: reference, unrecorded: unrecorded)
            rows.append([
                label, count(unrecorded.count), interval(result.reported), interval(result.allInFocus), interval(result.allInReference),
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
}
