import WaitgapCore

/// What the scorer knows of one pathway. The pathway ID is the stable tie-break and what the
/// clinician's list shows; it never leaves owner-only files.
public struct ScoringInput: Sendable, Equatable {
    public var pathwayID: String
    public var tier: Tier
    public var waitDays: Int
    public var imdDecile: IMDDecile?
    public var learningDisability: LearningDisabilityGroup
    public var ageYears: Int?
    public var sex: Sex?
    /// The treatment function code, and the group ranks restart in (nil: the specialty).
    public var specialty: String
    public var group: String?
    /// Whether it waits for admission (only admitted, prioritised pathways are reordered by default).
    public var listType: WaitingList.ListType
    /// Values of the extra columns the weights name, by column.
    public var columns: [String: String]

    /// Creates an input.
    public init(
        pathwayID: String, tier: Tier, waitDays: Int, imdDecile: IMDDecile? = nil,
        learningDisability: LearningDisabilityGroup = .notRecorded,
        ageYears: Int? = nil, sex: Sex? = nil, specialty: String = "", group: String? = nil,
        listType: WaitingList.ListType = .notKnown, columns: [String: String] = [:]
    ) {
        self.pathwayID = pathwayID
        self.tier = tier
        self.waitDays = waitDays
        self.imdDecile = imdDecile
        self.learningDisability = learningDisability
        self.ageYears = ageYears
        self.sex = sex
        self.specialty = specialty
        self.group = group
        self.listType = listType
        self.columns = columns
    }
}

/// One factor's part in a score: what value it saw and the points it gave.
public struct FactorPoints: Sendable, Equatable {
    public var factor: String
    public var value: String
    public var points: Double

    /// Creates a factor's points.
    public init(factor: String, value: String, points: Double) {
        self.factor = factor
        self.value = value
        self.points = points
    }
}

/// A scored pathway with its explanation and its place before and after reordering.
public struct ScoredPathway: Sendable, Equatable {
    public var input: ScoringInput
    /// The total score: the sum of the explanation's points.
    public var score: Double
    /// Each factor's value and points (empty from `order`, which keeps totals only: ask
    /// `Scorer.score` for one pathway's explanation).
    public var explanation: [FactorPoints]
    /// Its rank within its tier by wait alone (1 = longest wait), and by score.
    public var rankByWait = 0
    public var rankByScore = 0
}

/// Scores pathways with a set of weights and orders each tier by score.
public struct Scorer: Sendable {
    public let weights: ScoringWeights
    /// The wait factor's name for each tier (built once: the list names it on every row).
    private let waitFactorNames: [String]
    private let targetWeeks: [Double]
    /// The weights' tables as arrays and lowercased codes, built once so that scoring a row looks
    /// nothing up by string.
    private let decilePoints: [Double]
    private let ageBandPoints: [Double]
    private let codePoints: [[String: Double]?]
    /// Each column factor's built-in clinical factor, if it is one (its values read canonically).
    private let builtIns: [BuiltInFactor?]
    /// Whether age gives any points: when not, the explanation does not mention it (the defaults
    /// carry no age factor).
    private let weighsAge: Bool

