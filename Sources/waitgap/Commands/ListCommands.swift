import ArgumentParser
import Foundation
import WaitgapCore
import WaitgapLists
import WaitgapScorer
import WaitgapStore

/// What the options every list command takes have in common: the history, and who is acting.
struct ListActor: ParsableArguments {
    @OptionGroup var history: HistoryOption

    @Option(help: "Who is acting, for the audit trail (default: the login name).")
    var user: String?

    var userName: String { user ?? loginName() }

    /// Opens the history the list was recorded in; it must exist (an override or sign-off on a
    /// list no history knows could not be checked or carried over).
    func open(besideList _: String) throws -> HistoryDatabase { try history.openExisting() }
}

/// The login name for the audit trail: `$USER`, else the password entry's name.
func loginName() -> String {
    if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
    if let entry = getpwuid(getuid()) { return String(cString: entry.pointee.pw_name) }
    return "uid \(getuid())"
}

extension Failure {
    /// The failure for a list command's refusal.
    init(_ problem: ListProblem) {
        let code =
            switch problem.kind {
            case .usage: Failure.usage
            case .data: Failure.data
            case .inputOutput: Failure.inputOutput
            }
        self.init(message: problem.message, code: code)
    }
}

extension ListActor {
    /// The actor for the rules' audit entries.
    var actor: ListRules.Actor { ListRules.Actor(user: userName, timestamp: { Terminal.timestamp() }) }
}

