/// The learning disability flag a trust joins to its extract (not a WLMDS item).
public enum LearningDisabilityGroup: String, Cohort {
    case yes = "Y", no = "N", notRecorded = "U"

    /// Decodes `Y`/`N`/`U`, `1`/`0`, `true`/`false`, `yes`/`no` (any case, spaces around ignored).
    /// Blank and `U` give `.notRecorded`; anything else gives nil (invalid).
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        let value = raw.trimmed
        if value.isEmpty { self = .notRecorded; return }
        if value.count == 1 {
            switch value[0] | 0x20 {
            case UInt8(ascii: "y"), UInt8(ascii: "1"), UInt8(ascii: "t"): self = .yes
            case UInt8(ascii: "n"), UInt8(ascii: "0"), UInt8(ascii: "f"): self = .no
            case UInt8(ascii: "u"): self = .notRecorded
            default: return nil
            }
            return
        }
        if value.equalsIgnoringCase("true") || value.equalsIgnoringCase("yes") {
            self = .yes
        } else if value.equalsIgnoringCase("false") || value.equalsIgnoringCase("no") {
            self = .no
        } else {
            return nil
        }
    }

    public var ordinal: Int {
        switch self {
        case .yes: 0
        case .no: 1
        case .notRecorded: 2
        }
    }

    public var label: String {
        switch self {
        case .yes: "Learning disability"
        case .no: "No learning disability"
        case .notRecorded: "Not recorded"
        }
    }
}
