import WaitgapCSV
import WaitgapCore

/// A scored list in its new order: tiers in clinical order, each ordered by score (and then by any
/// overrides a clinician made).
public struct RankedList: Sendable {
    /// One pathway's place: 24 bytes, so sorting a million moves small values.
    public struct Entry: Sendable {
        var storedPathway: UInt32
        var storedWait: Int32
        /// The total score.
        public let score: Double
        var storedRankByWait: UInt32 = 0
        var storedRankByScore: UInt32 = 0

        init(pathway: Int, score: Double, waitDays: Int) {
            storedPathway = UInt32(pathway)
            storedWait = Int32(clamping: waitDays)
            self.score = score
        }

        /// The pathway's index in the `WaitingList`.
        public var pathway: Int { Int(storedPathway) }
        /// Its rank within its tier by wait alone (1 = longest wait), and by score alone (before
        /// any override).
        public var rankByWait: Int { Int(storedRankByWait) }
        public var rankByScore: Int { Int(storedRankByScore) }
    }

    /// One part of the list in which ranks run 1, 2, …: a tier of one ranking group (specialty,
    /// consultant, site or trust), ordered by score or, when it is not reordered, by wait.
    public struct Segment: Sendable, Equatable {
        /// The ranking group's number in `list.groups`.
        public let group: Int
        /// Whether it is ordered by score (false: kept in wait order).
        public let reordered: Bool
        public let tier: Tier
        /// Its part of `entries`.
        public let range: Range<Int>

        /// Creates a segment.
        public init(group: Int, reordered: Bool, tier: Tier, range: Range<Int>) {
            self.group = group
            self.reordered = reordered
            self.tier = tier
            self.range = range
        }
    }

    /// The pathways.
    public let list: WaitingList
    /// The pathways in their new order.
    public private(set) var entries: [Entry]
    /// The list's parts, in order: each ranking group's reordered tiers in clinical order, then
    /// its tiers kept in wait order.
    public let segments: [Segment]
    /// What each override applied says (shown on the list), by pathway index.
    public private(set) var overrideNotes: [Int: String] = [:]

    init(list: WaitingList, entries: [Entry], segments: [Segment]) {
        self.list = list
        self.entries = entries
        self.segments = segments
    }

    /// The index in `segments` of the segment holding `position`.
    public func segmentIndex(at position: Int) -> Int {
        var (low, high) = (0, segments.count - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].range.lowerBound <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The positions in `entries` of a tier's pathways, across every group, in list order.
    public func positions(in tier: Tier) -> [Int] { segments.filter { $0.tier == tier }.flatMap(\.range) }

    /// The tier of the entry at `position` in `entries`.
    public func tier(at position: Int) -> Tier { list.tier(entries[position].pathway) }

    /// The final rank within its segment of the entry at `position` (1 = first to be treated).
    public func rank(at position: Int) -> Int { position - segments[segmentIndex(at: position)].range.lowerBound + 1 }

    /// How the list file names a segment's part: its group, its order (`score` or `wait`) and
    /// its tier, as the fingerprint counts them.
    public func partKey(_ segment: Segment) -> String {
        ListFingerprint.partKey(group: list.groupLabel(segment.group), reordered: segment.reordered, tier: segment.tier.key)
    }

    /// Applies overrides carried from earlier nights, segment by segment (`TierReorder`: moves
    /// first, from the new score order, then pins, lowest rank first, so every pin holds). A
    /// pathway no longer on the list, or now in another tier, is not moved; a rank beyond
    /// tonight's segment goes to its end.
    /// - Returns: what became of each override, in the order given.
    public mutating func apply(_ overrides: [ListOverride]) -> [OverrideOutcome] {
        guard !overrides.isEmpty else { return [] }
        let wanted = Set(overrides.map(\.pathwayID))
        var pathwayOf: [String: Int] = [:]
        var segmentOf: [Int: Int] = [:]
        for position in entries.indices {
            let index = entries[position].pathway
            let id = list.pathwayID(index)
            if wanted.contains(id) {
                pathwayOf[id] = index
                segmentOf[index] = segmentIndex(at: position)
            }
        }
        var outcomes = [OverrideOutcome?](repeating: nil, count: overrides.count)
        var requests = [[TierReorder.Request<Int>]](repeating: [], count: segments.count)
        for (index, override) in overrides.enumerated() {
            guard let pathway = pathwayOf[override.pathwayID] else {
                outcomes[index] = .notOnList(pathwayID: override.pathwayID)
                continue
            }
            let tier = list.tier(pathway)
            guard tier == override.tier else {
                outcomes[index] = .tierChanged(pathwayID: override.pathwayID, from: override.tier, to: tier)
                continue
            }
            requests[segmentOf[pathway]!].append(TierReorder.Request(index: index, key: pathway, action: override.action))
        }
        for (number, segment) in segments.enumerated() where !requests[number].isEmpty {
            var members = Array(entries[segment.range])
            for result in TierReorder.apply(requests[number], to: &members, key: \.pathway) {
                let override = overrides[result.index]
                overrideNotes[pathwayOf[override.pathwayID]!] = override.note
                outcomes[result.index] =
                    result.to == result.wanted
                    ? .applied(pathwayID: override.pathwayID, tier: segment.tier, from: result.from, to: result.to)
                    : .clamped(pathwayID: override.pathwayID, tier: segment.tier, from: result.from, to: result.to)
            }
            entries.replaceSubrange(segment.range, with: members)
        }
        return outcomes.map { $0! }
    }

    /// The list's fingerprint: its census date and every pathway's part and ID in order, so a
    /// sign-off names exactly the order signed.
    public func fingerprint(censusDate: Day) -> String {
        var fingerprint = ListFingerprint(censusDate: censusDate)
        let list = self.list
        for segment in segments {
            let key = Array(partKey(segment).utf8)
            for position in segment.range {
                list.withPathwayID(entries[position].pathway) { fingerprint.add(tierBytes: key, pathwayID: $0) }
            }
        }
        return fingerprint.value
    }
}

/// A clinician's change to the order within one tier.
public struct ListOverride: Sendable, Equatable {
    /// What the override does.
    public enum Action: Sendable, Equatable {
        /// Put the pathway at this rank within its tier (1 = first).
        case pin(position: Int)
        /// Move the pathway this many places: negative is up (earlier), positive is down.
        case move(places: Int)

