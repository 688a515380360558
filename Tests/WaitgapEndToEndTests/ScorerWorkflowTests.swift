import Foundation
import Testing
import WaitgapTestSupport

/// The scorer's workflow through the binary: ranking groups, governed weights and worklists.
@Suite struct ScorerWorkflowTests {
    func sample(_ directory: String, rows: Int = 3000) throws -> String {
        let extract = directory + "/x.csv"
        let run = try runWaitgap(["sample", "--rows", String(rows), "--deciles", "--out", extract])
        #expect(run.exitCode == 0, "\(run.standardError)")
        return extract
    }

    @Test func rankingByConsultantNeedsTheColumnAndUsesIt() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory)
        let missing = try runWaitgap(["score", extract, "--out", directory + "/R", "--no-history", "--rank-within", "consultant"])
        #expect(missing.exitCode == 64 && missing.standardError.contains("needs a consultant column"), "\(missing.standardError)")
        #expect(missing.standardError.split(separator: "\n").count == 1)
        // Add a consultant column: two consultants per specialty.
        let lines = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n")
        let withConsultant =
            ([lines[0] + ",consultant_code"] + lines.dropFirst().enumerated().map { $1 + ",C\($0 % 2)" }).joined(separator: "\n") + "\n"
        try withConsultant.write(toFile: directory + "/c.csv", atomically: true, encoding: .utf8)
        let run = try runWaitgap(["score", directory + "/c.csv", "--out", directory + "/R", "--no-history", "--rank-within", "consultant"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let rows = try readAll(path: directory + "/private/reordered-2026-10-31.csv").records
        #expect(Set(rows.map { $0[3] }) == ["consultant C0", "consultant C1"])
        #expect(rows.filter { $0[3] == "consultant C0" && $0[4] == "P3" && $0[5] == "score" }.map { $0[6] }.first == "1")
    }

    @Test func protectedCharacteristicWeightsAreRefusedThenAcceptedAndAudited() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory)
        let dump = try runWaitgap(["score", "--dump-weights"]).standardOutput
        // A factor on sex, with no justification: refused, one line.
        let sex = dump.replacingOccurrences(
            of: "\"columns\" : [\n\n  ]",
            with: "\"columns\" : [ { \"column\" : \"sex\", \"codePoints\" : { \"2\" : 1 }, \"unknownPoints\" : 0, \"comment\" : \"x\" } ]")
        #expect(sex != dump)
        try sex.write(toFile: directory + "/sex.json", atomically: true, encoding: .utf8)
        let refused = try runWaitgap(["score", extract, "--weights", directory + "/sex.json", "--out", directory + "/R"])
        #expect(refused.exitCode == 64 && refused.standardError.contains("protected characteristic"), "\(refused.standardError)")
        #expect(refused.standardError.split(separator: "\n").count == 1)
        // Justified, but not allowed: still refused.
        let justified = sex.replacingOccurrences(
            of: "\"justifications\" : {",
            with: "\"justifications\" : {\n    \"sex\" : \"EIA-9 finds women wait longer for hip surgery at equal need\",")
        try justified.write(toFile: directory + "/sex.json", atomically: true, encoding: .utf8)
        let notAllowed = try runWaitgap(["score", extract, "--weights", directory + "/sex.json", "--out", directory + "/R"])
        #expect(notAllowed.exitCode == 64 && notAllowed.standardError.contains("--allow-protected"), "\(notAllowed.standardError)")
        let approveRefused = try runWaitgap([
            "weights", "approve", directory + "/sex.json", "--by", "Dr M", "--role", "MD", "--eia", "EIA-9", "--history",
            directory + "/waitgap.sqlite",
        ])
        #expect(approveRefused.exitCode == 64)
        // Allowed: scored, approved, and both recorded.
        let run = try runWaitgap([
            "score", extract, "--weights", directory + "/sex.json", "--out", directory + "/R", "--allow-protected",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let approve = try runWaitgap([
            "weights", "approve", directory + "/sex.json", "--by", "Dr M", "--role", "MD", "--eia", "EIA-9", "--history",
            directory + "/waitgap.sqlite",
            "--allow-protected",
        ])
        #expect(approve.exitCode == 0, "\(approve.standardError)")
        let audit = try runWaitgap(["audit", "--history", directory + "/waitgap.sqlite"]).standardOutput
        #expect(audit.contains("protected characteristics weighted, justified in the weights file (--allow-protected given):"))
        #expect(audit.contains("; sex (sex): EIA-9 finds women wait longer"))
        let approvals = try runWaitgap(["weights", "approvals", "--history", directory + "/waitgap.sqlite"]).standardOutput
        #expect(approvals.contains("EIA EIA-9") && approvals.contains("protected  sex (sex): EIA-9"))
        // The list made with them can now be signed off, one specialty at a time.
        let signoff = try runWaitgap([
            "signoff", directory + "/private/reordered-2026-10-31.csv", "--specialty", "130", "--clinician", "Dr O", "--role", "Consultant",
        ])
        #expect(signoff.exitCode == 0, "\(signoff.standardError)")
        let noSpecialty = try runWaitgap([
            "signoff", directory + "/private/reordered-2026-10-31.csv", "--clinician", "Dr O", "--role", "Consultant",
        ])
        #expect(noSpecialty.exitCode == 64 && noSpecialty.standardError.contains("--specialty"))
    }

    @Test func worklistsAreOwnerOnlyInThePrivateFolderAndTheBoardSeesCounts() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory, rows: 5000)
        let reports = directory + "/Reports"
        let run = try runWaitgap(["worklist", extract, "--core20", "--over-weeks", "18", "--out", reports])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let privateFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/private").filter { $0.hasPrefix("worklist-") }
        #expect(privateFiles.count > 3 && privateFiles.contains("worklist-2026-10-31-110.csv"))
        for file in privateFiles {
            #expect(try FileManager.default.attributesOfItem(atPath: directory + "/private/" + file)[.posixPermissions] as? Int == 0o600)
            let text = try String(contentsOfFile: directory + "/private/" + file, encoding: .utf8)
            #expect(text.hasPrefix("# waitgap worklist, census 2026-10-31, specialty "))
            #expect(text.contains("Core20 (IMD deciles 1-2), waiting over 18 weeks (--core20 --over-weeks 18)"))
            for line in text.split(separator: "\n").dropFirst(2) {
                let fields = line.split(separator: ",")
                #expect(fields.count == 5 && fields[4] == "Core20; over 18 weeks" && Double(fields[1])! > 18)
            }
        }
        // The board's folder: the counts only, no pathway ID.
        let board = try FileManager.default.contentsOfDirectory(atPath: reports)
        #expect(board == ["worklist-summary-2026-10-31.md"])
        let summary = try String(contentsOfFile: reports + "/" + board[0], encoding: .utf8)
        #expect(summary.contains("| Specialty (treatment function) | Pathways listed |") && !summary.contains("RTT1"))
        let audit = try runWaitgap(["audit", "--history", directory + "/waitgap.sqlite"]).standardOutput
        #expect(audit.contains("worklist") && audit.contains("--core20 --over-weeks 18"))
        // Never inside the board's folder.
        let inside = try runWaitgap(["worklist", extract, "--core20", "--out", reports, "--private-dir", reports + "/p"])
        #expect(inside.exitCode == 64 && inside.standardError.contains("inside the board's folder"), "\(inside.standardError)")
        #expect(!FileManager.default.fileExists(atPath: reports + "/p"))
        // No filter: refused (a worklist of everyone is the list itself).
        #expect(try runWaitgap(["worklist", extract, "--out", reports]).exitCode == 64)
    }

    @Test func weightsThatReverseAGapAreFlaggedFirstAndTheSweepTabulatesEachWeight() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory, rows: 4000)
        // Forty points for the most deprived fifth: far more than the wait gap needs.
        let dump = try runWaitgap(["score", "--dump-weights"]).standardOutput
        let heavy = dump.replacingOccurrences(of: "\"1\" : 3,", with: "\"1\" : 40,").replacingOccurrences(
            of: "\"2\" : 3,", with: "\"2\" : 40,")
        #expect(heavy != dump)
        try heavy.write(toFile: directory + "/heavy.json", atomically: true, encoding: .utf8)
        let run = try runWaitgap([
            "score", extract, "--weights", directory + "/heavy.json", "--out", directory + "/R", "--no-history", "--simulate", "26",
            "--capacity", "P3=60", "--sweep", "deprivation=0:1:0.25",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary = try String(contentsOfFile: directory + "/R/score-summary-2026-10-31.md", encoding: .utf8)
        let firstLines = summary.split(separator: "\n").prefix(3).joined(separator: "\n")
        #expect(
            firstLines.contains(
                "**Warning: the weights reverse the deprivation gap (IMD quintile 1 (most deprived) vs IMD quintile 5 (least deprived)): after 26 weeks in score order IMD quintile 5 (least deprived) would wait"
            ), "\(firstLines)")
        // The sweep: one row per multiplier, the heaviest reversing the gap, none at zero.
        let sweep = summary.components(separatedBy: "## Sweep: deprivation points × each multiplier, 26 weeks")
        #expect(sweep.count == 2)
        let rows = sweep[1].split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Multiplier") && !$0.hasPrefix("| ---") }
        #expect(rows.map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) } == ["0.00", "0.25", "0.50", "0.75", "1.00"])
        #expect(rows.first!.hasSuffix("| no |") && rows.last!.hasSuffix("| **yes** |"))
        // The defaults on the same list do not over-correct, and say nothing.
        let defaults = try runWaitgap([
            "score", extract, "--out", directory + "/D", "--no-history", "--simulate", "26", "--capacity", "P3=60",
        ])
        #expect(defaults.exitCode == 0)
        #expect(!(try String(contentsOfFile: directory + "/D/score-summary-2026-10-31.md", encoding: .utf8)).contains("Warning"))
        let bad = try runWaitgap(["score", extract, "--out", directory + "/R", "--no-history", "--sweep", "deprivation=0:2:0.25"])
        #expect(bad.exitCode == 64 && bad.standardError.contains("--sweep needs --simulate"))
    }

    @Test func asaPhysicalStatusIsFoundUnderItsUsualNames() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory, rows: 200)
        let lines = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n")
        let grades = ["ASA III", "2", "ASA 4-E", ""]
        let text = ([lines[0] + ",ASA Grade"] + lines.dropFirst().enumerated().map { $1 + "," + grades[$0 % 4] }).joined(separator: "\n")
        try (text + "\n").write(toFile: directory + "/asa.csv", atomically: true, encoding: .utf8)
        let dump = try runWaitgap(["score", "--dump-weights"]).standardOutput
        let weights = dump.replacingOccurrences(
            of: "\"columns\" : [\n\n  ]",
            with:
                "\"columns\" : [ { \"column\" : \"asa_physical_status\", \"codePoints\" : { \"3\" : 2, \"4\" : 4 }, \"unknownPoints\" : 0, \"comment\" : \"ASA 3-4\" } ]"
        )
        try weights.write(toFile: directory + "/asa.json", atomically: true, encoding: .utf8)
        let run = try runWaitgap([
            "score", directory + "/asa.csv", "--weights", directory + "/asa.json", "--out", directory + "/R", "--no-history",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let explanations = try readAll(path: directory + "/private/reordered-2026-10-31.csv").records.map { $0[13] }
        #expect(explanations.contains { $0.hasSuffix("asa_physical_status = ASA III: 2.0") })
        #expect(explanations.contains { $0.hasSuffix("asa_physical_status = ASA 4-E: 4.0") })
        #expect(explanations.contains { $0.hasSuffix("asa_physical_status = blank: 0.0") })
    }

    @Test func theCurrentBookingOrderIsASecondBaselineWhenAColumnGivesIt() throws {
        let directory = scratchDirectory()
        let extract = try sample(directory, rows: 4000)
        // A booking order that is the file's order backwards: not the wait order, not the score's.
        let lines = try String(contentsOfFile: extract, encoding: .utf8).split(separator: "\n")
        let text = ([lines[0] + ",ptl_rank"] + lines.dropFirst().enumerated().map { $1 + ",\(lines.count - $0)" }).joined(separator: "\n")
        try (text + "\n").write(toFile: directory + "/ptl.csv", atomically: true, encoding: .utf8)
        let run = try runWaitgap([
            "score", directory + "/ptl.csv", "--out", directory + "/R", "--no-history", "--simulate", "26", "--capacity", "P3=60",
            "--booking-order", "ptl_rank",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary = try String(contentsOfFile: directory + "/R/score-summary-2026-10-31.md", encoding: .utf8)
        #expect(summary.contains("weeks in wait order (the baseline: longest wait first)"))
        #expect(summary.contains("In the list's current booking order (its `ptl_rank` column), the second baseline, it would be "))
        #expect(summary.contains("| Gap in mean wait at the end (weeks) | Wait order | Score order | Change | Current booking order |"))
        let gapRows = summary.split(separator: "\n").filter { $0.hasPrefix("| Deprivation: 1 (most deprived) vs 5 (least deprived) |") }
        #expect(gapRows.count == 1 && gapRows[0].split(separator: "|").count == 5)
        // The column must exist, and the baseline needs the simulation.
        let missing = try runWaitgap([
            "score", extract, "--out", directory + "/R", "--no-history", "--simulate", "26", "--booking-order", "ptl_rank",
        ])
        #expect(missing.exitCode == 64 && missing.standardError.contains("'ptl_rank'"), "\(missing.standardError)")
        let alone = try runWaitgap(["score", extract, "--out", directory + "/R", "--no-history", "--booking-order", "ptl_rank"])
        #expect(alone.exitCode == 64)
    }
}
