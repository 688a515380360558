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
    /// Each factor's value and points.
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
        let weeks = Double(input.waitDays) / 7
        let target = weights.tierTargetWeeks[input.tier.key]!
        explanation.append(
            FactorPoints(
                factor: "Wait against the \(input.tier.key) target of \(format(target)) weeks", value: "\(format(weeks)) weeks",
                points: weights.waitPointsPerTarget * weeks / target))
        if let decile = input.imdDecile {
            explanation.append(
                FactorPoints(factor: "IMD decile", value: String(decile.value), points: weights.imdDecilePoints[String(decile.value)] ?? 0))
        } else {
            explanation.append(FactorPoints(factor: "IMD decile", value: "not known", points: weights.imdUnknownPoints))
        }
        switch input.learningDisability {
        case .yes: explanation.append(FactorPoints(factor: "Learning disability", value: "Y", points: weights.learningDisabilityPoints))
        case .no: explanation.append(FactorPoints(factor: "Learning disability", value: "N", points: 0))
        case .notRecorded:
            explanation.append(
                FactorPoints(factor: "Learning disability", value: "not recorded", points: weights.learningDisabilityUnknownPoints))
        }
        if let age = input.ageYears {
            let band = age < 18 ? "0-17" : age < 40 ? "18-39" : age < 60 ? "40-59" : age < 75 ? "60-74" : "75+"
            explanation.append(FactorPoints(factor: "Age band", value: band, points: weights.ageBandPoints[band] ?? 0))
        } else {
            explanation.append(FactorPoints(factor: "Age band", value: "not known", points: weights.ageUnknownPoints))
        }
        for factor in weights.columns {
            let raw = (input.columns[factor.column] ?? "").trimmingSpaces
            if let perUnit = factor.pointsPerUnit {
                if let number = Double(raw) {
                    let clamped = min(max(number, factor.minimum ?? -.infinity), factor.maximum ?? .infinity)
                    explanation.append(FactorPoints(factor: factor.column, value: raw, points: perUnit * clamped))
                } else {
                    explanation.append(
                        FactorPoints(factor: factor.column, value: raw.isEmpty ? "blank" : "not a number", points: factor.unknownPoints))
                }
            } else if let codes = factor.codePoints {
                let match = codes.first { $0.key.lowercased() == raw.lowercased() }
                explanation.append(
                    FactorPoints(factor: factor.column, value: raw.isEmpty ? "blank" : raw, points: match?.value ?? factor.unknownPoints))
            }
        }
        return ScoredPathway(input: input, score: explanation.reduce(0) { $0 + $1.points }, explanation: explanation)
    }

    /// Scores and orders a list: tiers stay in clinical order (P1a, P1b, P1, P2…P6, not
    /// prioritised) and no pathway leaves its tier; within a tier the order is by score, then by
    /// longer wait, then by pathway ID, so the order is total and reproducible.
    /// - Complexity: O(n log n) time, O(n) memory (the list must be held to be sorted).
    public func order(_ inputs: [ScoringInput]) -> [ScoredPathway] {
        var scored = inputs.map(score)
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
