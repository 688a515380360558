import Foundation
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapTestSupport

@testable import WaitgapReport

/// The tidy CSV says what the pack says: every figure is a cell the pack prints, every `*` is a
/// suppressed figure, and the numbers are the printed ones.
@Suite struct TidyTablesTests {
    static let fixture = fixturePath("Fixtures/small-extract.csv", in: .module)

    func pack() throws -> BoardPack {
        let census = try ExtractIngest.read(
            files: [Self.fixture], options: IngestOptions(), quarantine: QuarantineWriter(directory: scratchDirectory()))
        return BoardPack(census: census, run: RunInfo(trustName: "Trust, with a comma", version: "test", imdSource: "imd_decile column"))
    }

    @Test func everyFigureIsACellOfThePackAndEverySuppressedOneIsFlagged() throws {
        let pack = try pack()
        let markdown = pack.markdown
        let cells = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| ---") }.flatMap {
            $0.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        let figures = pack.figures
        #expect(figures.count > 200)
        for figure in figures { #expect(cells.contains(figure.shown), "\(figure.table) \(figure.row) \(figure.measure): \(figure.shown)") }
        #expect(figures.filter(\.suppressed).allSatisfy { $0.shown == "*" && $0.value == nil })
        #expect(figures.filter(\.suppressed).count == cells.filter { $0 == "*" }.count)
        // The numbers are the printed ones.
        for figure in figures where !figure.suppressed && figure.value != nil {
            #expect(figure.shown.replacingOccurrences(of: ",", with: "").contains(figure.value!), "\(figure.shown)")
        }
    }

    @Test func cellsAreReadAsValueAndInterval() {
        #expect(TidyTables.numbers("**4.9** (4.4 to 5.4)") == ("4.9", "4.4", "5.4"))
        #expect(TidyTables.numbers("-0.6 (-2.0 to 0.7)") == ("-0.6", "-2.0", "0.7"))
        #expect(TidyTables.numbers("21.6 (21.4–21.8)") == ("21.6", "21.4", "21.8"))
        #expect(TidyTables.numbers("24,450") == ("24450", nil, nil))
        #expect(TidyTables.numbers("56.5%") == ("56.5", nil, nil))
        #expect(TidyTables.numbers("reference") == (nil, nil, nil))
    }

    @Test func theCSVQuotesWhatItMustAndNeverStartsAFormula() {
        #expect(TidyTables.quoted("Trust, with a comma") == "\"Trust, with a comma\"")
        #expect(TidyTables.quoted("say \"no\"") == "\"say \"\"no\"\"\"")
        #expect(TidyTables.quoted("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(TidyTables.quoted("-0.6") == "-0.6")
        let csv = TidyTables.csv([], censusDate: "2026-03-31", version: "test")
        #expect(csv == TidyTables.columns.joined(separator: ",") + "\n")
    }
}

/// NHS England's section: a band count hidden in its row cannot be worked out from its column.
@Suite struct NationalSectionDisclosureTests {
    @Test func aSmallBandIsHiddenWithAnotherInItsColumn() throws {
        var census = Census(censusDate: Day(year: 2026, month: 10, day: 31))
        for decile in 1...10 {
            for index in 0..<100 {
                // Decile 1 has 3 patients over 52 weeks, decile 2 has 20, the others none.
                let long = (decile == 1 && index < 3) || (decile == 2 && index < 20)
                census.add(Pathway(waitDays: long ? 400 : 50 + index, imdDecile: IMDDecile(decile)))
            }
        }
        var run = RunInfo(version: "test", imdSource: "imd_decile column")
        run.nationalDefinitions = true
        let markdown = BoardPack(census: census, run: run).markdown
        let section = try #require(markdown.components(separatedBy: "## As NHS England's waiting-list demographics count it").last)
        let deciles = try #require(section.components(separatedBy: "### IMD decile").last)
        func row(_ label: String) throws -> [String] {
            let line = try #require(deciles.split(separator: "\n").first { $0.hasPrefix("| \(label) |") })
            return line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // Columns: group, patients, up to 18, 18 to 52, over 52, …
        #expect(try row("1 (most deprived)")[4] == "*")
        // Without the column's secondary suppression, 20 here and the all-patients total would give 3 back.
        #expect(try row("2")[4] == "*")
        #expect(try row("3")[4] == "0")
    }
}
