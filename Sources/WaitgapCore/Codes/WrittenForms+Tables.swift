/// One canonical code of a column and the ways trusts write it.
///
/// From these the table is generated: the code and each spelling alone; each label alone; and
/// each label and qualifier next to the code or any spelling, before it (`A - White - British`,
/// `A: British`, `(A) White - British`) or after it (`White - British (A)`). All of these fold to
/// the two keys "code label" and "label code", so only those two patterns are generated. Every
/// label and qualifier with " and " also gets a twin with " & " (`Trauma & Orthopaedics`).
struct CodeForms: Sendable {
    /// The canonical code.
    let code: String
    /// Other ways of writing the code itself (`M` for `1`, `Priority 2` for `P2`).
    let spellings: [String]
    /// Names accepted alone and next to the code.
    let labels: [String]
    /// Names accepted only next to the code, because alone they are ambiguous (`P2 - Urgent`).
    let qualifiers: [String]

    init(_ code: String, spellings: [String] = [], labels: [String] = [], qualifiers: [String] = []) {
        self.code = code
        self.spellings = spellings
        self.labels = labels
        self.qualifiers = qualifiers
    }

    /// Every form this code is accepted in, with the code.
    var writtenForms: [(form: String, code: String)] {
        let prefixes = [code] + spellings
        let names = labels.flatMap(Self.twins)
        let qualified = names + qualifiers.flatMap(Self.twins)
        var forms = (prefixes + names).map { (form: $0, code: code) }
        for name in qualified {
            for prefix in prefixes {
                forms.append((form: "\(prefix) - \(name)", code: code))
                forms.append((form: "\(name) (\(prefix))", code: code))
            }
        }
        return forms
    }

    /// A name, and its twin with "&" for " and ".
    private static func twins(_ name: String) -> [String] {
        let ampersand = name.replacing(" and ", with: " & ")
        return ampersand == name ? [name] : [name, ampersand]
    }
}

extension WrittenForms {
    /// ETHNIC CATEGORY, NHS Data Dictionary data element
    /// (https://www.datadictionary.nhs.uk/data_elements/ethnic_category.html): its national code
    /// descriptions ("White - British" … "Other Ethnic Groups - Any other ethnic group", "Not
    /// stated", default code 99 "Not known"); the short names after the dash where they name one
    /// code alone ("British", "Indian"; "Any other Asian background" names L alone, while "Any
    /// other", "Other", "White" or "Mixed" alone are ambiguous and not accepted); waitgap's own
    /// labels (`EthnicCategory.label`: "White British", "White Irish"); the GP data descriptions
    /// of the Data Dictionary's COVID-19 Planning and Response Analysis pages ("Indian or British
    /// Indian", "British, Mixed British";
    /// https://archive.datadictionary.nhs.uk/DD%20Release%20January%202023/Covid19PRA/Ethnic_Category.html);
    /// and the HES data dictionary's "name (group)" descriptions ("British (white)", "Indian (Asian
    /// or Asian British)"). The withdrawn code 9 is the decoder's, not a written form.
    static let ethnicCategoryTable: [CodeForms] = [
        CodeForms("A", labels: ["White - British", "White British", "British", "British, Mixed British", "British (White)"]),
        CodeForms("B", labels: ["White - Irish", "White Irish", "Irish", "Irish (White)"]),
        CodeForms("C", labels: ["White - Any other White background", "Any other White background"]),
        CodeForms(
            "D",
            labels: ["Mixed - White and Black Caribbean", "White and Black Caribbean", "White and Black Caribbean (Mixed)"]
        ),
        CodeForms("E", labels: ["Mixed - White and Black African", "White and Black African", "White and Black African (Mixed)"]),
        CodeForms("F", labels: ["Mixed - White and Asian", "White and Asian", "White and Asian (Mixed)"]),
        CodeForms("G", labels: ["Mixed - Any other mixed background", "Any other mixed background"]),
        CodeForms(
            "H",
            labels: ["Asian or Asian British - Indian", "Indian", "Indian or British Indian", "Indian (Asian or Asian British)"]
        ),
        CodeForms("J", labels: ["Asian or Asian British - Pakistani", "Pakistani", "Pakistani or British Pakistani"]),
        CodeForms(
            "K",
            labels: [
                "Asian or Asian British - Bangladeshi", "Bangladeshi", "Bangladeshi or British Bangladeshi",
                "Bangladeshi (Asian or Asian British)",
            ]
        ),
        CodeForms("L", labels: ["Asian or Asian British - Any other Asian background", "Any other Asian background"]),
        CodeForms("M", labels: ["Black or Black British - Caribbean", "Caribbean", "Caribbean (Black or Black British)"]),
        CodeForms("N", labels: ["Black or Black British - African", "African", "African (Black or Black British)"]),
        CodeForms("P", labels: ["Black or Black British - Any other Black background", "Any other Black background"]),
        CodeForms("R", labels: ["Other Ethnic Groups - Chinese", "Chinese", "Chinese (Other ethnic group)"]),
        CodeForms("S", labels: ["Other Ethnic Groups - Any other ethnic group", "Any other ethnic group"]),
        CodeForms("Z", labels: ["Not stated"]),
        CodeForms("99", labels: ["Not known"]),
    ]

