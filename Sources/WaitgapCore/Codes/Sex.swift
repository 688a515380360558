/// NHS PERSON STATED GENDER CODE, official code as raw value.
public enum Sex: String, Sendable, CaseIterable, Codable {
    case male = "1", female = "2", indeterminate = "9", notKnown = "X"

    /// Decodes `1`, `2`, `9`, `X` (any case), ignoring spaces around the value.
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        let value = raw.trimmed
        guard value.count == 1 else { return nil }
        switch value[0] | 0x20 {
        case UInt8(ascii: "1"): self = .male
        case UInt8(ascii: "2"): self = .female
        case UInt8(ascii: "9"): self = .indeterminate
        case UInt8(ascii: "x"): self = .notKnown
        default: return nil
        }
    }
}
