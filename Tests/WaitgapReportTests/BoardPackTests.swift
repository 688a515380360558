import Foundation
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapTestSupport

@Suite struct BoardPackTests {
    static let fixture = fixturePath("Fixtures/small-extract.csv", in: .module)

    func pack(threshold: Int = 7) throws -> BoardPack {
        let directory = scratchDirectory()
        let census = try ExtractIngest.read(files: [Self.fixture], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        return BoardPack(
            census: census,
            run: RunInfo(trustName: "Example NHS Foundation Trust", version: "test", imdSource: "imd_decile column of the extract", quarantineFile: "quarantine-2026-03-31.csv"),
            disclosure: DisclosurePolicy(threshold: threshold))
    }

    @Test func thePackOfAFixedFixtureMatchesItsGoldenFile() throws {
        assertSnapshot(try pack().markdown, named: "small-extract.md")
    }

    @Test func thePackShowsTheAccountingLineAndNamesTheFileByCensus() throws {
        let pack = try pack()
        #expect(pack.fileName == "board-pack-2026-03-31.md")
        #expect(pack.markdown.contains("`rows in 63 = analysed 60 + quarantined 3`"))
    }

    @Test func smallCountsAreStarsAndTheirStatisticsHidden() throws {
        // Learning disability Y: rows 0, 12, 24, 36, 48 → 5 patients.
        let markdown = try pack().markdown
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| Learning disability |") })
        #expect(row == "| Learning disability | * | * | * | * | * | * | * | * | * |")
        let stricter = try pack(threshold: 10).markdown
        #expect(stricter.contains("counts from 1 to 10 are shown as `*`"))
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
