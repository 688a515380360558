import Foundation
import Testing
import WaitgapCSV
import WaitgapCore
import WaitgapLists
import WaitgapScorer
import WaitgapStore

/// The list file and the rules of override and sign-off, on files and an in-memory history.
@Suite struct ListRulesTests {
    let census = Day(year: 2026, month: 10, day: 31)!
    let actor = ListRules.Actor(user: "drjones", timestamp: { "2026-11-01T09:00:00Z" })

    /// A scored list of two specialties written to a fresh folder, and recorded as generated
    /// with the defaults' fingerprint.
    func written() throws -> (path: String, history: HistoryDatabase, weights: String) {
        let scorer = try Scorer(weights: .default)
        var list = WaitingList()
        var random = SplitMix64(seed: 7)
        for index in 0..<120 {
            list.append(
                ScoringInput(
                    pathwayID: "RTT\(index)", tier: [Tier.p2, .p3, .notPrioritised][random.below(3)], waitDays: random.below(400),
                    imdDecile: IMDDecile(1 + random.below(10)), learningDisability: .no, specialty: index % 2 == 0 ? "110" : "130",
                    listType: index % 7 == 0 ? .nonAdmitted : .admitted))
        }
        let ranked = scorer.order(list)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("listrules-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/reordered-\(census).csv"
        try ListFile.write(ranked, scorer: scorer, censusDate: census, to: path)
        let history = try HistoryDatabase.inMemory()
        let weights = WeightsRules.fingerprint(WeightsRules.defaultFileBytes)
        try history.append([
            ListEvent(
                recordedAt: "2026-11-01T08:00:00Z", user: "analyst", censusDate: census, action: .generated,
                listFingerprint: ranked.fingerprint(censusDate: census), weightsFingerprint: weights)
        ])
        #expect(try ListFile.scan(path: path).fingerprint == ranked.fingerprint(censusDate: census))
        return (path, history, weights)
    }

    func rows(_ path: String) throws -> [ListFile.Row] {
        var rows: [ListFile.Row] = []
        _ = try ListFile.scan(path: path) { rows.append($0) }
        return rows
    }

    @Test func signOffIsRefusedForUnapprovedWeightsAndIsPerSpecialty() throws {
        let (path, history, weights) = try written()
        #expect(throws: ListProblem.self) {
            try ListRules.signoff(
                list: path, specialty: "110", clinician: "Dr A", role: "Consultant", reason: "", actor: actor, history: history)
        }
        do {
            _ = try ListRules.signoff(
                list: path, specialty: "110", clinician: "Dr A", role: "Consultant", reason: "", actor: actor, history: history)
        } catch {
            #expect(error.kind == .data && error.message.contains("no one has approved"))
        }
        try history.append(
            WeightsApproval(
                recordedAt: "2026-11-01T08:30:00Z", user: "analyst", file: "w.json", fingerprint: weights, approver: "Dr M", role: "MD",
                equalityImpactAssessment: "EIA-1", rationales: "", protectedFactors: ""))
        // A specialty the list does not have is a usage error naming those it has.
        do {
            _ = try ListRules.signoff(
                list: path, specialty: "999", clinician: "Dr A", role: "C", reason: "", actor: actor, history: history)
            Issue.record("not refused")
        } catch {
            #expect(error.kind == .usage && error.message.contains("110, 130"))
        }
        let before = try ListFile.scan(path: path)
        let result = try ListRules.signoff(
            list: path, specialty: "110", clinician: "Dr A", role: "Consultant", reason: "", actor: actor, history: history)
        #expect(result.rows == 60 && result.event.specialty == "110" && result.event.weightsFingerprint == weights)
        let after = try rows(path)
        #expect(after.filter { $0.text(.specialty) == "110" }.allSatisfy { $0.text(.status).hasPrefix("SIGNED OFF by Dr A") })
        #expect(after.filter { $0.text(.specialty) == "130" }.allSatisfy { $0.text(.status) == ListFile.draft })
        // Signing changes no order: the list can still be changed and signed.
        #expect(try ListFile.scan(path: path).fingerprint == before.fingerprint)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func anOverrideReordersOnlyItsPartAndMakesItsSpecialtyADraftAgain() throws {
        let (path, history, weights) = try written()
        try history.append(
            WeightsApproval(
                recordedAt: "2026-11-01T08:30:00Z", user: "analyst", file: "w.json", fingerprint: weights, approver: "Dr M", role: "MD",
                equalityImpactAssessment: "EIA-1", rationales: "", protectedFactors: ""))
        _ = try ListRules.signoff(list: path, specialty: "110", clinician: "Dr A", role: "C", reason: "", actor: actor, history: history)
        _ = try ListRules.signoff(list: path, specialty: "130", clinician: "Dr B", role: "C", reason: "", actor: actor, history: history)
        let before = try rows(path)
        let part = before.filter { $0.text(.specialty) == "130" && $0.text(.tier) == "P3" && $0.text(.order) == "score" }
        let last = part.last!.text(.pathwayID)
        let result = try ListRules.override(
            list: path, pathwayID: last, action: .pin(position: 1), tier: .p3, reason: "deteriorating", actor: actor, history: history)
        #expect(result.from == part.count && result.to == 1)
        let after = try rows(path)
        #expect(after.count == before.count)
        let newPart = after.filter { $0.partKey == part[0].partKey }
        #expect(newPart.map { $0.text(.pathwayID) } == [last] + part.dropLast().map { $0.text(.pathwayID) })
        #expect(newPart.map { $0.text(.rank) } == (1...part.count).map(String.init))
        #expect(newPart[0].text(.override).contains("pinned at rank 1 by drjones"))
        // Every other part is as it was; only the overridden specialty is a draft again.
        #expect(
            after.filter { $0.partKey != part[0].partKey }.map { $0.text(.pathwayID) }
                == before.filter { $0.partKey != part[0].partKey }.map { $0.text(.pathwayID) })
        #expect(after.filter { $0.text(.specialty) == "130" }.allSatisfy { $0.text(.status) == ListFile.draft })
        #expect(after.filter { $0.text(.specialty) == "110" }.allSatisfy { $0.text(.status).hasPrefix("SIGNED OFF") })
        // The recorded fingerprint is the rewritten file's, so it can be signed off again.
        #expect(try history.latestListFingerprint(censusDate: census) == ListFile.scan(path: path).fingerprint)
        // Out of its tier: refused, nothing changed.
        #expect(throws: ListProblem.self) {
            try ListRules.override(
                list: path, pathwayID: last, action: .pin(position: 1), tier: .p2, reason: "x", actor: actor, history: history)
        }
    }

    @Test func aListChangedByHandIsNotOneWaitgapWrote() throws {
        let (path, history, _) = try written()
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: ",P3,score,2,", with: ",P3,score,3,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ListFile.Problem.self) { try ListFile.scan(path: path) }
        _ = history
    }
}
