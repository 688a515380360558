/// The canonical columns of the input contract (INPUT.md), with the aliases real extracts use.
public enum Column: String, Sendable, CaseIterable, Codable {
    case pathwayID = "pathway_id"
    case nhsNumber = "nhs_number"
    case rttPeriodStartDate = "rtt_period_start_date"
    case censusDate = "census_date"
    case ethnicCategory = "ethnic_category"
    case imdDecile = "imd_decile"
    case imdRank = "imd_rank"
    case lsoaCode = "lsoa_code"
    case learningDisability = "learning_disability"
    case priority = "priority"
    case treatmentFunctionCode = "treatment_function_code"
    case waitingListType = "waiting_list_type"
    case ageYears = "age_years"
    case dateOfBirth = "date_of_birth"
    case sex = "sex"
    case providerCode = "provider_code"

    /// Header names (besides the canonical one) that mean this column: WLMDS data item names and
    /// common PTL names, from INPUT.md.
    public var aliases: [String] {
        switch self {
        case .pathwayID: ["PATIENT_PATHWAY_IDENTIFIER", "Patient Pathway Identifier", "Pathway ID"]
        case .nhsNumber: ["NHS_NUMBER", "Pseudo NHS_NUMBER", "NHS Number"]
        case .rttPeriodStartDate:
            ["REFERRAL_TO_TREATMENT_PERIOD_START_DATE", "RTT Start Date", "Clock Start", "clock_start_date"]
        case .censusDate: ["Week_Ending_Date", "derWeekEnding", "Census Date", "Snapshot Date"]
        case .ethnicCategory: ["ETHNIC_CATEGORY", "Ethnicity", "Ethnic Group Code"]
        case .imdDecile: ["IMD Decile"]
        case .imdRank: ["IMD Rank"]
        case .lsoaCode: ["derLSOA2021", "lsoa_2021", "derLSOA", "LSOA"]
        case .learningDisability:
            ["Learning Disability Flag", "LD Flag", "LD Register", "Learning Disability Register", "Learning Disability"]
        case .priority: ["Procedure_Priority_Code", "Clinical Priority", "Surgical Priority"]
        case .treatmentFunctionCode: ["ACTIVITY_TREATMENT_FUNCTION_CODE", "TFC", "Treatment Function Code"]
        case .waitingListType: ["Waiting_List_Type", "List Type"]
        case .ageYears: ["Der_Age_WeekEndingDate", "Age"]
        case .dateOfBirth: ["PERSON_BIRTH_DATE"]
        case .sex: ["PERSON_STATED_GENDER_CODE", "Gender", "Sex Code", "Gender Code"]
        case .providerCode: ["ORGANISATION_IDENTIFIER_CODE_OF_PROVIDER", "Provider Code"]
        }
    }

    /// Whether an extract must have this column (`census_date` only without `--census-date`).
    public var isRequired: Bool { self == .pathwayID || self == .rttPeriodStartDate }

    /// A header name folded for matching: trimmed, lower case, runs of spaces, underscores and
    /// hyphens as one underscore.
    public static func normalise(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in name.lowercased() {
            if character == " " || character == "_" || character == "-" || character == "\t" {
                pendingSeparator = !result.isEmpty
            } else {
                if pendingSeparator { result.append("_") }
                pendingSeparator = false
                result.append(character)
            }
        }
        return result
    }

    /// The Levenshtein distance between two names, or `limit + 1` once it is sure to exceed `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Every folded name, canonical and alias, mapped to its column.
    static let byNormalisedName: [String: Column] = {
        var table: [String: Column] = [:]
        for column in Column.allCases {
            for name in [column.rawValue] + column.aliases { table[normalise(name)] = column }
        }
        return table
    }()
}
