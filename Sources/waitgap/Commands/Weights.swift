import ArgumentParser
import Foundation
import WaitgapLists
import WaitgapScorer
import WaitgapStore

extension Waitgap {
    /// `waitgap weights`: the governance of weights files.
    struct Weights: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "weights",
            abstract: "Approve a weights file for sign-off, or list the approvals recorded.",
            discussion: """
                A list made with weights no one has approved is a draft that cannot be signed off. \
                See docs/scoring.md, Governance.
                """,
            subcommands: [Approve.self, Approvals.self]
        )

        struct Approve: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "approve",
                abstract:
                    "Approve a weights file: records its SHA-256, who approved it, their role, the equality impact assessment, and each factor's rationale.",
                discussion: """
                    Every factor that gives points must state why in the file (notes.<setting>, or a \
                    column factor's comment). A factor on a protected characteristic (age, sex, ethnicity, \
                    religion…) is refused unless the file's justifications.<setting> says why it is lawful \
                    and needed and --allow-protected is given; both are recorded. To approve the defaults, \
                    approve the file 'waitgap score --dump-weights' prints.
                    """
            )

            @Argument(help: "The weights file (JSON).")
            var file: String

            @Option(help: "Who approves (name).")
            var by: String

            @Option(help: "Their role (e.g. 'Medical director', 'Chair, clinical prioritisation group').")
            var role: String

            @Option(help: "The reference of the equality impact assessment of these weights.")
            var eia: String

            @Flag(help: "Approve weights with a justified factor on a protected characteristic (recorded).")
            var allowProtected = false

            @OptionGroup var history: HistoryOption

            @Option(help: "Who is running this, for the audit trail (default: the login name).")
            var user: String?

            func run() throws {
                let bytes: [UInt8]
                do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file))) } catch {
                    throw Failure.inputOutput("\(file): cannot read the weights file")
                }
                let database = try history.openOrCreate()
                let approval: WeightsApproval
                do {
                    approval = try WeightsRules.approve(
                        file: file, bytes: bytes, approver: by, role: role, equalityImpactAssessment: eia, allowProtected: allowProtected,
                        actor: ListRules.Actor(user: user ?? loginName(), timestamp: { Terminal.timestamp() }), history: database)
                } catch { throw Failure(error) }
                print(
                    "approved: \(file), SHA-256 \(approval.fingerprint), by \(by) (\(role)), EIA \(eia) (approval #\(approval.id ?? 0) in \(history.path))"
                )
                if !approval.protectedFactors.isEmpty {
                    print("protected characteristics weighted, as justified in the file:")
                    print(approval.protectedFactors)
                }
            }
        }

        struct Approvals: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "approvals", abstract: "Print the approvals of weights recorded, oldest first.")

            @OptionGroup var history: HistoryOption

            func run() throws {
                let approvals: [WeightsApproval]
                do { approvals = try history.openExisting().weightsApprovals() } catch let error as StoreError { throw Failure(error) }
                for approval in approvals {
                    print(
                        "#\(approval.id ?? 0)  \(approval.recordedAt)  \(approval.file)  SHA-256 \(approval.fingerprint)  by \(approval.approver) (\(approval.role))  EIA \(approval.equalityImpactAssessment)  recorded by \(approval.user)"
                    )
                    for line in approval.rationales.split(separator: "\n") { print("    rationale  \(line)") }
                    for line in approval.protectedFactors.split(separator: "\n") { print("    protected  \(line)") }
                }
            }
        }
    }
}