    /// Surgical clinical priority: the Federation of Surgical Specialty Associations' levels as
    /// the Royal College of Surgeons of England publishes them ("Clinical guide to surgical
    /// prioritisation during the coronavirus pandemic",
    /// https://www.rcseng.ac.uk/coronavirus/surgical-prioritisation-guidance/): "Priority level 1a
    /// Emergency - operation needed within 24 hours", "Priority level 1b Urgent - operation needed
    /// with[in] 72 hours" (the guide's own typo "with" is kept as a form), "Priority level 2
    /// Surgery that can be deferred for up to 4 weeks", "Priority level 3 Surgery that can be
    /// delayed for up to 3 months", "Priority level 4 Surgery that can be delayed for more than 3
    /// months"; P5 and P6, added by NHS England's clinical validation of surgical waiting lists
    /// for patients who choose to wait, in the wording the PTLs use. "Emergency" and "Urgent" are
    /// accepted only next to a code ("Urgent" alone could be P1b or P2). Common PAS forms: "1a",
    /// "Priority 1a", "P2 - Urgent".
    static let priorityTable: [CodeForms] = [
        CodeForms(
            "P1a", spellings: ["1a", "Priority 1a", "Priority level 1a"],
            labels: ["Emergency - operation needed within 24 hours"], qualifiers: ["Emergency"]
        ),
        CodeForms(
            "P1b", spellings: ["1b", "Priority 1b", "Priority level 1b"],
            labels: ["Urgent - operation needed within 72 hours", "Urgent - operation needed with 72 hours"],
            qualifiers: ["Urgent"]
        ),
        CodeForms("P1", spellings: ["1", "Priority 1", "Priority level 1"]),
        CodeForms(
            "P2", spellings: ["2", "Priority 2", "Priority level 2"],
            labels: ["Surgery that can be deferred for up to 4 weeks"], qualifiers: ["Urgent"]
        ),
        CodeForms(
            "P3", spellings: ["3", "Priority 3", "Priority level 3"],
            labels: ["Surgery that can be delayed for up to 3 months", "Surgery that can be deferred for up to 3 months"]
        ),
        CodeForms(
            "P4", spellings: ["4", "Priority 4", "Priority level 4"],
            labels: ["Surgery that can be delayed for more than 3 months", "Surgery that can be deferred for more than 3 months"]
        ),
        CodeForms("P5", spellings: ["5", "Priority 5"], labels: ["Patient wishes to postpone (COVID concerns)"]),
        CodeForms("P6", spellings: ["6", "Priority 6"], labels: ["Patient wishes to postpone (non-COVID)"]),
    ]

