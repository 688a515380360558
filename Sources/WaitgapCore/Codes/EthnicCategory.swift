/// NHS Data Dictionary ETHNIC CATEGORY (2001-census based), with the official code as raw value.
public enum EthnicCategory: String, Sendable, CaseIterable, Codable {
    case britishWhite = "A", irishWhite = "B", anyOtherWhite = "C"
    case whiteAndBlackCaribbean = "D", whiteAndBlackAfrican = "E", whiteAndAsian = "F", anyOtherMixed = "G"
    case indian = "H", pakistani = "J", bangladeshi = "K", anyOtherAsian = "L"
    case caribbean = "M", african = "N", anyOtherBlack = "P"
    case chinese = "R", anyOtherEthnicGroup = "S"
    case notStated = "Z"
    case notKnown = "99"

    /// Decodes a code, ignoring spaces around it and letter case.
    /// - Returns: nil for an invalid code (the withdrawn `9` is handled by the decoder).
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        let value = raw.trimmed
        if value.count == 1 {
            let letter = value[0] & ~0x20  // upper case
            switch letter {
            case UInt8(ascii: "A"): self = .britishWhite
            case UInt8(ascii: "B"): self = .irishWhite
            case UInt8(ascii: "C"): self = .anyOtherWhite
            case UInt8(ascii: "D"): self = .whiteAndBlackCaribbean
            case UInt8(ascii: "E"): self = .whiteAndBlackAfrican
            case UInt8(ascii: "F"): self = .whiteAndAsian
            case UInt8(ascii: "G"): self = .anyOtherMixed
            case UInt8(ascii: "H"): self = .indian
            case UInt8(ascii: "J"): self = .pakistani
            case UInt8(ascii: "K"): self = .bangladeshi
            case UInt8(ascii: "L"): self = .anyOtherAsian
            case UInt8(ascii: "M"): self = .caribbean
            case UInt8(ascii: "N"): self = .african
            case UInt8(ascii: "P"): self = .anyOtherBlack
            case UInt8(ascii: "R"): self = .chinese
            case UInt8(ascii: "S"): self = .anyOtherEthnicGroup
            case UInt8(ascii: "Z"): self = .notStated
            default: return nil
            }
        } else if value.count == 2, value[0] == UInt8(ascii: "9"), value[1] == UInt8(ascii: "9") {
            self = .notKnown
        } else {
            return nil
        }
    }

    /// The broad group. The NHS puts R (Chinese) under "Other ethnic groups", unlike the 2011
    /// and 2021 censuses, which put it under Asian; waitgap follows the NHS and the pack says so.
    public var broadGroup: EthnicGroup {
        switch self {
        case .britishWhite, .irishWhite, .anyOtherWhite: return .white
        case .whiteAndBlackCaribbean, .whiteAndBlackAfrican, .whiteAndAsian, .anyOtherMixed: return .mixed
        case .indian, .pakistani, .bangladeshi, .anyOtherAsian: return .asian
        case .caribbean, .african, .anyOtherBlack: return .black
        case .chinese, .anyOtherEthnicGroup: return .other
        case .notStated: return .notStated
        case .notKnown: return .notKnown
        }
    }
}

/// The broad ethnic groups of the NHS Data Dictionary, in table order.
public enum EthnicGroup: String, Cohort {
    case white, mixed, asian, black, other, notStated, notKnown

    public var ordinal: Int {
        switch self {
        case .white: 0
        case .mixed: 1
        case .asian: 2
        case .black: 3
        case .other: 4
        case .notStated: 5
        case .notKnown: 6
        }
    }

    public var label: String {
        switch self {
        case .white: "White"
        case .mixed: "Mixed"
        case .asian: "Asian or Asian British"
        case .black: "Black or Black British"
        case .other: "Other ethnic groups"
        case .notStated: "Not stated"
        case .notKnown: "Not known"
        }
    }
}
