import Foundation
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapTestSupport

@testable import WaitgapReport

@Suite struct BoardPackTests {
    static let fixture = fixturePath("Fixtures/small-extract.csv", in: .module)

    func pack(threshold: Int = 7) throws -> BoardPack {
        let directory = scratchDirectory()
        let census = try ExtractIngest.read(
            files: [Self.fixture], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        return BoardPack(
            census: census,
            run: RunInfo(trustName: "Example NHS Foundation Trust", version: "test", imdSource: "imd_decile column of the extract"),
            disclosure: DisclosurePolicy(threshold: threshold))
    }

    @Test func thePackOfAFixedFixtureMatchesItsGoldenFile() throws {
        assertSnapshot(try pack().markdown, named: "small-extract.md")
    }

    @Test func thePackShowsTheAccountingLineAndNamesTheFileByCensus() throws {
        let pack = try pack()
        #expect(pack.fileName == "board-pack-2026-03-31.md")
        #expect(pack.markdown.contains("`rows in 63 = analysed 60 + out of scope 0 + quarantined 3`"))
    }

    @Test func smallCountsAreStarsAndTheirStatisticsHidden() throws {
        // Learning disability Y: rows 0, 12, 24, 36, 48 → 5 patients.
        let markdown = try pack().markdown
        let section = try #require(markdown.components(separatedBy: "## Waits by learning disability").last)
        let row = try #require(section.split(separator: "\n").first { $0.hasPrefix("| Learning disability |") })
        #expect(row == "| Learning disability | * | * | * | * | * | * | * | * | * |")
        // ...and in the gaps table: no gap for a group of 5.
        let gaps = try #require(markdown.components(separatedBy: "### Learning disability (reference").last)
        let gapRow = try #require(gaps.split(separator: "\n").first { $0.hasPrefix("| Learning disability |") })
        #expect(gapRow == "| Learning disability | * | * | * | * | * | * | * |")
        let stricter = try pack(threshold: 10).markdown
        #expect(stricter.contains("counts from 1 to 10 are shown as `*`"))
    }

    @Test func significantGapsAreBoldAndOthersAreNot() throws {
        // The fixture plants 4 weeks for deciles 1-2 (quintile 1) on top of waits that rise by
        // a week per row, so its quintile gaps are not significant at n = 12 a quintile, and the
        // gap table must not bold them; the SII across quintiles shows no significant slope.
        let markdown = try pack().markdown
        let deprivation = try #require(
            markdown.components(separatedBy: "### Deprivation (reference").last?.components(separatedBy: "###").first)
        let quintile1 = try #require(deprivation.split(separator: "\n").first { $0.hasPrefix("| 1 (most deprived) |") })
        #expect(!quintile1.contains("**"))
        #expect(markdown.contains("**bold** marks a gap that stays significant when every gap in its column is tested together"))
    }