extension Waitgap {
    /// `waitgap override`: a clinician's change to the order within a tier, audited.
    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "override",
            abstract: "Pin or move a pathway within its tier on a reordered list, or clear an override; every change is audited.",
            discussion: """
                The list file is rewritten (owner-only) and becomes a DRAFT again until signed off. \
                Overrides carry over to later lists from waitgap score while the pathway stays on the \
                list in the same tier. An override can never move a pathway out of its tier.
                """,
            subcommands: [Pin.self, Move.self, Clear.self]
        )

        struct Target: ParsableArguments {
            @Argument(help: "The reordered list (reordered-<census>.csv).")
            var list: String

            @Option(help: "The pathway ID.")
            var pathway: String

            @Option(help: "Why (recorded in the audit trail and shown on the list).")
            var reason: String

            @Option(help: "The tier the pathway is in, as a check (an override naming another tier is refused).")
            var tier: String?

            @OptionGroup var actor: ListActor
        }

        struct Pin: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "pin", abstract: "Pin a pathway at a rank within its tier (1 = first).")
            @OptionGroup var target: Target
            @Option(help: "The rank within the tier.") var rank: Int

            func run() throws { try apply(.pin(position: rank), target) }
        }

        struct Move: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "move", abstract: "Move a pathway up or down within its tier.")
            @OptionGroup var target: Target
            @Option(help: "Places to move up (earlier), from its place by score.") var up: Int?
            @Option(help: "Places to move down (later), from its place by score.") var down: Int?

            func validate() throws {
                guard (up == nil) != (down == nil), (up ?? down ?? 0) > 0 else {
                    throw ValidationError("give one of --up N or --down N, with N at least 1")
                }
            }

            func run() throws { try apply(.move(places: down ?? -(up ?? 0)), target) }
        }

        struct Clear: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "clear",
                abstract: "Take an override back: the pathway returns to its place by score and the override no longer carries over.")
            @OptionGroup var target: Target

            func run() throws { try apply(nil, target) }
        }

        /// Applies an override (nil clears one) to the list file and records it.
        static func apply(_ action: ListOverride.Action?, _ target: Target) throws {
            guard !target.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
            let tier = try target.tier.map { named in
                guard let tier = Tier(key: named) else { throw ValidationError("--tier: '\(named)' is not a tier (P1a…P6, none)") }
                return tier
            }
            let lock = try ListLock(list: target.list)
            defer { withExtendedLifetime(lock) {} }
            let history = try target.actor.open(besideList: target.list)
            let result: ListRules.OverrideResult
            do {
                result = try ListRules.override(
                    list: target.list, pathwayID: target.pathway, action: action, tier: tier, reason: target.reason,
                    actor: target.actor.actor, history: history)
            } catch { throw Failure(error) }
            print(
                "\(target.pathway): tier \(result.tier.key), rank \(result.from) → \(result.to) (audit #\(result.event.id ?? 0)); its specialty's list is a DRAFT until signed off"
            )
        }
    }

    /// `waitgap signoff`: a clinician signs a reordered list off.
    struct Signoff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signoff",
            abstract: "Sign a specialty's part of a reordered list off: recorded with its fingerprints, and its rows marked signed off.",
            discussion: """
                Only the latest list waitgap recorded for its census (written by score, or changed \
                by override) can be signed off: a list edited by hand, or superseded, is refused.
                """
        )

        @Argument(help: "The reordered list (reordered-<census>.csv).")
        var list: String

        @Option(
            help:
                "The specialty signed off (its treatment function code, as the list's specialty column shows it); may be left out for a list of one specialty."
        )
        var specialty: String?

        @Option(help: "The clinician signing off.")
        var clinician: String

        @Option(help: "Their role (e.g. 'Consultant surgeon, clinical lead for T&O').")
        var role: String

        @Option(help: "A note for the audit trail.")
        var reason = ""

        @OptionGroup var actor: ListActor

        func run() throws {
            for (name, value) in [("--clinician", clinician), ("--role", role)] where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("\(name) must not be blank")
            }
            let lock = try ListLock(list: list)
            defer { withExtendedLifetime(lock) {} }
            let history = try actor.open(besideList: list)
            let result: ListRules.SignoffResult
            do {
                result = try ListRules.signoff(
                    list: list, specialty: specialty, clinician: clinician, role: role, reason: reason, actor: actor.actor, history: history
                )
            } catch { throw Failure(error) }
            print(
                "signed off: census \(result.event.censusDate), specialty \(result.event.specialty ?? "") (\(result.rows.grouped) pathways, part \(result.specialtyFingerprint)), list \(result.event.listFingerprint ?? ""), by \(clinician) (\(role)) (audit #\(result.event.id ?? 0))"
            )
        }
    }

    /// `waitgap audit`: the list audit trail, printed.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Print the audit trail of reordered lists: lists written, overrides, lapses and sign-offs, oldest first.",
            discussion: "The trail names pathways: print it for those entitled to see the list."
        )

        @OptionGroup var history: HistoryOption

        @Option(help: "Only this pathway's entries.")
        var pathway: String?

        @Option(help: ArgumentHelp("Only entries about the list of this census.", valueName: "YYYY-MM-DD"))
        var census: Day?

        func run() throws {
            let events: [ListEvent]
            do { events = try history.openExisting().listEvents(pathwayID: pathway, censusDate: census) } catch let error as StoreError {
                throw Failure(error)
            }
            print("#  recorded  user  census  action  pathway  tier  rank  detail")
            for event in events {
                let rank =
                    switch (event.fromRank, event.toRank) {
                    case (let from?, let to?): "\(from)→\(to)"
                    case (nil, let to?): "→\(to)"
                    default: "-"
                    }
                var detail = event.reason
                if event.action == .signoff {
                    detail =
                        "specialty \(event.specialty ?? "-"), \(event.clinician ?? "") (\(event.role ?? ""))"
                        + (detail.isEmpty ? "" : ": " + detail)
                }
                if let weights = event.weightsFingerprint { detail += " [weights \(weights.prefix(12))…]" }
                if let more = event.detail { detail += " {" + more.split(separator: "\n").joined(separator: "; ") + "}" }
                if let places = event.places { detail = "\(places < 0 ? "up" : "down") \(abs(places)): " + detail }
                if let fingerprint = event.listFingerprint { detail += " [list \(fingerprint)]" }
                let fields = [
                    "#\(event.id ?? 0)", event.recordedAt, event.user, event.censusDate.description, event.action.rawValue,
                    event.pathwayID ?? "-", event.tier ?? "-", rank, detail,
                ]
                print(fields.joined(separator: "  "))
            }
        }
    }
}
