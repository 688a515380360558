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