    @Test func noIdentifierFromTheExtractAppearsInThePack() throws {
        let markdown = try pack().markdown
        let extract = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        for line in extract.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let pathwayID = String(fields[0])
            if !pathwayID.isEmpty { #expect(!markdown.contains(pathwayID), "\(pathwayID)") }
            #expect(!markdown.contains(String(fields[1])))
        }
    }
}

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct ChartTests {
    func pack() throws -> BoardPack {
        let directory = scratchDirectory()
        let census = try ExtractIngest.read(
            files: [BoardPackTests.fixture], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        return BoardPack(census: census, run: RunInfo(version: "test", imdSource: "test"))
    }

    @Test func everyChartIsWellFormedSVGWithATitleAndIsLinkedWithItsWords() throws {
        let pack = try pack()
        let markdown = pack.markdown
        #expect(pack.charts.count == 6)
        for chart in pack.charts {
            // Whose list, of when, from what: on every chart.
            #expect(chart.svg.contains("census 2026-03-31 · waitgap test, from the trust's waiting-list extract"), "\(chart.name)")
            let parser = XMLParser(data: Data(chart.svg.utf8))
            #expect(parser.parse(), "\(chart.name): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(chart.svg.contains("<title>\(chart.title)</title>"))
            #expect(markdown.contains("![\(chart.title)](charts/\(chart.name))"), "\(chart.name) is not linked")
            #expect(!chart.description.isEmpty)
        }
        #expect(markdown.contains("*Chart in words:*"))
    }

    @Test func chartsLeaveOutGroupsTooSmallToShow() throws {
        // In the fixture, "Other ethnic groups" has 3 patients: no bar for it.
        let chart = try #require(try pack().charts.first { $0.name.hasPrefix("waits-by-ethnic-group") })
        #expect(!chart.svg.contains(">Other ethnic<") && !chart.svg.contains(">Other ethnic groups<"))
        #expect(chart.svg.contains(">White<"))
    }
}

@Suite struct DifferencingTests {
    /// 20 White, 10 Asian and 3 Black patients: Black is suppressed, so Asian must be hidden too,
    /// or "all patients − White − Asian" would give the 3 back.
    func craftedPack() -> String {
        var census = Census(censusDate: Day(year: 2026, month: 3, day: 31))
        for index in 0..<20 {
            census.add(Pathway(waitDays: 30 + index, ethnicCategory: .britishWhite, imdDecile: IMDDecile(1 + index % 10)))
        }
        for index in 0..<10 { census.add(Pathway(waitDays: 40 + index, ethnicCategory: .indian, imdDecile: IMDDecile(1 + index % 10))) }
        for index in 0..<3 { census.add(Pathway(waitDays: 50 + index, ethnicCategory: .african, imdDecile: IMDDecile(1 + index))) }
        return BoardPack(census: census, run: RunInfo(version: "test", imdSource: "test")).markdown
    }

    func row(_ markdown: String, section: String, label: String) -> String? {
        markdown.components(separatedBy: section).dropFirst().first?.split(separator: "\n").first { $0.hasPrefix("| \(label) |") }
            .map(String.init)
    }

    @Test func aSuppressedGroupCannotBeRecoveredFromTheTotalAndTheOtherGroups() throws {
        let markdown = craftedPack()
        let black = try #require(row(markdown, section: "## Waits by ethnic group", label: "Black or Black British"))
        let asian = try #require(row(markdown, section: "## Waits by ethnic group", label: "Asian or Asian British"))
        let white = try #require(row(markdown, section: "## Waits by ethnic group", label: "White"))
        #expect(black.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) == "*")
        #expect(asian.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) == "*")
        #expect(white.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) == "20")
        // The same in the gaps table, and the combined minority row hides its count.
        let gapAsian = try #require(row(markdown, section: "### Ethnicity (reference", label: "Asian or Asian British"))
        #expect(gapAsian.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) == "*")
        let combined = try #require(row(markdown, section: "### Ethnicity (reference", label: "Mixed, Asian, Black and Other combined"))
        #expect(combined.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) == "*")
    }
}

@Suite struct HTMLPackTests {
    @Test func theHTMLPackIsWellFormedSelfContainedAndHasNoIdentifiers() throws {
        let directory = scratchDirectory()
        let census = try ExtractIngest.read(
            files: [BoardPackTests.fixture], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        let pack = BoardPack(census: census, run: RunInfo(version: "test", imdSource: "test"))
        let html = pack.html
        // Parsed as XML (the pack is written as XHTML-compatible HTML), doctype aside.
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(html.components(separatedBy: "<svg ").count - 1 == pack.charts.count)
        #expect(!html.contains("<!--chart:"))
        #expect(!html.contains("src=\"charts/"))
        #expect(html.contains("<strong>"))
        let extract = try String(contentsOfFile: BoardPackTests.fixture, encoding: .utf8)
        for line in extract.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if !fields[0].isEmpty { #expect(!html.contains(String(fields[0]))) }
        }
        #expect(!html.contains("9434765919"))
    }

    @Test func inlineMarksBecomeHTMLAndALoneStarStays() {
        #expect(
            MarkdownWriter.inline("**4.9** (4.4 to 5.4) `code` *words* and *")
                == "<strong>4.9</strong> (4.4 to 5.4) <code>code</code> <em>words</em> and *")
    }
}
