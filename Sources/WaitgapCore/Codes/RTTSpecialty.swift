/// The RTT reporting specialty a treatment function code falls in, as NHS England's monthly
/// RTT statistics group them: the eighteen named treatment functions, and "Other" for the rest.
///
/// The raw value is the RTT statistics' code (`C_110`, `X01`).
public enum RTTSpecialty: String, Sendable, CaseIterable, Codable {
    case generalSurgery = "C_100", urology = "C_101", traumaAndOrthopaedics = "C_110"
    case ent = "C_120", ophthalmology = "C_130", oralSurgery = "C_140", neurosurgery = "C_150"
    case plasticSurgery = "C_160", cardiothoracicSurgery = "C_170", generalInternalMedicine = "C_300"
    case gastroenterology = "C_301", cardiology = "C_320", dermatology = "C_330"
    case respiratoryMedicine = "C_340", neurology = "C_400", rheumatology = "C_410"
    case geriatricMedicine = "C_430", gynaecology = "C_502"
    case other = "X01"

    /// The specialty of a 3-digit treatment function code; any other code is `.other`.
    public init(treatmentFunction code: Int) {
        switch code {
        case 100: self = .generalSurgery
        case 101: self = .urology
        case 110: self = .traumaAndOrthopaedics
        case 120: self = .ent
        case 130: self = .ophthalmology
        case 140: self = .oralSurgery
        case 150: self = .neurosurgery
        case 160: self = .plasticSurgery
        case 170: self = .cardiothoracicSurgery
        case 300: self = .generalInternalMedicine
        case 301: self = .gastroenterology
        case 320: self = .cardiology
        case 330: self = .dermatology
        case 340: self = .respiratoryMedicine
        case 400: self = .neurology
        case 410: self = .rheumatology
        case 430: self = .geriatricMedicine
        case 502: self = .gynaecology
        default: self = .other
        }
    }

    /// The specialty of a 3-digit treatment function code written as text (spaces around it
    /// ignored), or nil when it is not three digits.
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        let value = raw.trimmed
        guard value.count == 3, let code = value.decimalValue else { return nil }
        self.init(treatmentFunction: code)
    }

    /// The name RTT statistics print.
    public var label: String {
        switch self {
        case .generalSurgery: "General Surgery"
        case .urology: "Urology"
        case .traumaAndOrthopaedics: "Trauma and Orthopaedics"
        case .ent: "Ear, Nose and Throat"
        case .ophthalmology: "Ophthalmology"
        case .oralSurgery: "Oral Surgery"
        case .neurosurgery: "Neurosurgery"
        case .plasticSurgery: "Plastic Surgery"
        case .cardiothoracicSurgery: "Cardiothoracic Surgery"
        case .generalInternalMedicine: "General Internal Medicine"
        case .gastroenterology: "Gastroenterology"
        case .cardiology: "Cardiology"
        case .dermatology: "Dermatology"
        case .respiratoryMedicine: "Respiratory Medicine"
        case .neurology: "Neurology"
        case .rheumatology: "Rheumatology"
        case .geriatricMedicine: "Geriatric Medicine"
        case .gynaecology: "Gynaecology"
        case .other: "Other"
        }
    }
}