    /// Creates a scorer.
    /// - Throws: `ScoringWeights.Problem` for weights that do not validate.
    public init(weights: ScoringWeights) throws(ScoringWeights.Problem) {
        try weights.validate()
        self.weights = weights
        targetWeeks = Tier.allCases.map { weights.tierTargetWeeks[$0.key]! }
        waitFactorNames = Tier.allCases.map {
            "Wait against the \($0.key) target of \(Self.format(weights.tierTargetWeeks[$0.key]!)) weeks"
        }
        decilePoints = (0...10).map { weights.imdDecilePoints[String($0)] ?? 0 }
        ageBandPoints = ScoringWeights.ageBands.map { weights.ageBandPoints[$0] ?? 0 }
        builtIns = weights.columns.map(\.builtIn)
        weighsAge = ageBandPoints.contains { $0 != 0 } || weights.ageUnknownPoints != 0
        codePoints = weights.columns.map { factor in
            factor.codePoints.map { codes in
                Dictionary(codes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            }
        }
    }

    /// Scores one pathway, explaining every point.
    public func score(_ input: ScoringInput) -> ScoredPathway {
        var explanation: [FactorPoints] = []
        let total = accumulate(Facts(input), column: { input.columns[weights.columns[$0].column] ?? "" }) {
            explanation.append(FactorPoints(factor: $0(), value: $1(), points: $2))
        }
        return ScoredPathway(input: input, score: total, explanation: explanation)
    }

    /// The total alone, building no explanation (for ordering long lists).
    public func total(_ input: ScoringInput) -> Double {
        accumulate(Facts(input), column: { input.columns[weights.columns[$0].column] ?? "" }, explain: nil)
    }

    /// Pathway `index` of `list`'s total score.
    func total(_ list: WaitingList, _ index: Int) -> Double {
        accumulate(Facts(list.rows[index]), column: { list.extraValue(index, $0) }, explain: nil)
    }

    /// Pathway `index` of `list`'s score explained as one line: `factor = value: points; …`.
    public func explanation(_ list: WaitingList, _ index: Int) -> String {
        var bytes: [UInt8] = []
        appendExplanation(list, index, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends pathway `index`'s explanation line to `bytes` (for writing long lists without
    /// making a string per row).
    public func appendExplanation(_ list: WaitingList, _ index: Int, to bytes: inout [UInt8]) {
        // The explaining closure may not capture an inout parameter: borrow the buffer for it.
        var buffer: [UInt8] = []
        swap(&buffer, &bytes)
        var first = true
        _ = accumulate(Facts(list.rows[index]), column: { list.extraValue(index, $0) }) { factor, value, points in
            if !first { buffer.append(contentsOf: "; ".utf8) }
            first = false
            buffer.append(contentsOf: factor().utf8)
            buffer.append(contentsOf: " = ".utf8)
            buffer.append(contentsOf: value().utf8)
            buffer.append(contentsOf: ": ".utf8)
            Self.appendFormatted(points, to: &buffer)
        }
        swap(&buffer, &bytes)
    }

    /// The part of pathway `index`'s score that does not grow with its wait: the total with the
    /// wait set to zero (the simulation adds the wait's points as time passes).
    func fixedPoints(_ list: WaitingList, _ index: Int) -> Double {
        var facts = Facts(list.rows[index])
        facts.waitDays = 0
        return accumulate(facts, column: { list.extraValue(index, $0) }, explain: nil)
    }

    /// Points a pathway in `tier` gains per day waited.
    func waitPointsPerDay(_ tier: Tier) -> Double { weights.waitPointsPerTarget / (7 * targetWeeks[tier.rawValue]) }

    /// What a score reads of a pathway, whichever way the pathway is held.
    struct Facts {
        var tier: Tier
        var waitDays: Int
        var imdDecile: Int?
        var learningDisability: LearningDisabilityGroup
        var ageYears: Int?

        init(_ input: ScoringInput) {
            tier = input.tier
            waitDays = input.waitDays
            imdDecile = input.imdDecile?.value
            learningDisability = input.learningDisability
            ageYears = input.ageYears
        }

        init(_ row: WaitingList.Row) {
            tier = Tier(rawValue: Int(row.tier))!
            waitDays = Int(row.waitDays)
            imdDecile = row.imdDecile == 0 ? nil : Int(row.imdDecile)
            learningDisability = LearningDisabilityGroup.allCases[Int(row.learningDisability)]
            ageYears = row.age == WaitingList.unknownAge ? nil : Int(row.age)
        }
    }

    /// Adds up every factor's points; `explain`, when given, receives each factor's name and value
    /// (built only then) and points. One function serves every caller, so totals and explanations
    /// agree. `column(i)` gives the value of the weights' `columns[i]`.
    private func accumulate(
        _ facts: Facts, column: (Int) -> String,
        explain: ((_ factor: () -> String, _ value: () -> String, _ points: Double) -> Void)?
    ) -> Double {
        var total = 0.0
        func add(_ factor: @autoclosure () -> String, _ value: @autoclosure () -> String, _ points: Double) {
            total += points
            explain?(factor, value, points)
        }
        let weeks = Double(facts.waitDays) / 7
        add(
            waitFactorNames[facts.tier.rawValue], Self.format(weeks) + " weeks",
            weights.waitPointsPerTarget * weeks / targetWeeks[facts.tier.rawValue])
        if let decile = facts.imdDecile {
            add("IMD decile", String(decile), decilePoints[decile])
        } else {
            add("IMD decile", "not known", weights.imdUnknownPoints)
        }
        switch facts.learningDisability {
        case .yes: add("Learning disability", "Y", weights.learningDisabilityPoints)
        case .no: add("Learning disability", "N", 0)
        case .notRecorded: add("Learning disability", "not recorded", weights.learningDisabilityUnknownPoints)
        }
        if !weighsAge {
            // No age factor: nothing to add or explain.
        } else if let age = facts.ageYears {
            let band = age < 18 ? 0 : age < 40 ? 1 : age < 60 ? 2 : age < 75 ? 3 : 4
            add("Age band", ScoringWeights.ageBands[band], ageBandPoints[band])
        } else {
            add("Age band", "not known", weights.ageUnknownPoints)
        }
        for (index, factor) in weights.columns.enumerated() {
            let raw = column(index).trimmingSpaces
            if let perUnit = factor.pointsPerUnit {
                if let number = Double(raw), number.isFinite {
                    let clamped = min(max(number, factor.minimum ?? -.infinity), factor.maximum ?? .infinity)
                    add(factor.column, raw, perUnit * clamped)
                } else {
                    add(factor.column, raw.isEmpty ? "blank" : "not a number", factor.unknownPoints)
                }
            } else if let codes = codePoints[index] {
                let value = builtIns[index]?.canonical(raw) ?? raw
                add(factor.column, raw.isEmpty ? "blank" : raw, codes[value.lowercased()] ?? factor.unknownPoints)
            }
        }
        return total
    }

    /// Scores and orders a list: tiers stay in clinical order (P1a, P1b, P1, P2…P6, not
    /// prioritised) and no pathway leaves its tier; within a tier the order is by score, then by
    /// longer wait, then by pathway ID, so the order is total and reproducible.
    public func order(_ inputs: [ScoringInput], rankWithin: RankWithin = .specialty, reorderAll: Bool = false) -> [ScoredPathway] {
        var list = WaitingList(extraColumns: weights.columns.map(\.column), rankWithin: rankWithin)
        for input in inputs { list.append(input) }
        let ranked = order(list, reorderAll: reorderAll)
        return ranked.entries.map { entry in
            ScoredPathway(
                input: list.input(entry.pathway), score: entry.score, explanation: [], rankByWait: entry.rankByWait,
                rankByScore: entry.rankByScore)
        }
    }

    /// Whether a pathway is reordered by score: by default only those with a surgical priority
    /// that are not known to be non-admitted (surgical priorities are set for admitted care); the
    /// rest keep their wait order. `reorderAll` reorders every pathway.
    public static func isReordered(tier: Tier, listType: WaitingList.ListType, reorderAll: Bool) -> Bool {
        reorderAll || (tier != .notPrioritised && listType != .nonAdmitted)
    }

    /// Scores and orders a compact list: a part per ranking group (specialty, consultant, site,
    /// or the whole trust; groups in the order of their codes), in it the reordered tiers in
    /// clinical order, then the tiers kept in wait order; ranks restart in each part.
    /// - Complexity: O(n log n) time; 24 bytes a pathway beyond the list itself.
    public func order(_ list: WaitingList, reorderAll: Bool = false) -> RankedList {
        // Bucket by part first (stable, one pass), then sort each part on its own: comparisons
        // never look a part up, and ties on score and wait alone reach the pathway IDs.
        let tiers = Tier.allCases.count
        let groupOrder = (0..<list.groups.count).sorted { list.groups.bytes($0).lexicographicallyPrecedes(list.groups.bytes($1)) }
        var groupRank = [Int](repeating: 0, count: list.groups.count)
        for (rank, group) in groupOrder.enumerated() { groupRank[group] = rank }
        func part(_ row: WaitingList.Row) -> Int {
            let tier = Tier(rawValue: Int(row.tier))!
            let reordered = Self.isReordered(tier: tier, listType: WaitingList.ListType(rawValue: row.listType)!, reorderAll: reorderAll)
            return (groupRank[Int(row.group)] * 2 + (reordered ? 0 : 1)) * tiers + Int(row.tier)
        }
        var counts = [Int](repeating: 0, count: max(1, list.groups.count) * 2 * tiers)
        for row in list.rows { counts[part(row)] += 1 }
        var starts = [0]
        for count in counts { starts.append(starts.last! + count) }
        var next = starts
        var entries = [RankedList.Entry](repeating: RankedList.Entry(pathway: 0, score: 0, waitDays: 0), count: list.count)
        for index in list.rows.indices {
            let key = part(list.rows[index])
            entries[next[key]] = RankedList.Entry(pathway: index, score: total(list, index), waitDays: Int(list.rows[index].waitDays))
            next[key] += 1
        }
        var segments: [RankedList.Segment] = []
        for key in counts.indices where counts[key] > 0 {
            let range = starts[key]..<starts[key + 1]
            let reordered = (key / tiers) % 2 == 0
            segments.append(
                RankedList.Segment(
                    group: groupOrder[key / tiers / 2], reordered: reordered, tier: Tier(rawValue: key % tiers)!, range: range))
            entries[range].sort { x, y in
                if x.storedWait != y.storedWait { return x.storedWait > y.storedWait }
                return list.pathwayIDPrecedes(Int(x.storedPathway), Int(y.storedPathway))
            }
            for (rank, position) in range.enumerated() { entries[position].storedRankByWait = UInt32(rank + 1) }
            if reordered {
                entries[range].sort { x, y in
                    if x.score != y.score { return x.score > y.score }
                    if x.storedWait != y.storedWait { return x.storedWait > y.storedWait }
                    return list.pathwayIDPrecedes(Int(x.storedPathway), Int(y.storedPathway))
                }
            }
            for (rank, position) in range.enumerated() { entries[position].storedRankByScore = UInt32(rank + 1) }
        }
        return RankedList(list: list, entries: entries, segments: segments)
    }

    /// One decimal place, `-0.3`, `12.0`: as text.
    static func format(_ value: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        appendFormatted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One decimal place, written straight into `bytes` (a list of a million rows formats
    /// several numbers a row: no intermediate strings).
    static func appendFormatted(_ value: Double, to bytes: inout [UInt8]) {
        let scaled = Int((value * 10).rounded())
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = scaled.magnitude
        var whole = magnitude / 10
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        bytes[start...].reverse()
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }
}

extension WaitingList {
    /// The value of extra column `column` for pathway `index`, as text.
    func extraValue(_ index: Int, _ column: Int) -> String {
        var value = ""
        forEachExtraValue(index) { at, bytes in if at == column { value = String(decoding: bytes, as: UTF8.self) } }
        return value
    }
}
