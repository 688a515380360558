import ArgumentParser
import Foundation
import WaitgapCore
import WaitgapScorer
import WaitgapStore

/// What the options every list command takes have in common: the history, and who is acting.
struct ListActor: ParsableArguments {
    @Option(help: "The history holding the audit trail. Default: waitgap.sqlite beside the list's folder.")
    var history: String?

    @Option(help: "Who is acting, for the audit trail (default: the login name).")
    var user: String?

    var userName: String { user ?? loginName() }

    /// Opens the history the list was recorded in; it must exist (an override or sign-off on a
    /// list no history knows could not be checked or carried over).
    func open(besideList list: String) throws -> HistoryDatabase {
        let folder = (list as NSString).deletingLastPathComponent
        let path = history ?? defaultHistoryPath(outputDirectory: folder.isEmpty ? "." : folder)
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure.inputOutput("\(path): no history here; give the one waitgap score used with --history")
        }
        do { return try HistoryDatabase(path: path) } catch { throw Failure(error) }
    }
}

/// The login name for the audit trail: `$USER`, else the password entry's name.
func loginName() -> String {
    if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
    if let entry = getpwuid(getuid()) { return String(cString: entry.pointee.pw_name) }
    return "uid \(getuid())"
}

/// Refuses a list that is not the latest one waitgap recorded for its census (written by score,
/// or changed by override): one changed by hand, or superseded by a later run or override.
func requireLatest(_ list: ListFile, in history: HistoryDatabase) throws {
    let latest: String?
    do { latest = try history.latestListFingerprint(censusDate: list.censusDate) } catch { throw Failure(error) }
    guard let latest else {
        throw Failure.data(
            "\(list.path): the history holds no list for census \(list.censusDate) (waitgap score was interrupted before recording it, or used another --history); run waitgap score again with this history"
        )
    }
    let fingerprint = list.fingerprint
    guard latest == fingerprint else {
        throw Failure.data(
            "\(list.path): this list (fingerprint \(fingerprint)) is not the latest recorded for census \(list.censusDate) (\(latest)): it was changed by hand, superseded, or written by a score or override interrupted before it was recorded; run waitgap score again for this census (the overrides recorded are carried over) and use the new list"
        )
    }
}

extension ListEvent {
    /// What a pin or move entry does to the order (nil for other entries).
    var overrideAction: ListOverride.Action? {
        switch action {
        case .pin: .pin(position: toRank ?? 1)
        case .move: .move(places: places ?? 0)
        default: nil
        }
    }
}

/// The note a list shows beside an overridden pathway.
enum ListOverrideNote {
    static func text(for event: ListEvent) -> String {
        let what: String
        switch event.action {
        case .pin: what = "pinned at rank \(event.toRank ?? 0)"
        case .move:
            let places = event.places ?? 0
            what = "moved \(places < 0 ? "up" : "down") \(abs(places)) place\(abs(places) == 1 ? "" : "s")"
        default: what = event.action.rawValue
        }
        return "\(what) by \(event.user) on \(event.recordedAt.prefix(10)) (audit #\(event.id ?? 0)): \(event.reason)"
    }
}

extension Waitgap {
    /// `waitgap override`: a clinician's change to the order within a tier, audited.
    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
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
            static let configuration = CommandConfiguration(abstract: "Pin a pathway at a rank within its tier (1 = first).")
            @OptionGroup var target: Target
            @Option(help: "The rank within the tier.") var rank: Int

