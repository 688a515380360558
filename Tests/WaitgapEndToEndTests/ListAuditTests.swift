import Foundation
import Testing
import WaitgapTestSupport

/// Overrides, sign-off and the audit trail across nights, through the binary.
@Suite struct ListAuditTests {
    func rows(_ path: String) throws -> [[String]] { try readAll(path: path).records }

    /// The pathway at `rank` of `tier` in the list of a specialty (T&O by default).
    func pathway(_ path: String, specialty: String = "110", tier: String, rank: Int) throws -> String {
        try rows(path).first { $0[2] == specialty && $0[4] == tier && $0[6] == String(rank) }![9]
    }

    /// Approves the default weights (the file --dump-weights prints) in `history`.
    func approveDefaults(in directory: String, history: String) throws {
        let dump = try runWaitgap(["score", "--dump-weights"])
        try dump.standardOutput.write(toFile: directory + "/weights.json", atomically: true, encoding: .utf8)
        let approve = try runWaitgap([
            "weights", "approve", directory + "/weights.json", "--by", "Dr M Patel", "--role", "Medical director", "--eia", "EIA-2026-04",
            "--history", history,
        ])
        #expect(approve.exitCode == 0, "\(approve.standardError)")
    }

    @Test func overridesAndSignOffAreAuditedAndCarriedToTheNextNight() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "3000", "--deciles", "--out", directory + "/day1.csv", "--census-date", "2026-10-31"])
        _ = try runWaitgap(["sample", "--rows", "3000", "--deciles", "--out", directory + "/day2.csv", "--census-date", "2026-11-01"])
        let reports = directory + "/Reports"
        let first = try runWaitgap(["score", directory + "/day1.csv", "--out", reports, "--user", "analyst"])
        #expect(first.exitCode == 0, "\(first.standardError)")
        let list = directory + "/private/reordered-2026-10-31.csv"
        let pinned = try pathway(list, tier: "P3", rank: 20)
        let moved = try pathway(list, tier: "P3", rank: 5)

        let pin = try runWaitgap([
            "override", "pin", list, "--pathway", pinned, "--rank", "1", "--reason", "deteriorating on review", "--user", "drjones",
        ])
        #expect(pin.exitCode == 0, "\(pin.standardError)")
        #expect(try pathway(list, tier: "P3", rank: 1) == pinned)
        let move = try runWaitgap(["override", "move", list, "--pathway", moved, "--down", "2", "--reason", "awaiting tests"])
        #expect(move.exitCode == 0, "\(move.standardError)")

        // Out of its tier: by rank, or by naming another tier. Refused, one line, nothing recorded.
        // (A move counts from the place by score: 20th, so 25 places up is out of the tier.)
        let tooFar = try runWaitgap(["override", "move", list, "--pathway", pinned, "--up", "25", "--reason", "x"])
        #expect(tooFar.exitCode == 64 && tooFar.standardError.contains("out of its tier"))
        #expect(tooFar.standardError.split(separator: "\n").count == 1)
        let otherTier = try runWaitgap(["override", "pin", list, "--pathway", pinned, "--rank", "1", "--tier", "P2", "--reason", "x"])
        #expect(otherTier.exitCode == 64 && otherTier.standardError.contains("between tiers"))

        // A list changed by hand cannot be signed off; the one waitgap recorded can.
        let edited = directory + "/private/edited.csv"
        // Two pathways swapped by hand: ranks still run 1, 2, … so only the fingerprint tells.
        let (a, b) = (try pathway(list, tier: "P3", rank: 2), try pathway(list, tier: "P3", rank: 3))
        let swapped = try String(contentsOfFile: list, encoding: .utf8).replacingOccurrences(of: a, with: "#")
            .replacingOccurrences(of: b, with: a).replacingOccurrences(of: "#", with: b)
        try swapped.write(toFile: edited, atomically: true, encoding: .utf8)
        let forged = try runWaitgap(["signoff", edited, "--specialty", "110", "--clinician", "Dr A Jones", "--role", "Consultant"])
        #expect(
            forged.exitCode == 65
                && forged.standardError.contains("changed by hand, superseded, or written by a score or override interrupted"))
        // Nor can it be laundered by overriding it first.
        let laundered = try runWaitgap(["override", "pin", edited, "--pathway", pinned, "--rank", "2", "--reason", "x"])
        #expect(laundered.exitCode == 65)
        // The weights are not approved yet: the list is a draft that cannot be signed off.
        let unapproved = try runWaitgap(["signoff", list, "--specialty", "110", "--clinician", "Dr A Jones", "--role", "Consultant"])
        #expect(unapproved.exitCode == 65 && unapproved.standardError.contains("no one has approved"), "\(unapproved.standardError)")
        try approveDefaults(in: directory, history: directory + "/waitgap.sqlite")
        let signoff = try runWaitgap([
            "signoff", list, "--specialty", "110", "--clinician", "Dr A Jones", "--role", "Consultant surgeon", "--user", "drjones",
        ])
        #expect(signoff.exitCode == 0, "\(signoff.standardError)")
        // Only T&O's part is signed: each clinician signs their specialty's list.
        #expect(try rows(list).filter { $0[2] == "110" }.allSatisfy { $0[0].hasPrefix("SIGNED OFF by Dr A Jones (Consultant surgeon)") })
        #expect(try rows(list).filter { $0[2] != "110" }.allSatisfy { $0[0] == "DRAFT (not signed off)" })
        #expect(try FileManager.default.attributesOfItem(atPath: list)[.posixPermissions] as! Int == 0o600)

        // The next night: both overrides carry over; the pinned pathway is still first in P3.
        let second = try runWaitgap(["score", directory + "/day2.csv", "--out", reports])
        #expect(second.exitCode == 0, "\(second.standardError)")
        #expect(second.standardOutput.contains("overrides carried over: 2 applied, 0 lapsed"))
        let nextList = directory + "/private/reordered-2026-11-01.csv"
        #expect(try pathway(nextList, tier: "P3", rank: 1) == pinned)
        // The sample's second night has the same waits, so its scores and order by score are the
        // same: the carried overrides must rebuild exactly the order the clinician's left.
        let tonight = try rows(nextList).filter { $0[2] == "110" && $0[4] == "P3" }.map { $0[9] }
        let lastNight = try rows(list).filter { $0[2] == "110" && $0[4] == "P3" }.map { $0[9] }
        #expect(tonight == lastNight)
        #expect(try rows(list).first { $0[9] == moved }![6] != "5")
        #expect(try rows(nextList).first { $0[9] == pinned }![12].contains("deteriorating on review"))
        #expect(try rows(nextList).allSatisfy { $0[0] == "DRAFT (not signed off)" })

        // The night after, the pinned pathway has been treated: its override lapses, and says so.
        let day3 = try String(contentsOfFile: directory + "/day2.csv", encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix(pinned + ",") }.joined(separator: "\n").replacingOccurrences(of: "2026-11-01", with: "2026-11-02")
        try (day3 + "\n").write(toFile: directory + "/day3.csv", atomically: true, encoding: .utf8)
        let third = try runWaitgap(["score", directory + "/day3.csv", "--out", reports])
        #expect(third.standardOutput.contains("overrides carried over: 1 applied, 1 lapsed"), "\(third.standardOutput)")

        let audit = try runWaitgap(["audit", "--history", directory + "/waitgap.sqlite"])
        #expect(audit.exitCode == 0)
        let actions = audit.standardOutput.split(separator: "\n").dropFirst().map {
            $0.split(separator: " ", omittingEmptySubsequences: true)[4]
        }
        #expect(actions == ["generated", "pin", "move", "signoff", "generated", "lapsed", "generated"])
        #expect(audit.standardOutput.contains("drjones") && audit.standardOutput.contains("deteriorating on review"))
        let onePathway = try runWaitgap(["audit", "--history", directory + "/waitgap.sqlite", "--pathway", pinned])
        #expect(onePathway.standardOutput.split(separator: "\n").count == 3)
    }

    @Test func theSimulationReportsTheEffectOnEachGapWithoutIdentifiers() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "4000", "--deciles", "--out", directory + "/x.csv"])
        let run = try runWaitgap([
            "score", directory + "/x.csv", "--out", directory + "/R", "--no-history", "--simulate", "26", "--capacity", "P3=60",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary = try String(contentsOfFile: directory + "/R/score-summary-2026-10-31.md", encoding: .utf8)
        #expect(summary.contains("## Equity impact: 26-week simulation"))
        #expect(summary.contains("| Deprivation: 1 (most deprived) vs 5 (least deprived) |"))
        #expect(summary.contains("| P3 | ") && summary.contains("| 60.0 |"))
        #expect(summary.contains("Patients over 52 weeks at some point"))
        #expect(summary.contains("| Wait | 10.0 per multiple of the tier's target (P1a 1 day, P1b 3 days,"))
        for row in try rows(directory + "/private/reordered-2026-10-31.csv").prefix(300) { #expect(!summary.contains(row[9])) }
        #expect(!FileManager.default.fileExists(atPath: directory + "/waitgap.sqlite"))
        // The whole summary is fixed by the seeds: a golden file catches any unintended change.
        assertSnapshot(summary, named: "score-summary-simulated.md")
        // A group too small to show cannot be recovered from the others and the list's size:
        // in every group table, no count is hidden alone.
        let strict = try runWaitgap([
            "score", directory + "/x.csv", "--out", directory + "/S", "--no-history", "--simulate", "26", "--suppress-below", "200",
        ])
        #expect(strict.exitCode == 0, "\(strict.standardError)")
        let suppressed = try String(contentsOfFile: directory + "/S/score-summary-2026-10-31.md", encoding: .utf8)
        for table in suppressed.components(separatedBy: "\n\n") where table.contains("| Waiting at end (wait / score order) |") {
            let counts = table.split(separator: "\n").dropFirst(2).map { $0.split(separator: "|")[1].split(separator: "/") }
            for side in 0..<2 {
                let hidden = counts.filter { $0[side].trimmingCharacters(in: .whitespaces) == "*" }.count
                #expect(hidden != 1, "\(table)")
            }
        }
        let bad = try runWaitgap(["score", directory + "/x.csv", "--simulate", "26", "--capacity", "P9=3"])
        #expect(bad.exitCode == 64 && bad.standardError.split(separator: "\n").count == 1)
    }

    @Test func withoutACapacityTheSimulationEstimatesItFromTheHistory() throws {
        let directory = scratchDirectory()
        let months = directory + "/months"
        _ = try runWaitgap(["sample", "--months", "3", "--rows", "2000", "--census-date", "2026-10-31", "--out", months, "--deciles"])
        let history = directory + "/waitgap.sqlite"
        let backfill = try runWaitgap(["history", "import", months, "--history", history, "--private-dir", directory + "/q"])
        #expect(backfill.exitCode == 0, "\(backfill.standardError)")
        let run = try runWaitgap([
            "score", months + "/extract-2026-10-31.csv", "--out", directory + "/R", "--history", history, "--simulate", "8",
            "--capacity", "P2=10",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary = try String(contentsOfFile: directory + "/R/score-summary-2026-10-31.md", encoding: .utf8)
        // The latest run at least 4 weeks earlier is September's; P2's capacity was given.
        #expect(summary.contains("| P3 | ") && summary.contains("(from the change since 2026-09-30) |"))
        #expect(summary.contains("| 10.0 |"))
    }

    @Test func cliniciansOverridingAtOnceTakeTurnsAndNeitherIsLost() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "20000", "--deciles", "--out", directory + "/x.csv"])
        let reports = directory + "/Reports"
        #expect(try runWaitgap(["score", directory + "/x.csv", "--out", reports]).exitCode == 0)
        let list = directory + "/private/reordered-2026-10-31.csv"
        let pathways = try (1...4).map { try pathway(list, tier: "none", rank: 100 * $0) }
        let processes = try pathways.enumerated().map { index, pathway in
            try startWaitgap(["override", "pin", list, "--pathway", pathway, "--rank", String(index + 1), "--reason", "clinic \(index)"])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        // Every pin is in the list the last of them wrote, and that list is the one recorded.
        #expect(try (1...4).map { try pathway(list, tier: "none", rank: $0) } == pathways)
        try approveDefaults(in: directory, history: directory + "/waitgap.sqlite")
        let signoff = try runWaitgap(["signoff", list, "--specialty", "110", "--clinician", "Dr B Khan", "--role", "Consultant"])
        #expect(signoff.exitCode == 0, "\(signoff.standardError)")
    }
}
