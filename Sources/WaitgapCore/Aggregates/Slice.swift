/// A part of the waiting list that every breakdown is repeated within: all patients, one
/// clinical priority (or the standard P2–P4 cut), one RTT specialty, or one waiting list type.
public enum Slice: Hashable, Sendable, Codable {
    case all
    /// One priority; nil = not prioritised.
    case priority(ClinicalPriority?)
    /// P2, P3 and P4 together: where Calderdale and Huddersfield found their gaps.
    case prioritiesP2toP4
    case specialty(RTTSpecialty)
    /// One list type; nil = not known.
    case listType(WaitingListType?)

    /// Every slice, in table order.
    public static let allSlices: [Slice] =
        [.all] + (ClinicalPriority.allCases.map { Slice.priority($0) } + [.priority(nil)]) + [.prioritiesP2toP4]
        + RTTSpecialty.allCases.map { .specialty($0) } + (WaitingListType.allCases.map { Slice.listType($0) } + [.listType(nil)])

    /// The number of slices.
    public static let count = allSlices.count

    private static let priorityBase = 1
    private static let p2toP4Ordinal = 1 + ClinicalPriority.allCases.count + 1
    private static let specialtyBase = p2toP4Ordinal + 1
    private static let listTypeBase = specialtyBase + RTTSpecialty.allCases.count

    /// The slice's position in `allSlices`.
    public var ordinal: Int {
        switch self {
        case .all: return 0
        case .priority(let priority): return Self.priorityBase + (priority.map(\.ordinal) ?? ClinicalPriority.allCases.count)
        case .prioritiesP2toP4: return Self.p2toP4Ordinal
        case .specialty(let specialty): return Self.specialtyBase + specialty.ordinal
        case .listType(let type): return Self.listTypeBase + (type.map(\.ordinal) ?? WaitingListType.allCases.count)
        }
    }

    /// The slice's stable code in stored aggregates: `all`, `priority:P2`, `priority:none`,
    /// `p2-p4`, `specialty:C_110`, `list-type:IRTT`, `list-type:none`.
    public var code: String {
        switch self {
        case .all: return "all"
        case .priority(let priority): return "priority:" + (priority?.rawValue ?? "none")
        case .prioritiesP2toP4: return "p2-p4"
        case .specialty(let specialty): return "specialty:" + specialty.rawValue
        case .listType(let type): return "list-type:" + (type?.rawValue ?? "none")
        }
    }

    private static let byCode: [String: Slice] = Dictionary(uniqueKeysWithValues: allSlices.map { ($0.code, $0) })

    /// The slice with a stored code, or nil.
    public init?(code: String) {
        guard let slice = Self.byCode[code] else { return nil }
        self = slice
    }

    /// How the pack names the slice.
    public var label: String {
        switch self {
        case .all: return "All patients"
        case .priority(let priority): return priority?.rawValue ?? "Not prioritised"
        case .prioritiesP2toP4: return "P2–P4"
        case .specialty(let specialty): return specialty.label
        case .listType(let type): return type?.label ?? "List type not known"
        }
    }
}

extension ClinicalPriority {
    /// Position in `allCases`.
    public var ordinal: Int {
        switch self {
        case .p1a: 0
        case .p1b: 1
        case .p1: 2
        case .p2: 3
        case .p3: 4
        case .p4: 5
        case .p5: 6
        case .p6: 7
        }
    }
}

extension RTTSpecialty {
    /// Position in `allCases` (a switch: hashing the String raw value per row was measurable).
    public var ordinal: Int {
        switch self {
        case .generalSurgery: 0
        case .urology: 1
        case .traumaAndOrthopaedics: 2
        case .ent: 3
        case .ophthalmology: 4
        case .oralSurgery: 5
        case .neurosurgery: 6
        case .plasticSurgery: 7
        case .cardiothoracicSurgery: 8
        case .generalInternalMedicine: 9
        case .gastroenterology: 10
        case .cardiology: 11
        case .dermatology: 12
        case .respiratoryMedicine: 13
        case .neurology: 14
        case .rheumatology: 15
        case .geriatricMedicine: 16
        case .gynaecology: 17
        case .other: 18
        }
    }
}

extension WaitingListType {
    /// Position in `allCases`.
    public var ordinal: Int {
        switch self {
        case .admittedRTT: 0
        case .nonAdmittedRTT: 1
        case .admittedNonRTT: 2
        case .nonAdmittedNonRTT: 3
        case .ptlInpatient: 4
        case .ptlOutpatient: 5
        case .rttInpatient: 6
        case .rttOutpatient: 7
        }
    }
}
