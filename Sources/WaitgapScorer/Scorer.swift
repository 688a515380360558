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
    /// Values of the extra columns the weights name, by column.
    public var columns: [String: String]

    /// Creates an input.
    public init(
        pathwayID: String, tier: Tier, waitDays: Int, imdDecile: IMDDecile? = nil,
        learningDisability: LearningDisabilityGroup = .notRecorded,
        ageYears: Int? = nil, columns: [String: String] = [:]
    ) {
        self.pathwayID = pathwayID
        self.tier = tier
        self.waitDays = waitDays
        self.imdDecile = imdDecile
        self.learningDisability = learningDisability
        self.ageYears = ageYears
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

    /// Creates a scorer.
    /// - Throws: `ScoringWeights.Problem` for weights that do not validate.
    public init(weights: ScoringWeights) throws(ScoringWeights.Problem) {
        try weights.validate()
        self.weights = weights
    }

    /// Scores one pathway, explaining every point.
    public func score(_ input: ScoringInput) -> ScoredPathway {
        var explanation: [FactorPoints] = []
        let total = accumulate(input) { explanation.append(FactorPoints(factor: $0(), value: $1(), points: $2)) }
        return ScoredPathway(input: input, score: total, explanation: explanation)
    }

    /// The total alone, building no explanation (for ordering long lists).
    public func total(_ input: ScoringInput) -> Double { accumulate(input, explain: nil) }

    /// Adds up every factor's points; `explain`, when given, receives each factor's name and value
    /// (built only then) and points. One function serves both, so totals and explanations agree.
    private func accumulate(
        _ input: ScoringInput, explain: ((_ factor: () -> String, _ value: () -> String, _ points: Double) -> Void)?
    ) -> Double {
        var total = 0.0
        func add(_ factor: @autoclosure () -> String, _ value: @autoclosure () -> String, _ points: Double) {
            total += points
            explain?(factor, value, points)
        }
        let weeks = Double(input.waitDays) / 7
        let target = weights.tierTargetWeeks[input.tier.key]!
        add(
            "Wait against the \(input.tier.key) target of \(format(target)) weeks", "\(format(weeks)) weeks",
            weights.waitPointsPerTarget * weeks / target)
        if let decile = input.imdDecile {
            add("IMD decile", String(decile.value), weights.imdDecilePoints[String(decile.value)] ?? 0)
        } else {
            add("IMD decile", "not known", weights.imdUnknownPoints)
        }
        switch input.learningDisability {
        case .yes: add("Learning disability", "Y", weights.learningDisabilityPoints)
        case .no: add("Learning disability", "N", 0)
        case .notRecorded: add("Learning disability", "not recorded", weights.learningDisabilityUnknownPoints)
        }
        if let age = input.ageYears {
            let band = age < 18 ? "0-17" : age < 40 ? "18-39" : age < 60 ? "40-59" : age < 75 ? "60-74" : "75+"
            add("Age band", band, weights.ageBandPoints[band] ?? 0)
        } else {
            add("Age band", "not known", weights.ageUnknownPoints)
        }
        for factor in weights.columns {
            let raw = (input.columns[factor.column] ?? "").trimmingSpaces
            if let perUnit = factor.pointsPerUnit {
                if let number = Double(raw) {
                    let clamped = min(max(number, factor.minimum ?? -.infinity), factor.maximum ?? .infinity)
                    add(factor.column, raw, perUnit * clamped)
                } else {
                    add(factor.column, raw.isEmpty ? "blank" : "not a number", factor.unknownPoints)
                }
            } else if let codes = factor.codePoints {
                let match = codes.first { $0.key.lowercased() == raw.lowercased() }
                add(factor.column, raw.isEmpty ? "blank" : raw, match?.value ?? factor.unknownPoints)
            }
        }
        return total
    }

    /// Scores and orders a list: tiers stay in clinical order (P1a, P1b, P1, P2…P6, not
    /// prioritised) and no pathway leaves its tier; within a tier the order is by score, then by
    /// longer wait, then by pathway ID, so the order is total and reproducible.
    /// - Complexity: O(n log n) time, O(n) memory (the list must be held to be sorted).
    public func order(_ inputs: [ScoringInput]) -> [ScoredPathway] {
        // Totals only: explanations are built when the list is written (`score`).
        var scored = inputs.map { ScoredPathway(input: $0, score: total($0), explanation: []) }
        let byWait = scored.indices.sorted { a, b in
            let (x, y) = (scored[a].input, scored[b].input)
            if x.tier != y.tier { return x.tier < y.tier }
            if x.waitDays != y.waitDays { return x.waitDays > y.waitDays }
            return x.pathwayID < y.pathwayID
        }
        var rank = 0
        var tier: Tier?
        for index in byWait {
            if scored[index].input.tier != tier {
                tier = scored[index].input.tier
                rank = 0
            }
            rank += 1
            scored[index].rankByWait = rank
        }
        scored.sort { x, y in
            if x.input.tier != y.input.tier { return x.input.tier < y.input.tier }
            if x.score != y.score { return x.score > y.score }
            if x.input.waitDays != y.input.waitDays { return x.input.waitDays > y.input.waitDays }
            return x.input.pathwayID < y.input.pathwayID
        }
        tier = nil
        for index in scored.indices {
            if scored[index].input.tier != tier {
                tier = scored[index].input.tier
                rank = 0
            }
            rank += 1
            scored[index].rankByScore = rank
        }
        return scored
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 10).rounded()
        return "\(Int(scaled) / 10).\(abs(Int(scaled) % 10))"
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