        /// The rank it asks for, for a pathway now at rank `position`.
        public func target(from position: Int) -> Int {
            switch self {
            case .pin(let rank): rank
            case .move(let places): position + places
            }
        }
    }

    public var pathwayID: String
    /// The tier the override was made in: it never applies in another.
    public var tier: Tier
    public var action: Action
    /// What the list shows beside the pathway (who, when, why).
    public var note: String

    /// Creates an override.
    public init(pathwayID: String, tier: Tier, action: Action, note: String) {
        self.pathwayID = pathwayID
        self.tier = tier
        self.action = action
        self.note = note
    }

    /// Checks that the override stays inside its tier for a pathway at rank `position` in a tier
    /// of `tierSize`, and gives the rank it asks for.
    /// - Throws: `Refusal` naming the tier and its ranks when it would leave the tier.
    public func checkedTarget(from position: Int, tierSize: Int) throws(Refusal) -> Int {
        let target = action.target(from: position)
        guard (1...tierSize).contains(target) else {
            throw Refusal(
                message:
                    "\(pathwayID) is at rank \(position) of \(tierSize) in tier \(tier.key); rank \(target) would take it out of its tier, which an override cannot do (clinical priority is set clinically)"
            )
        }
        return target
    }

    /// An override that cannot be made.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// What became of an override carried to a new list.
public enum OverrideOutcome: Sendable, Equatable {
    case applied(pathwayID: String, tier: Tier, from: Int, to: Int)
    /// Applied, but not at the rank asked for: it is beyond tonight's tier (the pathway went to
    /// the end), or another pin took that rank.
    case clamped(pathwayID: String, tier: Tier, from: Int, to: Int)
    /// The pathway is not on tonight's list (treated or removed): the override lapses.
    case notOnList(pathwayID: String)
    /// The pathway's clinical priority changed: the override lapses, as it was made in another tier.
    case tierChanged(pathwayID: String, from: Tier, to: Tier)

    /// Whether the override moved its pathway (exactly, or clamped to the tier's end).
    public var wasApplied: Bool {
        switch self {
        case .applied, .clamped: true
        case .notOnList, .tierChanged: false
        }
    }
}

/// A 64-bit FNV-1a fingerprint of a list's order. It names which list was signed off; it is not
/// a defence against someone who sets out to forge one.
public struct ListFingerprint: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts a fingerprint for a list of census `censusDate`.
    public init(censusDate: Day) {
        mix(censusDate.description.utf8)
        mix(CollectionOfOne(UInt8(ascii: "\n")))
    }

    /// Adds the next pathway in order.
    public mutating func add(tier: String, pathwayID: String) { add(tier: tier, pathwayID: pathwayID.utf8) }

    /// Adds the next pathway in order, its ID as bytes. An ID that is not valid UTF-8 (an
    /// extract saved as Windows-1252) counts by its Windows-1252 reading, as a list read back
    /// as text sees it, so the list file keeps the extract's bytes and still fingerprints alike.
    public mutating func add(tier: String, pathwayID: some Collection<UInt8>) { add(tierBytes: Array(tier.utf8), pathwayID: pathwayID) }

    /// Adds the next pathway in order, its part (`tier`) already as UTF-8 bytes (a long list
    /// names each part's bytes once, not once a row).
    public mutating func add(tierBytes tier: [UInt8], pathwayID: some Collection<UInt8>) {
        mix(tier)
        mix(CollectionOfOne(UInt8(ascii: ",")))
        if pathwayID.allSatisfy({ $0 < 0x80 }) {
            mix(pathwayID)
        } else {
            mix(Array(pathwayID).withUnsafeBufferPointer { Windows1252.text($0) }.utf8)
        }
        mix(CollectionOfOne(UInt8(ascii: "\n")))
    }

    private mutating func mix(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
    }

    /// What the fingerprint counts a row's part by: its ranking group, whether it is ordered by
    /// score, and its tier.
    public static func partKey(group: String, reordered: Bool, tier: String) -> String {
        "\(group)|\(reordered ? "score" : "wait")|\(tier)"
    }

    /// Sixteen hex digits.
    public var value: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
