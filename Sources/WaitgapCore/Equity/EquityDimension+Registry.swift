extension EquityDimension {
    /// Every equity dimension, in the order the pack shows them: the only list of dimensions.
    ///
    /// The census keeps the crossed ones crossed with each other in every slice of the list, in
    /// this order, and each margin for all patients; derived ones are sums of their source's
    /// groups. Adding a dimension is adding it here (and, if it is stored, a `Key`).
    public static let registry: [EquityDimension] = [
        ethnicGroup, ethnicCategory, ethnicGroupAgainstWhiteBritish, imdQuintile, imdDecile, core20, learningDisability,
        sex, ageBand, plus,
    ]

    /// The dimension with this code, or nil.
    public static func named(_ id: ID) -> EquityDimension? { registry.first { $0.id == id } }

    /// Broad ethnic groups of the NHS ethnic category code (Chinese, R, under Other, as the NHS has it).
    public static let ethnicGroup = EquityDimension(
        id: "ethnic-group", title: "Ethnicity",
        groups: EthnicGroup.allCases.map { group in
            Group(
                group.rawValue, group.label, notKnown: group == .notStated || group == .notKnown,
                object: group == .white ? "White patients" : nil)
        },
        storage: .crossed, key: .ethnicGroup, defaultReference: EthnicGroup.white.rawValue,
        focus: .knownOthers(
            label: "Mixed, Asian, Black and Other combined", subject: "Patients from Mixed, Asian, Black and Other ethnic groups"),
        protectedCharacteristic: .race, caseMixAdjusted: true, field: .ethnicity, columns: [.ethnicCategory],
        referenceNames: ["ethnicity", "ethnic", "ethnic_group", "ethnic-group"], headlineRank: 2)

    /// Each ethnic category code of the NHS Data Dictionary, with blank and invalid codes.
    public static let ethnicCategory = EquityDimension(
        id: "ethnic-category", title: "Ethnic category code",
        groups: EthnicCategory.allCases.map { category in
            Group(category.rawValue, "\(category.rawValue): \(category.label)", notKnown: category == .notStated || category == .notKnown)
        } + [Group("blank-or-invalid", "Blank or invalid", notKnown: true)],
        storage: .margin, key: .ethnicCategory, defaultReference: EthnicCategory.britishWhite.rawValue,
        focus: .group(EthnicCategory.britishWhite.rawValue, otherwise: EthnicCategory.irishWhite.rawValue),
        protectedCharacteristic: .race, caseMixAdjusted: false, field: .ethnicity, columns: [.ethnicCategory],
        referenceNames: ["ethnic-category", "ethnic_category"], compared: false, nationalRelease: true)

    /// Broad groups with White British (code A) apart from other White patients, so that White
    /// British can be the reference, as many boards ask.
    public static let ethnicGroupAgainstWhiteBritish = EquityDimension(
        id: "ethnic-group-white-british", title: "Ethnicity against White British",
        groups: [
            Group("white-british", "White British", object: "White British patients"),
            Group("other-white", "White Irish and other White"),
            Group("mixed", EthnicGroup.mixed.label), Group("asian", EthnicGroup.asian.label),
            Group("black", EthnicGroup.black.label), Group("other", EthnicGroup.other.label),
            Group("not-stated", "Not stated", notKnown: true), Group("not-known", "Not known", notKnown: true),
        ],
        // Summed from the codes (no cost per row); its key keeps its own case-mix strata, 8 rows
        // rather than the 19 of the codes.
        // A → White British; B, C → other White; then the broad groups; Z; 99 and blank → not known.
        storage: .derived(from: ethnicCategory.id, groupOf: [0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 7]),
        key: .ethnicGroupWhiteBritish, defaultReference: "white-british",
        focus: .knownOthers(label: "All other recorded groups combined", subject: "Patients of every other recorded ethnicity"),
        protectedCharacteristic: .race, caseMixAdjusted: true, field: .ethnicity, columns: [.ethnicCategory],
        referenceNames: ["ethnicity-white-british", "white-british"])

    /// Quintiles of the Index of Multiple Deprivation of the patient's area.
    public static let imdQuintile = EquityDimension(
        id: "imd-quintile", title: "Deprivation",
        groups: DeprivationQuintile.allCases.map { quintile in
            let area =
                switch quintile {
                case .mostDeprived: "the most deprived fifth of areas"
                case .leastDeprived: "the least deprived fifth of areas"
                default: "IMD quintile \(quintile.rawValue)"
                }
            return Group(
                quintile.rawValue, quintile.label, notKnown: quintile == .notKnown, subject: "Patients from \(area)",
                object: "those from \(area)")
        },
        storage: .crossed, key: .imdQuintile, defaultReference: DeprivationQuintile.leastDeprived.rawValue,
        focus: .group(DeprivationQuintile.mostDeprived.rawValue, otherwise: DeprivationQuintile.leastDeprived.rawValue),
        protectedCharacteristic: nil, caseMixAdjusted: true, field: .deprivation, columns: [.imdDecile, .imdRank, .lsoaCode],
        referenceNames: ["deprivation", "imd", "imd_quintile", "quintile"], headlineRank: 1, groupNoun: "IMD quintile",
        readingLabel: "deprivation (IMD)")

    /// IMD deciles (1 = the most deprived tenth of areas).
    public static let imdDecile = EquityDimension(
        id: "imd-decile", title: "IMD decile",
        groups: decileGroups,
        storage: .margin, key: .imdDecile, defaultReference: "10", focus: .group("1", otherwise: "10"),
        protectedCharacteristic: nil, caseMixAdjusted: false, field: .deprivation, columns: [.imdDecile, .imdRank, .lsoaCode],
        referenceNames: ["imd-decile", "decile"], compared: false, nationalRelease: true)

    private static var decileGroups: [Group] {
        var groups: [Group] = []
        for decile in 1...10 {
            let label: String = decile == 1 ? "1 (most deprived)" : decile == 10 ? "10 (least deprived)" : String(decile)
            groups.append(Group(String(decile), label))
        }
        return groups + [Group("not-known", "Not known", notKnown: true)]
    }

    /// Core20PLUS5's Core20: the most deprived 20% of areas (IMD deciles 1–2, quintile 1) against the rest.
    public static let core20 = EquityDimension(
        id: "core20", title: "Core20",
        groups: [
            Group("core20", "Core20 (IMD deciles 1–2)", subject: "Patients from the Core20 most deprived areas"),
            Group("rest", "IMD deciles 3–10", object: "those from the other 80% of areas"),
            Group("not-known", "Not known", notKnown: true),
        ],
        storage: .derived(from: imdQuintile.id, groupOf: [0, 1, 1, 1, 1, 2]), key: nil, defaultReference: "rest",
        focus: .group("core20", otherwise: "rest"), protectedCharacteristic: nil, caseMixAdjusted: true, field: .deprivation,
        columns: [.imdDecile, .imdRank, .lsoaCode], referenceNames: ["core20"])

    /// The learning disability flag the trust joins to its extract.
    public static let learningDisability = EquityDimension(
        id: "learning-disability", title: "Learning disability",
        groups: [
            Group("Y", "Learning disability", subject: "Patients with a learning disability", object: "patients with one"),
            Group(
                "N", "No learning disability", subject: "Patients without a recorded learning disability", object: "patients without one"),
            Group("U", "Not recorded", notKnown: true),
        ],
        storage: .crossed, key: .learningDisability, defaultReference: "N", focus: .group("Y", otherwise: "N"),
        protectedCharacteristic: .disability, caseMixAdjusted: true, field: .learningDisability, columns: [.learningDisability],
        referenceNames: ["ld", "learning_disability", "learning-disability"], headlineRank: 3, labelsAreNouns: true)

    /// Sex as recorded (NHS Data Dictionary PERSON STATED GENDER CODE): 1 male, 2 female, 9
    /// indeterminate; X, blank and invalid values not known.
    public static let sex = EquityDimension(
        id: "sex", title: "Sex",
        groups: [
            Group("1", "Male", object: "men"), Group("2", "Female", subject: "Women"), Group("9", "Indeterminate"),
            Group("X", "Not known", notKnown: true),
        ],
        storage: .margin, key: .sex, defaultReference: "1", focus: .group("2", otherwise: "1"), protectedCharacteristic: .sex,
        caseMixAdjusted: false, field: .sex, columns: [.sex], referenceNames: ["sex", "gender"], nationalRelease: true)

    /// Age bands at the census date (the case-mix bands).
    public static let ageBand = EquityDimension(
        id: "age-band", title: "Age band",
        groups: [
            Group("0-17", "0–17"), Group("18-39", "18–39"), Group("40-59", "40–59"), Group("60-74", "60–74"), Group("75+", "75 and over"),
            Group("not-known", "Not known", notKnown: true),
        ],
        storage: .margin, key: .ageBand, defaultReference: "18-39", focus: .group("75+", otherwise: "60-74"),
        protectedCharacteristic: .age, caseMixAdjusted: false, field: .age, columns: [.ageYears, .dateOfBirth],
        referenceNames: ["age", "age-band", "age_band"], nationalRelease: true)

    /// The run's locally defined PLUS group (`--plus-column`, `--plus-values`).
    public static let plus = EquityDimension(
        id: "plus", title: "PLUS group",
        groups: [
            Group("member", "In the PLUS group", subject: "Patients in the PLUS group"),
            Group("non-member", "Not in the PLUS group", object: "other patients"),
            Group("not-recorded", "Not recorded", notKnown: true),
        ],
        storage: .margin, key: .plus, defaultReference: "non-member", focus: .group("member", otherwise: "non-member"),
        protectedCharacteristic: nil, caseMixAdjusted: true, field: nil, columns: [], referenceNames: ["plus"])
}
