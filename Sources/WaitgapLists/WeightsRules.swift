import Foundation
import WaitgapScorer
import WaitgapStore

/// The rules of `waitgap weights approve`: a weights file is approved as its exact bytes (its
/// SHA-256), by a named person in a named role, against an equality impact assessment, with the
/// rationale each factor states; a factor on a protected characteristic only when the file
/// justifies it and `--allow-protected` is given.
public enum WeightsRules {
    /// The SHA-256 of a weights file's bytes: what a list made with it records, and what an
    /// approval names. The defaults count as the bytes `waitgap score --dump-weights` prints.
    public static func fingerprint(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

    /// The defaults as `--dump-weights` prints them (with the newline `print` adds).
    public static var defaultFileBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(ScoringWeights.default)) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Decodes and checks weights for use: valid, and protected factors justified and allowed.
    /// - Returns: the weights, and the protected factors allowed (for the audit trail).
    public static func load(_ bytes: [UInt8], name: String, allowProtected: Bool) throws(ListProblem) -> (
        ScoringWeights, [WeightsGovernance.Factor]
    ) {
        let weights: ScoringWeights
        do { weights = try WeightsFile.decode(Data(bytes)) } catch { throw ListProblem("\(name): \(error)", kind: .usage) }
        do {
            return (weights, try WeightsGovernance.checkProtected(weights, allowProtected: allowProtected))
        } catch {
            throw ListProblem("\(name): \(error.message)", kind: .usage)
        }
    }

    /// Approves a weights file and records the approval.
    /// - Throws: `ListProblem` (usage) for weights that do not validate, a factor with no
    ///   rationale, a protected factor not justified or not allowed, or a blank name, role or EIA.
    public static func approve(
        file: String, bytes: [UInt8], approver: String, role: String, equalityImpactAssessment: String, allowProtected: Bool,
        actor: ListRules.Actor, history: HistoryDatabase
    ) throws(ListProblem) -> WeightsApproval {
        for (option, value) in [("--by", approver), ("--role", role), ("--eia", equalityImpactAssessment)]
        where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ListProblem(
                "\(option) must not be blank: an approval names who approved, in what role, against which assessment", kind: .usage)
        }
        let (weights, protected) = try load(bytes, name: file, allowProtected: allowProtected)
        do { try WeightsGovernance.checkRationales(weights) } catch { throw ListProblem("\(file): \(error.message)", kind: .usage) }
        let approval = WeightsApproval(
            recordedAt: actor.timestamp(), user: actor.user, file: file, fingerprint: fingerprint(bytes), approver: approver, role: role,
            equalityImpactAssessment: equalityImpactAssessment, rationales: WeightsGovernance.rationales(weights),
            protectedFactors: WeightsGovernance.describe(protected))
        do { return try history.append(approval) } catch { throw ListProblem(error) }
    }
}
