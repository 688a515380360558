import Testing
import WaitgapCore
import WaitgapScorer

@Suite struct ScorerTests {
    let scorer = try! Scorer(weights: .default)

    @Test func aScoreIsTheSumOfItsExplainedFactors() {
        let scored = scorer.score(
            ScoringInput(pathwayID: "A", tier: .p2, waitDays: 56, imdDecile: IMDDecile(1), learningDisability: .yes, ageYears: 80))
        // Wait 8 weeks against P2's 4: 2 targets × 10 = 20; decile 1: 3; LD: 3; no age factor.
        #expect(scored.explanation.map(\.points) == [20, 3, 3])
        #expect(scored.score == 26)
        // Weights that weigh age explain it.
        var weights = ScoringWeights.default
        weights.ageBandPoints["75+"] = 2
        let aged = try! Scorer(weights: weights).score(
            ScoringInput(pathwayID: "A", tier: .p2, waitDays: 56, imdDecile: IMDDecile(1), learningDisability: .yes, ageYears: 80))
        #expect(aged.explanation.map(\.points) == [20, 3, 3, 2])
        #expect(aged.explanation.last?.factor == "Age band")
    }

    @Test func unknownValuesScoreTheirStatedPointsNotASilentZero() {
        var weights = ScoringWeights.default
        weights.imdUnknownPoints = 1.5
        weights.columns = [.init(column: "smoker", codePoints: ["Y": 2, "N": 0], unknownPoints: 0.5)]
        let scored = try! Scorer(weights: weights).score(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 0, columns: ["smoker": "maybe"]))
        #expect(
            scored.explanation.first { $0.factor == "IMD decile" } == FactorPoints(factor: "IMD decile", value: "not known", points: 1.5))
        #expect(scored.explanation.first { $0.factor == "smoker" } == FactorPoints(factor: "smoker", value: "maybe", points: 0.5))
    }

    @Test func numericColumnsAreClampedAndBlankOnesScoreUnknown() {
        var weights = ScoringWeights.default
        weights.columns = [.init(column: "ae_attendances", pointsPerUnit: 1, minimum: 0, maximum: 3, unknownPoints: 0.25)]
        let scorer = try! Scorer(weights: weights)
        #expect(
            scorer.score(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 0, columns: ["ae_attendances": "7"])).explanation.last?.points
                == 3)
        #expect(scorer.score(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 0, columns: [:])).explanation.last?.points == 0.25)
    }

    @Test func weightsThatDoNotMakeSenseAreRefusedWithTheirProblem() {
        var weights = ScoringWeights.default
        weights.tierTargetWeeks["P2"] = nil
        #expect(throws: ScoringWeights.Problem.self) { _ = try Scorer(weights: weights) }
        weights = .default
        weights.version = 99
        #expect(throws: ScoringWeights.Problem.self) { _ = try Scorer(weights: weights) }
        weights = .default
        weights.columns = [.init(column: "x", unknownPoints: 0)]
        #expect(throws: ScoringWeights.Problem.self) { _ = try Scorer(weights: weights) }
    }

    @Test func tiesBreakByLongerWaitThenPathwayID() {
        let ordered = scorer.order([
            ScoringInput(pathwayID: "B", tier: .p3, waitDays: 84, imdDecile: IMDDecile(9), learningDisability: .no, ageYears: 30),
            ScoringInput(pathwayID: "A", tier: .p3, waitDays: 84, imdDecile: IMDDecile(9), learningDisability: .no, ageYears: 30),
        ])
        #expect(ordered.map(\.input.pathwayID) == ["A", "B"])
    }

    @Test(arguments: 1...25)
    func noPatientEverMovesAcrossClinicalPriorityTiers(seed: Int) {
        // Property: on random lists, the output's tiers appear in clinical order, each tier holds
        // exactly the patients it held, and ranks by wait and by score are each 1...n within a tier.
        var random = SplitMix64(seed: UInt64(seed))
        func next(_ bound: Int) -> Int { random.below(bound) }
        let inputs = (0..<(1 + next(300))).map { index in
            ScoringInput(
                pathwayID: "P\(index)", tier: Tier.allCases[next(Tier.allCases.count)], waitDays: next(800),
                imdDecile: next(5) == 0 ? nil : IMDDecile(1 + next(10)), learningDisability: [.yes, .no, .notRecorded][next(3)],
                ageYears: next(6) == 0 ? nil : next(100))
        }
        let ordered = scorer.order(inputs)
        #expect(ordered.count == inputs.count)
        #expect(ordered.map(\.input.tier) == ordered.map(\.input.tier).sorted())
        for tier in Tier.allCases {
            let before = Set(inputs.filter { $0.tier == tier }.map(\.pathwayID))
            let after = ordered.filter { $0.input.tier == tier }
            #expect(Set(after.map(\.input.pathwayID)) == before)
            #expect(after.map(\.rankByScore) == Array(1..<(after.count + 1)))
            #expect(after.map(\.rankByWait).sorted() == Array(1..<(after.count + 1)))
            if tier == .notPrioritised {
                // Not prioritised: kept in wait order by default.
                #expect(after.map(\.rankByWait) == after.map(\.rankByScore))
            } else {
                #expect(zip(after, after.dropFirst()).allSatisfy { $0.score >= $1.score })
            }
            // The totals used for ordering are the sums of the explanations the list shows.
            #expect(after.allSatisfy { abs($0.score - scorer.score($0.input).score) < 1e-9 })
        }
    }
}
