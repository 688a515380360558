import Foundation
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapSample
import WaitgapTestSupport

@testable import WaitgapReport

/// Page one as a board member gets it: printed on A4, on one page, by a real browser
/// (Chromium headless, as the PDF format uses), and measured with poppler's pdfinfo. Both are
/// installed by `make deps` and `.ci/run`; without them this test fails, never skips.
@Suite struct PageOneTests {
    static func tool(_ name: String) -> String? {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        return nil
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) { try runTool(tool, arguments) }

    /// Three months of a generated list, so that every measure has a value, changes and icons.
    static func pack(in directory: String) throws -> BoardPack {
        var censuses: [Census] = []
        for (month, day) in [(8, 31), (9, 30), (10, 31)] {
            let options = SampleOptions(rows: 20_000, seed: UInt64(month), censusDate: Day(year: 2026, month: month, day: day)!)
            var generator = SampleGenerator(options: options)
            var bytes: [UInt8] = []
            _ = generator.write { bytes += $0 }
            let path = directory + "/month-\(month).csv"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            censuses.append(
                try ExtractIngest.read(files: [path], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory)))
        }
        var run = RunInfo(trustName: "Example NHS Foundation Trust", version: "test", imdSource: "imd_decile column")
        run.history = MonthOnMonth(censuses: censuses)
        return BoardPack(census: censuses.last!, run: run)
    }

    @Test func theBoardSummaryPrintsOnOneA4Page() throws {
        let chromium = try #require(Self.tool("chromium") ?? Self.tool("chromium-browser"), "install chromium (make deps)")
        let pdfinfo = try #require(Self.tool("pdfinfo"), "install poppler-utils (make deps)")
        let directory = scratchDirectory("page-one")
        let pack = try Self.pack(in: directory)
        #expect(pack.findings.measures.count == 28)
        #expect(pack.findings.measures.allSatisfy { $0.series?.changeSinceLastMonth != nil })
        let html = directory + "/summary.html"
        try pack.boardSummaryHTML.write(toFile: html, atomically: true, encoding: .utf8)
        let pdf = directory + "/summary.pdf"
        let printed = try Self.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf)",
                URL(fileURLWithPath: html).absoluteString,
            ])
        #expect(printed.status == 0)
        let info = try Self.run(pdfinfo, [pdf])
        #expect(info.status == 0)
        let pages = info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }
        #expect(pages?.split(separator: " ").last == "1", "\(info.output)")
        let size = info.output.split(separator: "\n").first { $0.hasPrefix("Page size:") } ?? ""
        #expect(size.hasSuffix("(A4)"), "\(size)")
    }
}
