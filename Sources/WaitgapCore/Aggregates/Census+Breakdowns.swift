extension Census {
    /// A dimension's groups for all patients as a typed breakdown.
    /// - Precondition: `Group`'s ordinals are the dimension's, and the census gives it.
    func breakdown<Group: Cohort>(_ dimension: EquityDimension, as _: Group.Type) -> Breakdown<Group> {
        let waits = waits(dimension)!
        var breakdown = Breakdown<Group>()
        for group in Group.allCases { breakdown.merge(waits[group.ordinal], into: group) }
        return breakdown
    }

    /// By broad ethnic group, all patients.
    public var byEthnicGroup: Breakdown<EthnicGroup> { breakdown(.ethnicGroup, as: EthnicGroup.self) }
    /// By IMD quintile, all patients.
    public var byDeprivation: Breakdown<DeprivationQuintile> { breakdown(.imdQuintile, as: DeprivationQuintile.self) }
    /// By learning disability flag, all patients.
    public var byLearningDisability: Breakdown<LearningDisabilityGroup> {
        breakdown(.learningDisability, as: LearningDisabilityGroup.self)
    }
    /// By ethnic category code.
    public var byEthnicCategory: Breakdown<EthnicCategoryGroup> { breakdown(.ethnicCategory, as: EthnicCategoryGroup.self) }
    /// By IMD decile.
    public var byDecile: Breakdown<DecileGroup> { breakdown(.imdDecile, as: DecileGroup.self) }
}
