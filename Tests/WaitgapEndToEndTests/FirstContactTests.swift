import Foundation
import Testing
import WaitgapCSV
import WaitgapTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A new user's first run on an extract written the way trusts write them: labels instead of
/// codes, UK dates, another delimiter, Windows-1252, a pipe. Each must give the coded figures
/// with no options, or fail loudly naming the column and the fix.
@Suite(.serialized) struct FirstContactTests {
    /// NHS Data Dictionary ETHNIC CATEGORY labels, written here by hand from the Dictionary's
    /// page (not taken from waitgap's tables).
    static let ethnicLabels: [String: String] = [
        "A": "White - British", "B": "White - Irish", "C": "White - Any other White background",
        "D": "Mixed - White and Black Caribbean", "E": "Mixed - White and Black African", "F": "Mixed - White and Asian",
        "G": "Mixed - Any other mixed background", "H": "Asian or Asian British - Indian",
        "J": "Asian or Asian British - Pakistani", "K": "Asian or Asian British - Bangladeshi",
        "L": "Asian or Asian British - Any other Asian background", "M": "Black or Black British - Caribbean",
        "N": "Black or Black British - African", "P": "Black or Black British - Any other Black background",
        "R": "Other Ethnic Groups - Chinese", "S": "Other Ethnic Groups - Any other ethnic group", "Z": "Not stated",
        "99": "Not known",
    ]
    /// PERSON STATED GENDER CODE labels.
    static let sexLabels = ["1": "Male", "2": "Female", "9": "Indeterminate", "X": "Not Known"]
    /// WLMDS waiting list types as PAS reports name them.
    static let listLabels = ["IRTT": "Admitted", "ORTT": "Non-admitted"]

    enum Variant { case labels, codeAndLabel }

    /// A coded sample extract and its census date.
    func sample(_ directory: String, rows: Int = 3_000) throws -> String {
        let path = directory + "/coded.csv"
        let run = try runWaitgap(["sample", "--rows", String(rows), "--seed", "7", "--out", path])
        #expect(run.exitCode == 0, "\(run.standardError)")
        return path
    }