    /// PERSON STATED GENDER CODE, NHS Data Dictionary data element
    /// (https://www.datadictionary.nhs.uk/data_elements/person_stated_gender_code.html): 1 "Male",
    /// 2 "Female", 9 "Indeterminate (unable to be classified as either male or female)", X "Not
    /// Known (not recorded)". The retired PERSON GENDER CODE (e-GIF) wrote 0 "Not known" and 9 "Not
    /// specified"; both are kept. Common PAS forms: M, F, I, U, "Unknown".
    static let sexTable: [CodeForms] = [
        CodeForms("1", spellings: ["M"], labels: ["Male"]),
        CodeForms("2", spellings: ["F"], labels: ["Female"]),
        CodeForms(
            "9", spellings: ["I"],
            labels: ["Indeterminate", "Indeterminate (unable to be classified as either male or female)", "Not specified"]
        ),
        CodeForms("X", spellings: ["U", "0"], labels: ["Not known", "Not Known (not recorded)", "Not recorded", "Unknown"]),
    ]

    /// Waiting list type of the Waiting List Minimum Data Set (NHS England,
    /// https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/wlmds/):
    /// IRTT/ORTT admitted (inpatient) and non-admitted (outpatient) RTT, INON/ONON their non-RTT
    /// twins; the WLMDS schema's descriptions ("IRTT - Current RTT Admitted", "ONON - Not current
    /// RTT Non-admitted", as quoted in https://github.com/opensafely-core/cohort-extractor/issues/783);
    /// the words of the RTT statistics ("Admitted", "Non-admitted") and of PAS lists
    /// ("Inpatient", "Outpatient"). Plain "Admitted"/"Inpatient" are read as IRTT and
    /// "Non-admitted"/"Outpatient" as ORTT: a waiting list in an RTT extract is an RTT list unless
    /// it says otherwise. The older PTLI/PTLO/RTTI/RTTO are accepted as codes only.
    static let waitingListTypeTable: [CodeForms] = [
        CodeForms("IRTT", labels: ["Current RTT Admitted", "Admitted RTT", "Inpatient RTT", "Admitted", "Inpatient"]),
        CodeForms(
            "ORTT",
            labels: [
                "Current RTT Non-admitted", "Non-admitted RTT", "Nonadmitted RTT", "Outpatient RTT", "Non-admitted", "Nonadmitted",
                "Outpatient",
            ]
        ),
        CodeForms(
            "INON",
            labels: [
                "Not current RTT Admitted", "Admitted non-RTT", "Inpatient non-RTT", "Non-RTT Admitted", "Non-RTT Inpatient",
                "Admitted not RTT", "Inpatient not RTT", "Not RTT Admitted", "Admitted - not RTT", "Planned Admitted", "Admitted planned",
            ]),
        CodeForms(
            "ONON",
            labels: [
                "Not current RTT Non-admitted", "Non-admitted non-RTT", "Nonadmitted non-RTT", "Outpatient non-RTT",
                "Non-RTT Non-admitted", "Non-RTT Outpatient", "Non-admitted not RTT", "Outpatient not RTT", "Not RTT Outpatient",
                "Not RTT Non-admitted", "Planned Outpatient", "Outpatient planned",
            ]),
        CodeForms("PTLI"),
        CodeForms("PTLO"),
        CodeForms("RTTI"),
        CodeForms("RTTO"),
    ]

    /// The learning disability flag (not an NHS Data Dictionary item: trusts join it from their
    /// PAS or the Reasonable Adjustment Digital Flag): common PAS forms of a yes/no/unknown flag,
    /// and waitgap's own labels (`LearningDisabilityGroup.label`). Blank is the decoder's.
    static let learningDisabilityTable: [CodeForms] = [
        CodeForms("Y", spellings: ["1"], labels: ["Yes", "True", "LD", "Learning disability"]),
        CodeForms("N", spellings: ["0"], labels: ["No", "False", "No learning disability"]),
        CodeForms("U", labels: ["Not known", "Unknown", "Not recorded"]),
    ]

