import Testing
import WaitgapCore
import WaitgapScorer

/// Clinical factors: ASA physical status built in, and the documented examples for frailty,
/// comorbidity and status while waiting (docs/scoring.md, "Clinical factors").
@Suite struct ClinicalFactorsTests {
    /// The weights of docs/scoring.md's clinical example.
    static let clinical: ScoringWeights = {
        var weights = ScoringWeights.default
        weights.columns = [
            .init(column: "asa_physical_status", codePoints: ["1": 0, "2": 0, "3": 2, "4": 4], unknownPoints: 0, comment: "ASA 3-4"),
            .init(column: "clinical_frailty_scale", pointsPerUnit: 0.5, minimum: 1, maximum: 9, unknownPoints: 0, comment: "CFS 1-9"),
            .init(column: "comorbidity_count", pointsPerUnit: 1, minimum: 0, maximum: 5, unknownPoints: 0, comment: "up to five"),
            .init(
                column: "status_while_waiting", codePoints: ["deteriorated": 3, "stable": 0, "improved": 0], unknownPoints: 0.5,
                comment: "reviewed while waiting"),
        ]
        return weights
    }()

    func points(_ columns: [String: String]) -> [String: Double] {
        let scored = try! Scorer(weights: Self.clinical).score(ScoringInput(pathwayID: "A", tier: .p3, waitDays: 0, columns: columns))
        return Dictionary(uniqueKeysWithValues: scored.explanation.map { ($0.factor, $0.points) })
    }

    @Test func asaIsReadInEverySpellingAndUnknownGradesScoreTheirStatedPoints() {
        for spelling in ["3", "III", "ASA 3", "ASA III", "asa iii-e", "3E"] {
            #expect(points(["asa_physical_status": spelling])["asa_physical_status"] == 2, "\(spelling)")
        }
        #expect(points(["asa_physical_status": "ASA IV"])["asa_physical_status"] == 4)
        #expect(points(["asa_physical_status": "7"])["asa_physical_status"] == 0)
        #expect(BuiltInFactor(column: "ASA Grade") == .asaPhysicalStatus && BuiltInFactor(column: "smoker") == nil)
        #expect(Self.clinical.columns[0].names.contains("ASA Grade"))
        // ASA is clinical, not a protected characteristic.
        #expect(
            WeightsGovernance.factors(Self.clinical).allSatisfy {
                $0.key == "learningDisabilityPoints" || $0.protectedCharacteristic == nil
            })
    }

    @Test func frailtyComorbidityAndStatusWhileWaitingScoreAsDocumented() {
        let scored = points([
            "asa_physical_status": "2", "clinical_frailty_scale": "12", "comorbidity_count": "3", "status_while_waiting": " Deteriorated ",
        ])
        // Frailty clamped to 9: 4.5; three comorbidities: 3; deteriorated: 3.
        #expect(scored["clinical_frailty_scale"] == 4.5 && scored["comorbidity_count"] == 3 && scored["status_while_waiting"] == 3)
        #expect(points([:])["status_while_waiting"] == 0.5)
        try! WeightsGovernance.checkRationales(Self.clinical)
    }
}