    /// The coded extract rewritten: labels and DD/MM/YYYY, or code-and-label forms and D/M/YYYY.
    func rewrite(_ coded: String, as variant: Variant, to path: String) throws {
        let read = try readAll(path: coded)
        let header = read.header!
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        let (ethnic, sex, list, ld, priority) = (
            column("ethnic_category"), column("sex"), column("waiting_list_type"), column("learning_disability"), column("priority")
        )
        let dates = [column("rtt_period_start_date"), column("census_date")]
        var writer = CSVWriter()
        writer.record(header)
        for var row in read.records {
            func relabel(_ index: Int, _ labels: [String: String]) {
                guard let label = labels[row[index]] else { return }
                row[index] = variant == .labels ? label : "\(row[index]) - \(label)"
            }
            relabel(ethnic, Self.ethnicLabels)
            relabel(sex, Self.sexLabels)
            relabel(list, Self.listLabels)
            row[ld] = ["Y": "Yes", "N": "No", "U": "Unknown"][row[ld]] ?? row[ld]
            if !row[priority].isEmpty && variant == .labels {
                var code = row[priority].uppercased()
                if code.hasPrefix("P") { code.removeFirst() }
                row[priority] = "Priority " + code.lowercased()
            }
            for index in dates where !row[index].isEmpty {
                let parts = row[index].split(separator: "-").map { String($0) }
                let (year, month, day) = (parts[0], parts[1], parts[2])
                row[index] =
                    variant == .labels ? "\(day)/\(month)/\(year)" : "\(Int(day)!)/\(Int(month)!)/\(year)"
            }
            writer.record(row)
        }
        try Data(writer.bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The summary JSON without the pack's path.
    /// The summary's figures: without where its files went and how the extract was read.
    func summary(_ path: String) throws -> NSDictionary {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        for key in ["packFile", "outputs", "files"] { object[key] = nil }
        return object as NSDictionary
    }

    /// The pack without its "How the extract was read" list, which states the detections.
    func packWithoutDetections(_ path: String) throws -> String {
        var kept: [Substring] = []
        var skipping = false
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { skipping = line == "### How the extract was read" }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    func analyse(_ extract: String, _ directory: String, _ name: String, _ extra: [String] = []) throws -> BinaryRun {
        try runWaitgap(
            ["analyse", extract, "--out", directory + "/" + name, "--no-history", "--summary-json", directory + "/\(name).json"] + extra)
    }

    @Test(arguments: [Variant.labels, .codeAndLabel])
    func labelledAndUKDatedExtractsGiveTheCodedFiguresWithNoOptions(_ variant: Variant) throws {
        let directory = scratchDirectory()
        let coded = try sample(directory)
        let rewritten = directory + "/rewritten.csv"
        try rewrite(coded, as: variant, to: rewritten)
        let check = try runWaitgap(["check", rewritten])
        #expect(check.exitCode == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("analyse would exit 0"))
        #expect(check.standardOutput.contains("rtt_period_start_date: " + (variant == .labels ? "DD/MM/YYYY" : "D/M/YYYY")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["coded.csv", "rewritten.csv"])

        let codedRun = try analyse(coded, directory, "coded")
        let rewrittenRun = try analyse(rewritten, directory, "rewritten")
        #expect(codedRun.exitCode == 0 && rewrittenRun.exitCode == 0, "\(rewrittenRun.standardError)")
        #expect(rewrittenRun.messages == "")
        #expect(codedRun.standardOutput.split(separator: "\n").last == rewrittenRun.standardOutput.split(separator: "\n").last)
        #expect(try summary(directory + "/coded.json") == summary(directory + "/rewritten.json"))
        let codedPack = try packWithoutDetections(directory + "/coded/board-pack-2026-10-31.md")
        let rewrittenPack = try packWithoutDetections(directory + "/rewritten/board-pack-2026-10-31.md")
        #expect(codedPack == rewrittenPack)
        let pack = try String(contentsOfFile: directory + "/rewritten/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(
            pack.contains("Dates in `rtt_period_start_date`: " + (variant == .labels ? "DD/MM/YYYY, day first" : "D/M/YYYY, day first")))
        #expect(pack.contains("Ethnic category: ") && pack.contains("values written as labels or other written forms"))
    }

    @Test func aMisspeltHeaderIsNamedOnStderrAndAtTheTopOfThePack() throws {
        let directory = scratchDirectory()
        let coded = try sample(directory, rows: 500)
        let text = try String(contentsOfFile: coded, encoding: .utf8)
        let misspelt = directory + "/misspelt.csv"
        try text.replacingOccurrences(of: "ethnic_category", with: "ethnic_catgory").write(
            toFile: misspelt, atomically: true, encoding: .utf8)
        let run = try analyse(misspelt, directory, "out")
        #expect(run.exitCode == 0)
        let note = "Not analysed: ethnicity — no column in the extract (`ethnic_catgory` looks like `ethnic_category`; use --columns)"
        #expect(run.messages == "waitgap: note: \(note)\n")
        let pack = try String(contentsOfFile: directory + "/out/board-pack-2026-10-31.md", encoding: .utf8)
        let top = pack.split(separator: "\n").prefix(8).joined(separator: "\n")
        #expect(top.contains("**\(note)**"))
        let check = try runWaitgap(["check", misspelt])
        #expect(check.standardOutput.contains("ethnic_catgory") && check.standardOutput.contains("looks like ethnic_category"))
    }

    @Test func anUnreadableEquityColumnStopsTheRunNamingItsCommonValuesAndTheFix() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,ethnic_category\n"
        for index in 0..<200 {
            // 150 rows share a local form; 49 a second; one row has a rare value, never named.
            let value = index < 150 ? "W Brit" : index < 199 ? "Asian Other" : "Fred Bloggs"
            text += "P\(index),2026-0\(1 + index % 9)-1\(index % 10),2026-10-31,\(value)\n"
        }
        let extract = directory + "/unusable.csv"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try analyse(extract, directory, "out")
        #expect(run.exitCode == 65)
        #expect(
            run.standardError
                == "waitgap: \(extract): column 'ethnic_category' (ethnic_category): only 0% of 200 non-blank values are recognised; most common unrecognised: 'W Brit' (150 rows), 'Asian Other' (49 rows); map the trust's forms with --values FILE (column,value,code), or leave ethnicity out with --allow-unusable ethnic_category\n"
        )
        #expect(!run.standardError.contains("Fred"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out/board-pack-2026-10-31.md"))
        #expect(try runWaitgap(["check", extract]).exitCode == 65)

        // The fix the message names works: local forms, or leaving the dimension out.
        let values = directory + "/values.csv"
        try "column,value,code\nethnic_category,W Brit,A\nethnic_category,asian other,L\n".write(
            toFile: values, atomically: true, encoding: .utf8)
        let fixed = try analyse(extract, directory, "fixed", ["--values", values])
        #expect(fixed.exitCode == 0, "\(fixed.standardError)")
        let allowed = try analyse(extract, directory, "allowed", ["--allow-unusable", "ethnic_category"])
        #expect(allowed.exitCode == 0)
        let pack = try String(contentsOfFile: directory + "/allowed/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("Not analysed: ethnicity"))
        // A bad --values line is a usage error naming its row.
        try "column,value,code\nethnic_category,W Brit,A\nethnicity_code,x,A\n".write(toFile: values, atomically: true, encoding: .utf8)
        let bad = try analyse(extract, directory, "bad", ["--values", values])
        #expect(bad.exitCode == 64)
        #expect(bad.standardError.hasPrefix("waitgap: \(values): row 3: 'ethnicity_code' is not a coded column"))
    }

    @Test func aRegisterOfYesOrBlankNeedsLDRegister() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,learning_disability\n"
        for index in 0..<100 { text += "P\(index),2026-05-\(10 + index % 10),2026-10-31,\(index % 10 == 0 ? "Y" : "")\n" }
        let extract = directory + "/register.csv"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try analyse(extract, directory, "out")
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("--ld-register"))
        let register = try analyse(extract, directory, "register", ["--ld-register"])
        #expect(register.exitCode == 0)
        let pack = try String(contentsOfFile: directory + "/register/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("Learning disability read as a register (--ld-register)"))
        #expect(pack.contains("| No learning disability | 90 |"))
    }

    @Test func aFIFOAndStandardInputGiveTheFilesAccounting() throws {
        let directory = scratchDirectory()
        let coded = try sample(directory, rows: 2_000)
        let file = try analyse(coded, directory, "file")
        let expected = file.standardOutput.split(separator: "\n").last!
        #expect(expected == "rows in 2,000 = analysed 2,000 + out of scope 0 + quarantined 0")

        let fifo = directory + "/extract.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let bytes = FileManager.default.contents(atPath: coded)!
            let handle = FileHandle(forWritingAtPath: fifo)!
            handle.write(bytes)
            try? handle.close()
        }
        writer.start()
        // With the history on: its fingerprint must not open the FIFO a second time.
        let fromFIFO = try runWaitgap(["analyse", fifo, "--out", directory + "/fifo", "--history", directory + "/h.sqlite"])
        #expect(fromFIFO.exitCode == 0, "\(fromFIFO.standardError)")
        #expect(fromFIFO.standardOutput.split(separator: "\n").last == expected)

        let process = Process()
        process.executableURL = waitgapBinary
        process.arguments = ["analyse", "-", "--out", directory + "/stdin", "--no-history"]
        process.standardInput = FileHandle(forReadingAtPath: coded)!
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stdout.split(separator: "\n").last == expected)
        #expect(
            try String(contentsOfFile: directory + "/stdin/board-pack-2026-10-31.md", encoding: .utf8).contains("`standard input`"))
    }

    @Test func aSemicolonFileIsReadWithTheDelimiterStated() throws {
        let directory = scratchDirectory()
        let extract = directory + "/semicolon.csv"
        try "pathway_id;rtt_period_start_date;census_date;ethnic_category\nP1;2026-05-01;2026-10-31;A\nP2;\"2026-06-01\";2026-10-31;B\n"
            .write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try analyse(extract, directory, "out")
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("rows in 2 = analysed 2 + out of scope 0 + quarantined 0\n"))
        let pack = try String(contentsOfFile: directory + "/out/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("`semicolon.csv`: `;`-delimited (detected from the header)"))
        #expect(try runWaitgap(["check", extract]).standardOutput.contains("semicolon.csv: delimiter ';' (detected from the header)"))
    }

    @Test func windows1252LabelsAreReadAndIdentifiersKeepTheirBytes() throws {
        let directory = scratchDirectory()
        var bytes = Array("pathway_id,rtt_period_start_date,census_date,ethnic_category\n".utf8)
        // "White – British" with Windows-1252's en dash (0x96); a pathway ID with é (0xE9).
        bytes += Array("P1,2026-05-01,2026-10-31,White ".utf8) + [0x96] + Array(" British\n".utf8)
        bytes += Array("P".utf8) + [0xE9] + Array("2,2026-13-01,2026-10-31,A\n".utf8)
        for index in 3...40 { bytes += Array("P\(index),2026-05-01,2026-10-31,A\n".utf8) }
        let extract = directory + "/excel.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: extract))
        let run = try analyse(extract, directory, "out", ["--max-quarantine", "50%"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pack = try String(contentsOfFile: directory + "/out/board-pack-2026-10-31.md", encoding: .utf8)
        #expect(pack.contains("read as Windows-1252"))
        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))) as! [String: Any]
        #expect((summary["accounting"] as! [String: Any])["quarantined"] as? Int == 1)
        // The White British row was read: 39 White patients.
        let ethnic = (summary["groups"] as! [String: Any])["ethnicGroup"] as! [[String: Any]]
        #expect(ethnic.first { $0["group"] as? String == "white" }?["count"] as? Int == 39)
        let quarantine = try Data(contentsOf: URL(fileURLWithPath: directory + "/private/quarantine-2026-10-31.csv"))
        #expect(quarantine.range(of: Data([0x50, 0xE9, 0x32, 0x2C])) != nil)
    }

    @Test func nonRTTRowsAreCountedOutOfScopeNotQuarantined() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,waiting_list_type\n"
        let types = ["IRTT", "ORTT", "INON", "ONON", "", "PTLI", "Admitted non-RTT"]
        for index in 0..<70 { text += "P\(index),2026-05-01,2026-10-31,\(types[index % types.count])\n" }
        let extract = directory + "/lists.csv"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try analyse(extract, directory, "out")
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("rows in 70 = analysed 40 + out of scope 30 + quarantined 0\n"))
        let summary = try String(contentsOfFile: directory + "/out.json", encoding: .utf8)
        #expect(summary.contains("\"outOfScope\" : 30"))
        let all = try analyse(extract, directory, "all", ["--scope", "all"])
        #expect(all.standardOutput.hasSuffix("rows in 70 = analysed 70 + out of scope 0 + quarantined 0\n"))
    }

    @Test func whenNoRowCanBeReadTheRunStopsBeforeCopyingTheExtract() throws {
        let directory = scratchDirectory()
        let coded = try sample(directory, rows: 2_000)
        let uk = directory + "/uk.csv"
        try rewrite(coded, as: .labels, to: uk)
        let run = try analyse(uk, directory, "out", ["--date-format", "ymd"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("none of the 2,000 rows can be analysed; most are invalid-start-date"))
        #expect(run.standardError.contains("--date-format"))
        let written = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/out")) ?? []
        #expect(!written.contains { $0.contains("quarantine") })
    }

    @Test func checkAsJSONStatesTheMappingTheDatesAndTheExitCodeAndWritesNothing() throws {
        let directory = scratchDirectory()
        let extract = directory + "/extract.csv"
        var text = "Pathway ID;Clock Start;Census Date;Ethnicity;LD Flag;Procedure\n"
        for index in 0..<30 { text += "P\(index);\(1 + index % 28)/0\(1 + index % 9)/2026;31/10/2026;White - British;N;Knee\n" }
        text += "P99;2026-13-01;31/10/2026;A;N;Knee\n"
        try text.write(toFile: extract, atomically: true, encoding: .utf8)
        let run = try runWaitgap(["check", extract, "--json"])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as! [String: Any]
        #expect(report["schema"] as? String == "waitgap-check")
        #expect(report["analyseExitCode"] as? Int == 0)
        #expect(report["censusDate"] as? String == "2026-10-31")
        let file = (report["files"] as! [[String: Any]])[0]
        #expect(file["delimiter"] as? String == ";" && file["delimiterDetected"] as? Bool == true)
        let columns = (file["columns"] as! [[String: Any]]).map { "\($0["header"]!)=\($0["column"] ?? "-")" }
        #expect(columns.contains("Clock Start=rtt_period_start_date") && columns.contains("Procedure=-"))
        let dates = report["dates"] as! [String: String]
        #expect(dates["rtt_period_start_date"]?.hasPrefix("D/M/YYYY, day first") == true)
        let accounting = report["accounting"] as! [String: Any]
        #expect(accounting["analysed"] as? Int == 30)
        #expect(
            (report["notAnalysed"] as! [String]) == [
                "Not analysed: deprivation (IMD) — no column in the extract", "Not analysed: sex — no column in the extract",
                "Not analysed: age band — no column in the extract",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["extract.csv"])
    }

    @Test func aWindows1252PathwayIDCanBeOverriddenAndSignedOffAndKeepsItsBytes() throws {
        let directory = scratchDirectory()
        var bytes = Array("pathway_id,rtt_period_start_date,census_date,priority\n".utf8)
        for index in 0..<30 { bytes += Array("P\(index),2026-0\(1 + index % 9)-10,2026-10-31,P2\n".utf8) }
        bytes += Array("P".utf8) + [0xE9] + Array("X,2026-03-01,2026-10-31,P2\n".utf8)
        let extract = directory + "/excel.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: extract))
        let history = directory + "/h.sqlite"
        let out = directory + "/Reports"
        #expect(try runWaitgap(["score", extract, "--out", out, "--history", history]).exitCode == 0)
        let list = directory + "/private/reordered-2026-10-31.csv"
        // The ID as Windows-1252 reads it: "PéX".
        let pin = try runWaitgap([
            "override", "pin", list, "--pathway", "P\u{E9}X", "--rank", "1", "--reason", "test", "--history", history,
        ])
        #expect(pin.exitCode == 0, "\(pin.standardError)")
        // A list made with unapproved weights cannot be signed off; the defaults, approved, can.
        let dump = try runWaitgap(["score", "--dump-weights"])
        try dump.standardOutput.write(toFile: directory + "/weights.json", atomically: true, encoding: .utf8)
        let approve = try runWaitgap([
            "weights", "approve", directory + "/weights.json", "--by", "Dr M", "--role", "Medical director", "--eia", "EIA-1", "--history",
            history,
        ])
        #expect(approve.exitCode == 0, "\(approve.standardError)")
        // No treatment function column: one part, signed without naming a specialty.
        let signoff = try runWaitgap(["signoff", list, "--clinician", "Dr A", "--role", "Consultant", "--history", history])
        #expect(signoff.exitCode == 0, "\(signoff.standardError)")
        let written = try Data(contentsOf: URL(fileURLWithPath: list))
        #expect(written.range(of: Data([0x50, 0xE9, 0x58])) != nil)
        #expect(written.range(of: Data([0x50, 0xC3, 0xA9, 0x58])) == nil)
        let again = try runWaitgap(["score", extract, "--out", out, "--history", history])
        #expect(again.standardOutput.contains("overrides carried over: 1 applied, 0 lapsed"))
    }

    func write(_ text: String, _ name: String, in directory: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aTrustsOwnFormsWinOverCodesAndConflictingLinesAreRefused() throws {
        let directory = scratchDirectory()
        // This PAS writes learning disability as 1 (no), 2 (yes), 3 (not known).
        var text = "pathway_id,rtt_period_start_date,census_date,learning_disability\n"
        for index in 0..<100 {
            text += "P\(index),2026-05-\(10 + index % 10),2026-10-31,\(index % 10 == 0 ? 2 : index % 10 == 1 ? 3 : 1)\n"
        }
        let extract = try write(text, "ld.csv", in: directory)
        let values = try write(
            "column,value,code\nlearning_disability,1,N\nlearning_disability,2,Y\nlearning_disability,3,U\n", "values.csv", in: directory)
        let run = try analyse(extract, directory, "out", ["--values", values])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))) as! [String: Any]
        let groups = (summary["groups"] as! [String: Any])["learningDisability"] as! [[String: Any]]
        #expect(groups.first { $0["group"] as? String == "Y" }?["count"] as? Int == 10)
        #expect(groups.first { $0["group"] as? String == "N" }?["count"] as? Int == 80)

        let conflicting = try write(
            "column,value,code\nlearning_disability,No LD,N\nlearning_disability,no-ld,Y\n", "conflict.csv", in: directory)
        let refused = try analyse(extract, directory, "refused", ["--values", conflicting])
        #expect(refused.exitCode == 64)
        #expect(refused.standardError.contains("row 3: 'no-ld' means Y here but N at row 2"))
    }

    @Test func nonRTTRowsWithoutAClockStartAreOutOfScopeAndAnAllNonRTTExtractStops() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,waiting_list_type\n"
        for index in 0..<60 { text += index % 3 == 0 ? "P\(index),,2026-10-31,ONON\n" : "P\(index),2026-05-01,2026-10-31,ORTT\n" }
        let run = try analyse(try write(text, "mixed.csv", in: directory), directory, "out")
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("rows in 60 = analysed 40 + out of scope 20 + quarantined 0\n"))
        let allNon = try write(
            "pathway_id,rtt_period_start_date,census_date,waiting_list_type\nP1,,2026-10-31,INON\nP2,2026-01-01,2026-10-31,ONON\n",
            "nonrtt.csv", in: directory)
        let stopped = try analyse(allNon, directory, "none")
        #expect(stopped.exitCode == 65)
        #expect(stopped.standardError.contains("no row is an RTT pathway (2 out of scope: INON 1, ONON 1); --scope all analyses them"))
    }

    @Test func checkGivesAnalysesExitCodeWhenEarlyRowsFailAndLaterOnesRead() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date\n"
        for index in 0..<1_200 { text += "P\(index),31/02/2025,2026-10-31\n" }
        for index in 0..<3_000 { text += "Q\(index),2026-0\(1 + index % 9)-10,2026-10-31\n" }
        let extract = try write(text, "sorted.csv", in: directory)
        let analysed = try analyse(extract, directory, "out", ["--max-quarantine", "30%"])
        let checked = try runWaitgap(["check", extract, "--max-quarantine", "30%"])
        #expect(analysed.exitCode == 0, "\(analysed.standardError)")
        #expect(checked.exitCode == analysed.exitCode)
        let strict = try analyse(extract, directory, "strict")
        let strictCheck = try runWaitgap(["check", extract])
        #expect(strict.exitCode == 65 && strictCheck.exitCode == 65)
    }

    @Test func spreadsheetTrailingRowsAreBlankLinesAndAFileGivenTwiceIsRefused() throws {
        let directory = scratchDirectory()
        let extract = try write(
            "pathway_id,rtt_period_start_date,census_date\nP1,2026-05-01,2026-10-31\nP2,2026-06-01,2026-10-31\n,,\n , ,\n", "excel.csv",
            in: directory)
        let run = try analyse(extract, directory, "out")
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.hasSuffix("rows in 2 = analysed 2 + out of scope 0 + quarantined 0\n"))
        let twice = try runWaitgap(["analyse", extract, extract, "--out", directory + "/twice", "--no-history"])
        #expect(twice.exitCode == 64)
        #expect(twice.standardError.contains("given twice"))
        let stdinTwice = try runWaitgap(["check", "-", "-"])
        #expect(stdinTwice.exitCode == 64)
    }

    @Test func aSecondFilesOtherCensusIsBlamedOnTheFirstFileNotAnOption() throws {
        let directory = scratchDirectory()
        let first = try write("pathway_id,rtt_period_start_date,census_date\nP1,2026-05-01,2026-10-31\n", "a.csv", in: directory)
        let second = try write(
            "pathway_id,rtt_period_start_date,census_date\nP2,2026-05-01,2026-10-30\nP3,2026-05-01,2026-10-31\n", "b.csv", in: directory)
        let run = try analyse(first, directory, "out", ["--max-quarantine", "50%"])
        #expect(run.exitCode == 0)
        let both = try runWaitgap(["analyse", first, second, "--out", directory + "/both", "--no-history", "--max-quarantine", "50%"])
        #expect(both.exitCode == 0, "\(both.standardError)")
        let quarantine = try String(contentsOfFile: directory + "/private/quarantine-2026-10-31.csv", encoding: .utf8)
        #expect(quarantine.contains("differs from the run's (set by \(first))"))
        #expect(!quarantine.contains("--census-date"))
    }

    @Test func scoreStopsWhereAnalyseWould() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,priority\n"
        for index in 0..<100 { text += "P\(index),\(index % 2 == 0 ? "2026-05-01" : "31/02/2025"),2026-10-31,P2\n" }
        let run = try runWaitgap(["score", try write(text, "half.csv", in: directory), "--out", directory + "/S", "--no-history"])
        #expect(run.exitCode == 65)
        #expect(run.standardError.contains("50.0% of rows would be quarantined"))
    }

    @Test func lsoaCodesOutsideTheLookupStopTheRunNamingTheLSOAColumnAndTheFix() throws {
        let directory = scratchDirectory()
        var text = "pathway_id,rtt_period_start_date,census_date,lsoa_code,imd_decile\n"
        for index in 0..<50 { text += "P\(index),2026-05-01,2026-10-31,W0100\(1000 + index),\n" }
        let run = try analyse(try write(text, "wales.csv", in: directory), directory, "out")
        #expect(run.exitCode == 65)
        // Both deprivation columns are named: the decile column is blank, the LSOA codes are not read.
        #expect(run.standardError.contains("columns 'imd_decile' (imd_decile), 'lsoa_code' (lsoa_code)"))
        #expect(run.standardError.contains("50 LSOA codes are not in the IMD lookup"))
        #expect(run.standardError.contains("--imd-vintage 2019"))
    }
}