    /// Index of Multiple Deprivation decile, English Indices of Deprivation (MHCLG, File 1:
    /// "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
    /// https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019): the number,
    /// zero-padded ("01"), "Decile 1", "IMD decile 1"; "Most deprived 10%" and "Least deprived
    /// 10%"; "Most deprived" and "Least deprived" only next to 1 and 10 ("1 - Most deprived",
    /// "1 (most deprived)", as waitgap's own `DecileGroup.label` writes them).
    static let imdDecileTable: [CodeForms] = (1...10).map { decile in
        let number = String(decile)
        let padded = decile < 10 ? ["0" + number] : []
        return CodeForms(
            number, spellings: padded + ["Decile \(number)", "IMD decile \(number)"],
            labels: decileLabels[decile, default: []], qualifiers: decileQualifiers[decile, default: []]
        )
    }

    /// The published names of the extreme deciles.
    private static let decileLabels: [Int: [String]] = [1: ["Most deprived 10%"], 10: ["Least deprived 10%"]]
    /// Names of the extreme deciles that are clear only next to the number.
    private static let decileQualifiers: [Int: [String]] = [1: ["Most deprived"], 10: ["Least deprived"]]

    /// TREATMENT FUNCTION CODE, NHS Data Dictionary attribute
    /// (https://www.datadictionary.nhs.uk/attributes/treatment_function_code.html), for the
    /// eighteen treatment functions NHS England's RTT statistics report by name: the Data
    /// Dictionary's national code description ("Trauma and Orthopaedic Service"), the RTT
    /// statistics' names before 2021 ("Trauma & Orthopaedics", "Ear, Nose & Throat (ENT)",
    /// "General Medicine", "Thoracic Medicine", "Geriatric Medicine";
    /// https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/) and
    /// waitgap's own (`RTTSpecialty.label`), with the code written "TFC 110" or as the RTT
    /// statistics' "C_110". Any other 3-digit code is accepted as a number by the decoder; it has
    /// no written forms here.
    static let treatmentFunctionTable: [CodeForms] = treatmentFunctionNames.map { code, names in
        CodeForms(code, spellings: ["TFC \(code)", "C_\(code)"], labels: names)
    }

    /// The names of the eighteen RTT-reported treatment functions, in code order.
    private static let treatmentFunctionNames: [(code: String, names: [String])] = [
        ("100", ["General Surgery Service", "General Surgery"]),
        ("101", ["Urology Service", "Urology"]),
        ("110", ["Trauma and Orthopaedic Service", "Trauma and Orthopaedics"]),
        ("120", ["Ear Nose and Throat Service", "Ear, Nose and Throat", "Ear, Nose & Throat (ENT)", "ENT"]),
        ("130", ["Ophthalmology Service", "Ophthalmology"]),
        ("140", ["Oral Surgery Service", "Oral Surgery"]),
        ("150", ["Neurosurgical Service", "Neurosurgery"]),
        ("160", ["Plastic Surgery Service", "Plastic Surgery"]),
        ("170", ["Cardiothoracic Surgery Service", "Cardiothoracic Surgery"]),
        ("300", ["General Internal Medicine Service", "General Internal Medicine", "General Medicine"]),
        ("301", ["Gastroenterology Service", "Gastroenterology"]),
        ("320", ["Cardiology Service", "Cardiology"]),
        ("330", ["Dermatology Service", "Dermatology"]),
        ("340", ["Respiratory Medicine Service", "Respiratory Medicine", "Thoracic Medicine"]),
        ("400", ["Neurology Service", "Neurology"]),
        ("410", ["Rheumatology Service", "Rheumatology"]),
        ("430", ["Elderly Medicine Service", "Elderly Medicine", "Geriatric Medicine"]),
        ("502", ["Gynaecology Service", "Gynaecology"]),
    ]

    /// The data of a column's built-in table.
    static func table(_ column: CodedColumn) -> [CodeForms] {
        switch column {
        case .ethnicCategory: ethnicCategoryTable
        case .priority: priorityTable
        case .sex: sexTable
        case .waitingListType: waitingListTypeTable
        case .learningDisability: learningDisabilityTable
        case .imdDecile: imdDecileTable
        case .treatmentFunction: treatmentFunctionTable
        }
    }
}
