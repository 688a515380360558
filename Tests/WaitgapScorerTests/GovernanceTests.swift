import Foundation
import Testing
import WaitgapCore
import WaitgapLists
import WaitgapScorer
import WaitgapStore

/// Governed weights: protected characteristics refused unless justified and allowed; approvals
/// recorded; SHA-256 as published.
@Suite struct GovernanceTests {
    @Test func sha256MatchesThePublishedTestVectors() {
        // FIPS 180-4 examples (NIST CSRC, "SHA256.pdf").
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func theDefaultsWeighNoAgeAndJustifyTheirDisabilityFactor() throws {
        let factors = WeightsGovernance.factors(.default)
        #expect(!factors.contains { $0.key == "ageBandPoints" })
        let disability = try #require(factors.first { $0.key == "learningDisabilityPoints" })
        #expect(disability.protectedCharacteristic == "disability" && disability.onlyFavoursDisabled && disability.justification != nil)
        // Usable without --allow-protected, and every factor states its rationale.
        #expect(try WeightsGovernance.checkProtected(.default, allowProtected: false).map(\.key) == ["learningDisabilityPoints"])
        try WeightsGovernance.checkRationales(.default)
    }

    @Test func columnsOnProtectedCharacteristicsAreFoundByTheRegistryAndByName() {
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "ETHNIC_CATEGORY") == "race")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "PERSON_STATED_GENDER_CODE") == "sex")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "Der_Age_WeekEndingDate") == "age")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "Religion") == "religion or belief")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "smoker") == nil)
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "asa_physical_status") == nil)
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "stage") == nil)
        // Names not split by `_`, space or `-` (an independent review got these past the check).
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "EthnicCategory2") == "race")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "PatientGender") == "sex")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "Religion.Code") == "religion or belief")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "PATIENTGENDER") == "sex")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "ethniccategory") == "race")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "DateOfBirth") == "age")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "PatientAge") == "age")
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "MaritalStatus") == "marriage and civil partnership")
        // ...without catching words that only contain a short one.
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "AverageWait") == nil)
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "frailty_score") == nil)
        #expect(WeightsGovernance.protectedCharacteristic(ofColumn: "comorbidity_count") == nil)
    }

    @Test func aProtectedFactorIsRefusedUnlessJustifiedAndAllowed() throws {
        var weights = ScoringWeights.default
        weights.columns = [.init(column: "ethnic_category", codePoints: ["M": 2], unknownPoints: 0, comment: "x")]
        // Not justified: refused even with --allow-protected.
        #expect(throws: WeightsGovernance.Refusal.self) { try WeightsGovernance.checkProtected(weights, allowProtected: true) }
        weights.justifications?["ethnic_category"] = "Local EIA 12 found Black Caribbean patients wait longer at equal need."
        // Justified but not allowed: refused, one line naming the option.
        do {
            _ = try WeightsGovernance.checkProtected(weights, allowProtected: false)
            Issue.record("not refused")
        } catch {
            #expect(error.message.contains("--allow-protected") && !error.message.contains("\n"))
        }
        // Justified and allowed: accepted, and reported for the audit trail.
        let allowed = try WeightsGovernance.checkProtected(weights, allowProtected: true)
        #expect(allowed.map(\.key) == ["learningDisabilityPoints", "ethnic_category"])
        #expect(WeightsGovernance.describe(allowed).contains("ethnic_category (race): Local EIA 12"))
        // Age weighted without a justification is refused too.
        var aged = ScoringWeights.default
        aged.ageBandPoints["75+"] = 2
        #expect(throws: WeightsGovernance.Refusal.self) { try WeightsGovernance.checkProtected(aged, allowProtected: true) }
    }

    func encoded(_ weights: ScoringWeights) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(weights))
    }

    @Test func anApprovalRecordsTheFingerprintApproverAssessmentAndRationales() throws {
        let history = try HistoryDatabase.inMemory()
        let actor = ListRules.Actor(user: "analyst", timestamp: { "2026-11-01T09:00:00Z" })
        let bytes = WeightsRules.defaultFileBytes
        let approval = try WeightsRules.approve(
            file: "w.json", bytes: bytes, approver: "Dr M", role: "Medical director", equalityImpactAssessment: "EIA-7",
            allowProtected: false, actor: actor, history: history)
        #expect(approval.fingerprint == SHA256.hex(bytes) && approval.fingerprint.count == 64)
        #expect(approval.rationales.contains("imdDecilePoints: Points by IMD decile"))
        #expect(approval.protectedFactors.hasPrefix("learningDisabilityPoints (disability): "))
        #expect(try history.weightsApprovals(fingerprint: approval.fingerprint) == [approval])
        // A factor without a rationale cannot be approved.
        var silent = ScoringWeights.default
        silent.columns = [.init(column: "smoker", codePoints: ["Y": 1], unknownPoints: 0)]
        #expect(throws: ListProblem.self) {
            try WeightsRules.approve(
                file: "s.json", bytes: try encoded(silent), approver: "Dr M", role: "MD", equalityImpactAssessment: "EIA-7",
                allowProtected: false, actor: actor, history: history)
        }
        // A protected factor: refused without --allow-protected, recorded with it.
        var ethnic = ScoringWeights.default
        ethnic.columns = [.init(column: "Ethnicity", codePoints: ["M": 1], unknownPoints: 0, comment: "EIA finding")]
        ethnic.justifications?["Ethnicity"] = "EIA-8 section 4"
        let ethnicBytes = try encoded(ethnic)
        #expect(throws: ListProblem.self) {
            try WeightsRules.approve(
                file: "e.json", bytes: ethnicBytes, approver: "Dr M", role: "MD", equalityImpactAssessment: "EIA-8",
                allowProtected: false, actor: actor, history: history)
        }
        let allowed = try WeightsRules.approve(
            file: "e.json", bytes: ethnicBytes, approver: "Dr M", role: "MD", equalityImpactAssessment: "EIA-8", allowProtected: true,
            actor: actor, history: history)
        #expect(allowed.protectedFactors.contains("Ethnicity (race): EIA-8 section 4"))
        #expect(try history.weightsApprovals().count == 2)
    }
}
