/// WLMDS waiting list type, official code as raw value.
public enum WaitingListType: String, Sendable, CaseIterable, Codable {
    /// Admitted (inpatient) RTT.
    case admittedRTT = "IRTT"
    /// Non-admitted (outpatient) RTT.
    case nonAdmittedRTT = "ORTT"
    /// Admitted, non-RTT.
    case admittedNonRTT = "INON"
    /// Non-admitted, non-RTT.
    case nonAdmittedNonRTT = "ONON"
    /// Older codes still seen in trust extracts.
    case ptlInpatient = "PTLI", ptlOutpatient = "PTLO", rttInpatient = "RTTI", rttOutpatient = "RTTO"

    /// Whether NHS England counts the list in its RTT waiting-list statistics: IRTT and ORTT, and
    /// the older PTLI/PTLO/RTTI/RTTO, which the national definitions map to them; INON and ONON
    /// (planned and other non-RTT waits) are not.
    public var isRTT: Bool { self != .admittedNonRTT && self != .nonAdmittedNonRTT }

    /// Whether the list is of admitted (inpatient or day case) pathways: IRTT, INON, PTLI, RTTI.
    public var isAdmitted: Bool { self == .admittedRTT || self == .admittedNonRTT || self == .ptlInpatient || self == .rttInpatient }

    /// The list's plain name for a board ("Admitted", "Non-admitted", with the older code).
    public var label: String {
        switch self {
        case .admittedRTT: "Admitted"
        case .nonAdmittedRTT: "Non-admitted"
        case .admittedNonRTT: "Admitted, not RTT"
        case .nonAdmittedNonRTT: "Non-admitted, not RTT"
        case .ptlInpatient: "Admitted (PTLI)"
        case .ptlOutpatient: "Non-admitted (PTLO)"
        case .rttInpatient: "Admitted (RTTI)"
        case .rttOutpatient: "Non-admitted (RTTO)"
        }
    }

    /// Decodes a four-letter code, any case, ignoring spaces around it.
    public init?(code raw: UnsafeBufferPointer<UInt8>) {
        let value = raw.trimmed
        guard value.count == 4 else { return nil }
        for candidate in Self.allCases {
            var matches = true
            for (index, byte) in candidate.rawValue.utf8.enumerated() where value[index] & ~0x20 != byte {
                matches = false
                break
            }
            if matches {
                self = candidate
                return
            }
        }
        return nil
    }
}
