/// Surgical clinical priority (Federation of Surgical Specialty Associations), official code as
/// raw value: P1a within 24 hours, P1b within 72 hours, P2 within 4 weeks, P3 within 12, P4
/// longer; P5 and P6 are deferred by the patient's choice.
public enum ClinicalPriority: String, Sendable, CaseIterable, Codable {
    case p1a = "P1a", p1b = "P1b"
    /// P1 without the a/b split, as some extracts still carry it.
    case p1 = "P1"
    case p2 = "P2", p3 = "P3", p4 = "P4", p5 = "P5", p6 = "P6"

    /// Decodes `P1a`, `p1A`, `1a`, `P2`, `2` and the like, ignoring spaces around the value.
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        var value = raw.trimmed
        if let first = value.first, first | 0x20 == UInt8(ascii: "p") {
            value = UnsafeBufferPointer(rebasing: value[1...])
        }
        guard let digit = value.first, value.count <= 2 else { return nil }
        if value.count == 2 {
            guard digit == UInt8(ascii: "1") else { return nil }
            switch value[1] | 0x20 {
            case UInt8(ascii: "a"): self = .p1a
            case UInt8(ascii: "b"): self = .p1b
            default: return nil
            }
            return
        }
        switch digit {
        case UInt8(ascii: "1"): self = .p1
        case UInt8(ascii: "2"): self = .p2
        case UInt8(ascii: "3"): self = .p3
        case UInt8(ascii: "4"): self = .p4
        case UInt8(ascii: "5"): self = .p5
        case UInt8(ascii: "6"): self = .p6
        default: return nil
        }
    }
}
