/// Where every input row went: the invariant `rowsIn == analysed + outOfScope + quarantined`
/// always holds, because every side is counted from the same events and `rowsIn` is derived.
public struct Accounting: Sendable, Equatable, Mergeable {
    /// Rows analysed.
    public private(set) var analysed = 0
    /// Rows read and counted but not analysed because they are not RTT pathways (`--scope rtt`),
    /// by waiting list type code. They are neither quarantined nor lost.
    public private(set) var outOfScopeByListType: [WaitingListType: Int] = [:]
    /// Rows quarantined, by reason.
    public private(set) var quarantinedByReason: [RowIssue.Reason: Int] = [:]
    /// Blank lines skipped (not rows of data: kept out of the invariant).
    public var blankLines = 0
    /// Files read.
    public var files = 0

    /// Creates empty accounting.
    public init() {}

    /// Rows out of scope.
    public var outOfScope: Int { outOfScopeByListType.values.reduce(0, +) }

    /// Rows quarantined.
    public var quarantined: Int { quarantinedByReason.values.reduce(0, +) }

    /// Data rows read (header and blank lines excluded).
    public var rowsIn: Int { analysed + outOfScope + quarantined }

    /// The share of rows quarantined (0 when no rows).
    public var quarantinedShare: Double { rowsIn == 0 ? 0 : Double(quarantined) / Double(rowsIn) }

    /// The quarantine reason of most rows, when it covers more than half of them.
    public var dominantReason: RowIssue.Reason? {
        guard let (reason, count) = quarantinedByReason.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        return count * 2 > quarantined ? reason : nil
    }

    /// Counts an analysed row.
    public mutating func countAnalysed() { analysed &+= 1 }

    /// Counts a row that is not an RTT pathway.
    public mutating func countOutOfScope(_ listType: WaitingListType) { outOfScopeByListType[listType, default: 0] += 1 }

    /// Counts a quarantined row.
    public mutating func countQuarantined(_ reason: RowIssue.Reason) { quarantinedByReason[reason, default: 0] += 1 }

    /// `rows in 1,204,331 = analysed 1,203,998 + out of scope 0 + quarantined 333`.
    public var line: String {
        "rows in \(rowsIn.grouped) = analysed \(analysed.grouped) + out of scope \(outOfScope.grouped) + quarantined \(quarantined.grouped)"
    }

    public mutating func merge(_ other: Accounting) {
        analysed += other.analysed
        outOfScopeByListType.merge(other.outOfScopeByListType, uniquingKeysWith: +)
        quarantinedByReason.merge(other.quarantinedByReason, uniquingKeysWith: +)
        blankLines += other.blankLines
        files += other.files
    }
}

extension Accounting: Codable {
    private enum CodingKeys: String, CodingKey {
        case analysed, outOfScopeByListType, quarantinedByReason, blankLines, files
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(analysed, forKey: .analysed)
        try container.encode(outOfScopeByListType, forKey: .outOfScopeByListType)
        try container.encode(quarantinedByReason, forKey: .quarantinedByReason)
        try container.encode(blankLines, forKey: .blankLines)
        try container.encode(files, forKey: .files)
    }

    /// Decodes accounting; runs stored before out-of-scope rows were counted have none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        analysed = try container.decode(Int.self, forKey: .analysed)
        outOfScopeByListType = try container.decodeIfPresent([WaitingListType: Int].self, forKey: .outOfScopeByListType) ?? [:]
        quarantinedByReason = try container.decode([RowIssue.Reason: Int].self, forKey: .quarantinedByReason)
        blankLines = try container.decode(Int.self, forKey: .blankLines)
        files = try container.decode(Int.self, forKey: .files)
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
