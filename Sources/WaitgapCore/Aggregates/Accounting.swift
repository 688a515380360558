/// Where every input row went: the invariant `rowsIn == analysed + quarantined` always holds,
/// because both sides are counted from the same events and `rowsIn` is derived.
public struct Accounting: Sendable, Equatable, Codable, Mergeable {
    /// Rows analysed.
    public private(set) var analysed = 0
    /// Rows quarantined, by reason.
    public private(set) var quarantinedByReason: [RowIssue.Reason: Int] = [:]
    /// Blank lines skipped (not rows of data: kept out of the invariant).
    public var blankLines = 0
    /// Files read.
    public var files = 0

    /// Creates empty accounting.
    public init() {}

    /// Rows quarantined.
    public var quarantined: Int { quarantinedByReason.values.reduce(0, +) }

    /// Data rows read (header and blank lines excluded).
    public var rowsIn: Int { analysed + quarantined }

    /// The share of rows quarantined (0 when no rows).
    public var quarantinedShare: Double { rowsIn == 0 ? 0 : Double(quarantined) / Double(rowsIn) }

    /// Counts an analysed row.
    public mutating func countAnalysed() { analysed &+= 1 }

    /// Counts a quarantined row.
    public mutating func countQuarantined(_ reason: RowIssue.Reason) { quarantinedByReason[reason, default: 0] += 1 }

    /// `rows in 1,204,331 = analysed 1,203,998 + quarantined 333`.
    public var line: String {
        "rows in \(rowsIn.grouped) = analysed \(analysed.grouped) + quarantined \(quarantined.grouped)"
    }

    public mutating func merge(_ other: Accounting) {
        analysed += other.analysed
        quarantinedByReason.merge(other.quarantinedByReason, uniquingKeysWith: +)
        blankLines += other.blankLines
        files += other.files
    }
}

extension Int {
    /// The number with thousands separators: `1,204,331`.
    public var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return self < 0 ? "-" + result : result
    }
}
