/// One open pathway on the census date, decoded and ready to aggregate.
///
/// Holds no identifier: the pathway ID and NHS number are checked while decoding and then
/// dropped, so nothing downstream of decoding can leak them.
public struct Pathway: Sendable, Equatable {
    /// Days from the RTT clock start to the census date (0...max wait).
    public var waitDays: Int
    /// The ethnic category, or nil when blank or invalid.
    public var ethnicCategory: EthnicCategory?
    /// The IMD decile from `imd_decile`, `imd_rank` or `lsoa_code`, or nil when none gives one.
    public var imdDecile: IMDDecile?
    /// The learning disability flag.
    public var learningDisability: LearningDisabilityGroup
    /// The surgical clinical priority, or nil when not prioritised.
    public var priority: ClinicalPriority?
    /// The RTT reporting specialty of the treatment function code.
    public var specialty: RTTSpecialty
    /// The WLMDS waiting list type, or nil when not known.
    public var waitingListType: WaitingListType?
    /// Age in whole years at the census date, or nil when not known.
    public var ageYears: Int?
    /// Stated gender, or nil when not known.
    public var sex: Sex?
    /// Whether the pathway is in the run's PLUS group (`--plus-column`).
    public var plus: PlusMembership = .notRecorded

    /// Creates a pathway.
    public init(
        waitDays: Int, ethnicCategory: EthnicCategory? = nil, imdDecile: IMDDecile? = nil,
        learningDisability: LearningDisabilityGroup = .notRecorded, priority: ClinicalPriority? = nil,
        specialty: RTTSpecialty = .other, waitingListType: WaitingListType? = nil, ageYears: Int? = nil,
        sex: Sex? = nil
    ) {
        self.waitDays = waitDays
        self.ethnicCategory = ethnicCategory
        self.imdDecile = imdDecile
        self.learningDisability = learningDisability
        self.priority = priority
        self.specialty = specialty
        self.waitingListType = waitingListType
        self.ageYears = ageYears
        self.sex = sex
    }

    /// The broad ethnic group; blank and invalid codes count as "Not known".
    public var ethnicGroup: EthnicGroup { ethnicCategory?.broadGroup ?? .notKnown }

    /// The IMD quintile group.
    public var deprivation: DeprivationQuintile { imdDecile?.quintile ?? .notKnown }
}