            func run() throws { try apply(.pin(position: rank), target) }
        }

        struct Move: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Move a pathway up or down within its tier.")
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
                abstract: "Take an override back: the pathway returns to its place by score and the override no longer carries over.")
            @OptionGroup var target: Target

            func run() throws { try apply(nil, target) }
        }

        /// Applies an override (nil clears one) to the list file and records it.
        static func apply(_ action: ListOverride.Action?, _ target: Target) throws {
            guard !target.reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
            let lock = try ListLock(list: target.list)
            defer { withExtendedLifetime(lock) {} }
            var list = try ListFile(path: target.list)
            let history = try target.actor.open(besideList: target.list)
            // Only a list waitgap recorded can be changed, so every list that can be signed off
            // is one waitgap wrote: a hand-edited or superseded list is not laundered by an override.
            try requireLatest(list, in: history)
            let (row, tier, tierRows) = try list.locate(target.pathway)
            if let named = target.tier {
                guard let wanted = Tier(key: named) else { throw ValidationError("--tier: '\(named)' is not a tier (P1a…P6, none)") }
                guard wanted == tier else {
                    throw Failure.usage(
                        "\(target.pathway) is in tier \(tier.key), not \(wanted.key): an override cannot move a pathway between tiers (clinical priority is set clinically)"
                    )
                }
            }
            let from = row - tierRows.lowerBound + 1
            let byScore = Int(list.rows[row][ListFile.Column.rankByScore.rawValue]) ?? from
            var event = ListEvent(
                recordedAt: Terminal.timestamp(), user: target.actor.userName, censusDate: list.censusDate, action: .clear,
                pathwayID: target.pathway, tier: tier.key, fromRank: from, reason: target.reason)
            if let action {
                // A move counts from the pathway's place by score, as it will on later nights.
                let override = ListOverride(pathwayID: target.pathway, tier: tier, action: action, note: "")
                do { _ = try override.checkedTarget(from: byScore, tierSize: tierRows.count) } catch { throw Failure.usage(error.message) }
                switch action {
                case .pin(let rank):
                    event.action = .pin
                    event.toRank = rank
                case .move(let places):
                    event.action = .move
                    event.places = places
                }
            }
            // The tier is rebuilt from its order by score with every override in force, this one
            // included, exactly as tomorrow's waitgap score will rebuild it.
            var inForce: [ListEvent]
            do { inForce = try history.overridesInForce(asOf: list.censusDate) } catch { throw Failure(error) }
            inForce.removeAll { $0.pathwayID == target.pathway }
            if action != nil { inForce.append(event) }
            let order = list.rebuild(tierRows: tierRows, tier: tier, overrides: inForce)
            let to = order.firstIndex { list.rows[$0][ListFile.Column.pathwayID.rawValue] == target.pathway }! + 1
            if event.action != .pin { event.toRank = to }
            list.reorder(tierRows: tierRows, to: order)
            list.setStatus(ListFile.draft)
            event.listFingerprint = list.fingerprint
            let stored: ListEvent
            do { stored = try history.append([event])[0] } catch { throw Failure(error) }
            if action != nil { inForce[inForce.count - 1] = stored }
            list.setOverrideNotes(tierRows: tierRows, overrides: inForce)
            try list.write()
            print(
                "\(target.pathway): tier \(tier.key), rank \(from) → \(to) (audit #\(stored.id ?? 0)); the list is a DRAFT until signed off"
            )
        }
    }

    /// `waitgap signoff`: a clinician signs a reordered list off.
    struct Signoff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a reordered list off: recorded with the list's fingerprint, and the list marked signed off.",
            discussion: """
                Only the latest list waitgap recorded for its census (written by score, or changed \
                by override) can be signed off: a list edited by hand, or superseded, is refused.
                """
        )

        @Argument(help: "The reordered list (reordered-<census>.csv).")
        var list: String

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
            var file = try ListFile(path: list)
            let history = try actor.open(besideList: list)
            try requireLatest(file, in: history)
            let fingerprint = file.fingerprint
            let event = ListEvent(
                recordedAt: Terminal.timestamp(), user: actor.userName, censusDate: file.censusDate, action: .signoff, reason: reason,
                clinician: clinician, role: role, listFingerprint: fingerprint)
            let stored: ListEvent
            do { stored = try history.append([event])[0] } catch { throw Failure(error) }
            file.setStatus("SIGNED OFF by \(clinician) (\(role)) at \(stored.recordedAt), list \(fingerprint), audit #\(stored.id ?? 0)")
            try file.write()
            print("signed off: census \(file.censusDate), list \(fingerprint), by \(clinician) (\(role)) (audit #\(stored.id ?? 0))")
        }
    }

    /// `waitgap audit`: the list audit trail, printed.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the audit trail of reordered lists: lists written, overrides, lapses and sign-offs, oldest first.",
            discussion: "The trail names pathways: print it for those entitled to see the list."
        )

        @Option(help: "The history database.")
        var history = "waitgap.sqlite"

        @Option(help: "Only this pathway's entries.")
        var pathway: String?

        @Option(help: "Only entries about the list of this census (YYYY-MM-DD).")
        var census: String?

        func run() throws {
            let day = try census.map { text in
                guard let day = Day(iso: text) else { throw ValidationError("--census: '\(text)' is not a YYYY-MM-DD date") }
                return day
            }
            guard FileManager.default.fileExists(atPath: history) else { throw Failure.inputOutput("\(history): no such history") }
            let events: [ListEvent]
            do { events = try HistoryDatabase(path: history).listEvents(pathwayID: pathway, censusDate: day) } catch {
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
                    detail = "\(event.clinician ?? "") (\(event.role ?? ""))" + (detail.isEmpty ? "" : ": " + detail)
                }
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
