import WaitgapCSV
import WaitgapCore
import WaitgapScorer
import WaitgapStore

/// Why a list command cannot do what was asked: one line, and the kind of failure (the exit code).
public struct ListProblem: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case usage, data, inputOutput }
    public var message: String
    public var kind: Kind
    public var description: String { message }

    public init(_ message: String, kind: Kind) {
        self.message = message
        self.kind = kind
    }

    init(_ problem: ListFile.Problem) { self.init(problem.message, kind: problem.isInputOutput ? .inputOutput : .data) }

    init(_ error: StoreError) {
        if case .unavailable = error { self.init(error.description, kind: .inputOutput) } else { self.init(error.description, kind: .data) }
    }
}

extension ListEvent {
    /// What a pin or move entry does to the order (nil for other entries).
    public var overrideAction: ListOverride.Action? {
        switch action {
        case .pin: .pin(position: toRank ?? 1)
        case .move: .move(places: places ?? 0)
        default: nil
        }
    }
}

/// The note a list shows beside an overridden pathway.
public enum ListOverrideNote {
    public static func text(for event: ListEvent) -> String {
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

/// The rules of the commands that change or sign a reordered list: only the latest list waitgap
/// recorded can be changed or signed; an override stays in its tier and its part of the list;
/// a sign-off is of one specialty, and only of a list made with approved weights. Each reads the
/// list a row at a time and holds one part of it at most.
public enum ListRules {
    /// Who acts, and when (for the audit trail).
    public struct Actor: Sendable {
        public var user: String
        public var timestamp: @Sendable () -> String

        public init(user: String, timestamp: @escaping @Sendable () -> String) {
            self.user = user
            self.timestamp = timestamp
        }
    }

    /// Refuses a list that is not the latest one waitgap recorded for its census (written by
    /// score, or changed by override): one changed by hand, or superseded.
    public static func requireLatest(_ scan: ListFile.Scan, path: String, in history: HistoryDatabase) throws(ListProblem) {
        let latest: String?
        do { latest = try history.latestListFingerprint(censusDate: scan.censusDate) } catch { throw ListProblem(error) }
        guard let latest else {
            throw ListProblem(
                "\(path): the history holds no list for census \(scan.censusDate) (waitgap score was interrupted before recording it, or used another --history); run waitgap score again with this history",
                kind: .data)
        }
        guard latest == scan.fingerprint else {
            throw ListProblem(
                "\(path): this list (fingerprint \(scan.fingerprint)) is not the latest recorded for census \(scan.censusDate) (\(latest)): it was changed by hand, superseded, or written by a score or override interrupted before it was recorded; run waitgap score again for this census (the overrides recorded are carried over) and use the new list",
                kind: .data)
        }
    }

    /// What an override did.
    public struct OverrideResult: Sendable {
        public var event: ListEvent
        public var tier: Tier
        public var from: Int
        public var to: Int
    }

    /// Applies an override (nil clears one) to the list file and records it; the parts of the
    /// specialties it touches become drafts again.
    public static func override(
        list path: String, pathwayID: String, action: ListOverride.Action?, tier named: Tier?, reason: String, actor: Actor,
        history: HistoryDatabase
    ) throws(ListProblem) -> OverrideResult {
        // Pass 1: check the list, and keep the part that holds the pathway.
        var part: [ListFile.Row] = []
        var found = false
        var collecting = true
        let scan: ListFile.Scan
        do {
            scan = try ListFile.scan(path: path) { row in
                guard collecting else { return }
                if let last = part.last, last.partKey != row.partKey {
                    if found {
                        collecting = false
                        return
                    }
                    part.removeAll()
                }
                part.append(row)
                if row.text(.pathwayID) == pathwayID { found = true }
            }
        } catch let problem as ListFile.Problem {
            throw ListProblem(problem)
        } catch {
            throw ListProblem("\(path): \(error)", kind: .data)
        }
        // Only a list waitgap recorded can be changed, so every list that can be signed off is
        // one waitgap wrote: a hand-edited or superseded list is not laundered by an override.
        try requireLatest(scan, path: path, in: history)
        guard found, let row = part.firstIndex(where: { $0.text(.pathwayID) == pathwayID }) else {
            throw ListProblem("\(path): pathway '\(pathwayID)' is not on the list", kind: .data)
        }
        let tier = Tier(key: part[row].text(.tier))!
        if let named, named != tier {
            throw ListProblem(
                "\(pathwayID) is in tier \(tier.key), not \(named.key): an override cannot move a pathway between tiers (clinical priority is set clinically)",
                kind: .usage)
        }
        let from = row + 1
        let byScore = Int(part[row].text(.rankByScore)) ?? from
        var event = ListEvent(
            recordedAt: actor.timestamp(), user: actor.user, censusDate: scan.censusDate, action: .clear, pathwayID: pathwayID,
            tier: tier.key, fromRank: from, reason: reason, specialty: part[row].text(.specialty))
        if let action {
            // A move counts from the pathway's place by score, as it will on later nights.
            let override = ListOverride(pathwayID: pathwayID, tier: tier, action: action, note: "")
            do { _ = try override.checkedTarget(from: byScore, tierSize: part.count) } catch {
                throw ListProblem(error.message, kind: .usage)
            }
            switch action {
            case .pin(let rank):
                event.action = .pin
                event.toRank = rank
            case .move(let places):
                event.action = .move
                event.places = places
            }
        }
        // The part is rebuilt from its order by score with every override in force, this one
        // included, exactly as tomorrow's waitgap score will rebuild it.
        var inForce: [ListEvent]
        do { inForce = try history.overridesInForce(asOf: scan.censusDate) } catch { throw ListProblem(error) }
        inForce.removeAll { $0.pathwayID == pathwayID }
        if action != nil { inForce.append(event) }
        let members = Set(part.map { $0.text(.pathwayID) })
        var order = part.indices.sorted { (Int(part[$0].text(.rankByScore)) ?? 0, $0) < (Int(part[$1].text(.rankByScore)) ?? 0, $1) }
        let requests = inForce.enumerated().compactMap { index, event -> TierReorder.Request<String>? in
            guard event.tier == tier.key, let pathway = event.pathwayID, members.contains(pathway), let action = event.overrideAction
            else { return nil }
            return TierReorder.Request(index: index, key: pathway, action: action)
        }
        _ = TierReorder.apply(requests, to: &order) { part[$0].text(.pathwayID) }
        let to = order.firstIndex { part[$0].text(.pathwayID) == pathwayID }! + 1
        if event.action != .pin { event.toRank = to }
        let partKey = part[0].partKey
        let drafts = Set(part.map { $0.text(.specialty) })
        var reordered = order.enumerated().map { rank, index in
            var row = part[index]
            row.set(.rank, String(rank + 1))
            row.set(.status, ListFile.draft)
            return row
        }
        // Only the reordered copy is needed from here on.
        part = []
        func transform(_ row: ListFile.Row, emitted: inout Bool) -> [ListFile.Row] {
            if row.partKey == partKey {
                defer { emitted = true }
                return emitted ? [] : reordered
            }
            var row = row
            if drafts.contains(row.text(.specialty)) { row.set(.status, ListFile.draft) }
            return [row]
        }
        // Pass 2: the new list's fingerprint, recorded with the override.
        var fingerprint = ListFingerprint(censusDate: scan.censusDate)
        var emitted = false
        do {
            _ = try ListFile.scan(path: path) { row in
                for out in transform(row, emitted: &emitted) {
                    fingerprint.add(tier: out.partKey, pathwayID: out.field(.pathwayID))
                }
            }
        } catch let problem as ListFile.Problem {
            throw ListProblem(problem)
        } catch {
            throw ListProblem("\(path): \(error)", kind: .data)
        }
        event.listFingerprint = fingerprint.value
        let stored: ListEvent
        do { stored = try history.append([event])[0] } catch { throw ListProblem(error) }
        if action != nil { inForce[inForce.count - 1] = stored }
        for index in reordered.indices {
            let pathway = reordered[index].text(.pathwayID)
            reordered[index].set(.override, inForce.last { $0.pathwayID == pathway }.map(ListOverrideNote.text(for:)) ?? "")
        }
        // Pass 3: the list written back, owner-only and atomically.
        emitted = false
        do {
            try ListFile.rewrite(path: path) { transform($0, emitted: &emitted) }
        } catch let problem as ListFile.Problem {
            throw ListProblem(problem)
        } catch {
            throw ListProblem("\(path): \(error)", kind: .inputOutput)
        }
        return OverrideResult(event: stored, tier: tier, from: from, to: to)
    }

    /// What a sign-off recorded.
    public struct SignoffResult: Sendable {
        public var event: ListEvent
        public var rows: Int
        public var specialtyFingerprint: String
    }

    /// Signs one specialty's part of a list off: recorded with the list's and the part's
    /// fingerprints, and the part's rows marked signed off. `specialty` may be nil for a list of
    /// one specialty (an extract with no treatment function column is one).
    /// - Throws: `ListProblem` for a list that is not the latest recorded, a specialty it does not
    ///   have, or a list made with weights no one has approved (a draft).
    public static func signoff(
        list path: String, specialty named: String?, clinician: String, role: String, reason: String, actor: Actor, history: HistoryDatabase
    ) throws(ListProblem) -> SignoffResult {
        let scan: ListFile.Scan
        do { scan = try ListFile.scan(path: path) } catch let problem as ListFile.Problem { throw ListProblem(problem) } catch {
            throw ListProblem("\(path): \(error)", kind: .data)
        }
        try requireLatest(scan, path: path, in: history)
        let known = scan.specialties.keys.sorted().map { $0.isEmpty ? "(blank)" : $0 }.joined(separator: ", ")
        guard let specialty = named ?? (scan.specialties.count == 1 ? scan.specialties.keys.first : nil) else {
            throw ListProblem(
                "--specialty: give the specialty signed off (the list has \(known)); a clinician signs off their specialty's part",
                kind: .usage)
        }
        guard let part = scan.specialties[specialty] else {
            throw ListProblem(
                "--specialty: the list has no specialty '\(specialty)' (it has \(known)); a clinician signs off their specialty's part",
                kind: .usage)
        }
        let approval = try approvalOfWeights(censusDate: scan.censusDate, path: path, history: history)
        let event = ListEvent(
            recordedAt: actor.timestamp(), user: actor.user, censusDate: scan.censusDate, action: .signoff, reason: reason,
            clinician: clinician, role: role, listFingerprint: scan.fingerprint, specialty: specialty,
            weightsFingerprint: approval.fingerprint,
            detail:
                "specialty \(specialty): \(part.rows) pathways, part fingerprint \(part.fingerprint); weights approved by \(approval.approver) (\(approval.role)), EIA \(approval.equalityImpactAssessment), approval #\(approval.id ?? 0)"
        )
        let stored: ListEvent
        do { stored = try history.append([event])[0] } catch { throw ListProblem(error) }
        let status =
            "SIGNED OFF by \(clinician) (\(role)) at \(stored.recordedAt), specialty \(specialty), list \(scan.fingerprint), audit #\(stored.id ?? 0)"
        do {
            try ListFile.rewrite(path: path) { row in
                guard row.text(.specialty) == specialty else { return [row] }
                var row = row
                row.set(.status, status)
                return [row]
            }
        } catch let problem as ListFile.Problem {
            throw ListProblem(problem)
        } catch {
            throw ListProblem("\(path): \(error)", kind: .inputOutput)
        }
        return SignoffResult(event: stored, rows: part.rows, specialtyFingerprint: part.fingerprint)
    }

    /// The approval of the weights the census's latest list was made with.
    /// - Throws: `ListProblem` (data) when there is none: the list is a draft.
    static func approvalOfWeights(censusDate: Day, path: String, history: HistoryDatabase) throws(ListProblem) -> WeightsApproval {
        let generated: ListEvent?
        var approvals: [WeightsApproval] = []
        do {
            generated = try history.latestGenerated(censusDate: censusDate)
            if let fingerprint = generated?.weightsFingerprint { approvals = try history.weightsApprovals(fingerprint: fingerprint) }
        } catch {
            throw ListProblem(error)
        }
        guard let approval = approvals.last else {
            let weights = generated?.weightsFingerprint.map { "weights \($0.prefix(12))…" } ?? "weights not recorded"
            throw ListProblem(
                "\(path): the list was made with \(weights), which no one has approved, so it is a draft that cannot be signed off; approve the weights file (waitgap weights approve FILE --by NAME --role ROLE --eia REF) and sign off again",
                kind: .data)
        }
        return approval
    }
}
