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

    /// The pathways.
    public let list: WaitingList
    /// The pathways in their new order.
    public private(set) var entries: [Entry]
    /// Each tier's part of `entries`, indexed by `Tier.rawValue`.
    public let tierRanges: [Range<Int>]
    /// What each override applied says (shown on the list), by pathway index.
    public private(set) var overrideNotes: [Int: String] = [:]

    init(list: WaitingList, entries: [Entry], tierRanges: [Range<Int>]) {
        self.list = list
        self.entries = entries
        self.tierRanges = tierRanges
    }

    /// The tier of the entry at `position` in `entries`.
    public func tier(at position: Int) -> Tier { list.tier(entries[position].pathway) }

    /// The final rank within its tier of the entry at `position` (1 = first to be treated).
    public func rank(at position: Int) -> Int { position - tierRanges[tier(at: position).rawValue].lowerBound + 1 }

    /// Applies overrides carried from earlier nights, tier by tier (`TierReorder`: moves first,
    /// from the new score order, then pins, lowest rank first, so every pin holds). A pathway no
    /// longer on the list, or now in another tier, is not moved; a rank beyond tonight's tier goes
    /// to its end.
    /// - Returns: what became of each override, in the order given.
    public mutating func apply(_ overrides: [ListOverride]) -> [OverrideOutcome] {
        guard !overrides.isEmpty else { return [] }
        let wanted = Set(overrides.map(\.pathwayID))
        var pathwayOf: [String: Int] = [:]
        for index in 0..<list.count {
            let id = list.pathwayID(index)
            if wanted.contains(id) { pathwayOf[id] = index }
        }
        var outcomes = [OverrideOutcome?](repeating: nil, count: overrides.count)
        var requests = [[TierReorder.Request<Int>]](repeating: [], count: Tier.allCases.count)
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
            requests[tier.rawValue].append(TierReorder.Request(index: index, key: pathway, action: override.action))
        }
        for tier in Tier.allCases where !requests[tier.rawValue].isEmpty {
            let range = tierRanges[tier.rawValue]
            var members = Array(entries[range])
            for result in TierReorder.apply(requests[tier.rawValue], to: &members, key: \.pathway) {
                let override = overrides[result.index]
                overrideNotes[pathwayOf[override.pathwayID]!] = override.note
                outcomes[result.index] =
                    result.to == result.wanted
                    ? .applied(pathwayID: override.pathwayID, tier: tier, from: result.from, to: result.to)
                    : .clamped(pathwayID: override.pathwayID, tier: tier, from: result.from, to: result.to)
            }
            entries.replaceSubrange(range, with: members)
        }
        return outcomes.map { $0! }
    }

    /// The list's fingerprint: its census date and every pathway's tier and ID in order, so a
    /// sign-off names exactly the order signed.
    public func fingerprint(censusDate: Day) -> String {
        var fingerprint = ListFingerprint(censusDate: censusDate)
        for tier in Tier.allCases {
            let key = tier.key
            for position in tierRanges[tier.rawValue] {
                list.withPathwayID(entries[position].pathway) { fingerprint.add(tier: key, pathwayID: $0) }
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
    public mutating func add(tier: String, pathwayID: some Collection<UInt8>) {
        mix(tier.utf8)
        mix(CollectionOfOne(UInt8(ascii: ",")))
        let bytes = Array(pathwayID)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            mix(bytes)
        } else {
            mix(bytes.withUnsafeBufferPointer { Windows1252.text($0) }.utf8)
        }
        mix(CollectionOfOne(UInt8(ascii: "\n")))
    }

    private mutating func mix(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
    }

    /// Sixteen hex digits.
    public var value: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
