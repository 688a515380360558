import Foundation
import Testing
import WaitgapTestSupport

/// `--format pdf`: the HTML pack printed to A4 by headless Chromium, the board summary as page
/// one, a footer on every page; and, without Chromium, exit 69 after the other formats. Needs
/// chromium and poppler-utils (`make deps`, `.ci/run`): without them this test fails.
@Suite struct PDFPackTests {
    func poppler(_ tool: String, _ arguments: [String]) throws -> String { try runTool(tool, arguments).output }

    @Test func thePDFIsA4WithTheBoardSummaryAlonePageOneAndAFooter() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "3000", "--deciles", "--out", directory + "/x.csv"])
        let run = try runWaitgap([
            "analyse", directory + "/x.csv", "--out", directory + "/Reports", "--no-history", "--format", "md,pdf", "--trust-name",
            "Example \"NHS\" Trust",
        ])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let pdf = directory + "/Reports/board-pack-2026-10-31.pdf"
        #expect(run.standardOutput.contains("board pack: \(pdf)"))
        #expect(FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-10-31.md"))
        let info = try poppler("pdfinfo", [pdf])
        #expect(info.contains("(A4)"), "\(info)")
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect(pages > 2)
        let first = try poppler("pdftotext", ["-f", "1", "-l", "1", pdf, "-"])
        #expect(first.contains("Board summary") && !first.contains("Appendix"))
        #expect(first.contains("Example NHS Trust · census 2026-10-31 · page 1 of \(pages)"), "\(first)")
        let second = try poppler("pdftotext", ["-f", "2", "-l", "2", pdf, "-"])
        #expect(second.hasPrefix("Appendix: the figures behind the summary"))
        // No temporary file is left beside the pack.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory + "/Reports").filter { $0.hasPrefix(".waitgap-print") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func withoutChromiumTheOtherFormatsAreWrittenAndTheRunExits69() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "500", "--deciles", "--out", directory + "/x.csv"])
        let run = try runWaitgap(
            ["analyse", directory + "/x.csv", "--out", directory + "/Reports", "--no-history", "--format", "md,pdf"],
            environment: ["WAITGAP_CHROMIUM": directory + "/no-such-chromium"])
        #expect(run.exitCode == 69)
        #expect(run.standardError.split(separator: "\n").last?.contains("apt-get install chromium") == true, "\(run.standardError)")
        #expect(FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-10-31.md"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/Reports/board-pack-2026-10-31.pdf"))
        let bad = try runWaitgap(["analyse", directory + "/x.csv", "--out", directory + "/R", "--format", "md,docs"])
        #expect(bad.exitCode == 64)
    }
}

/// `--format docx`: Word through pandoc, charts as PNG; opened by LibreOffice (headless, to PDF)
/// no cell's number or word is broken across lines, and the charts show. Needs pandoc,
/// librsvg2-bin, libreoffice-writer and poppler-utils (`make deps`, `.ci/run`).
@Suite struct DOCXPackTests {
    func run(_ tool: String, _ arguments: [String], in folder: String? = nil) throws -> String {
        try runTool(tool, arguments, in: folder).output
    }

    @Test func theDOCXOpensWithWholeWordsAndNumbersAndItsCharts() throws {
        let directory = scratchDirectory()
        _ = try runWaitgap(["sample", "--rows", "20000", "--deciles", "--out", directory + "/x.csv"])
        let analysed = try runWaitgap([
            "analyse", directory + "/x.csv", "--out", directory + "/Reports", "--no-history", "--format", "md,docx",
        ])
        #expect(analysed.exitCode == 0, "\(analysed.standardError)")
        let docx = directory + "/Reports/board-pack-2026-10-31.docx"
        #expect(FileManager.default.fileExists(atPath: docx))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory + "/Reports").filter { $0.hasPrefix(".waitgap-docx") }
        #expect(left.isEmpty)
        _ = try run("soffice", ["--headless", "--convert-to", "pdf", "--outdir", directory, docx], in: directory)
        let pdf = directory + "/board-pack-2026-10-31.pdf"
        let info = try run("pdfinfo", [pdf])
        #expect(info.contains("A4"), "\(info)")
        let images = try run("pdfimages", ["-list", pdf]).split(separator: "\n").dropFirst(2).filter { $0.contains("image") }
        #expect(images.count >= 6, "the charts: \(images.count) images")
        // Every number with a thousands separator, and every word of four letters or more, in the
        // pack's tables is whole somewhere in the text LibreOffice laid out.
        let markdown = try String(contentsOfFile: directory + "/Reports/board-pack-2026-10-31.md", encoding: .utf8)
        let text = try run("pdftotext", [pdf, "-"])
        let laidOut = Set(text.split { !$0.isLetter && !$0.isNumber && $0 != "," }.map(String.init))
        let cells = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.contains("---") }.flatMap {
            $0.split(separator: "|")
        }
        var tokens = Set<String>()
        for cell in cells where !cell.contains("![") {
            for token in cell.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "," }) {
                let word = token.trimmingCharacters(in: CharacterSet(charactersIn: ","))
                if word.count >= 4, word.allSatisfy(\.isLetter) || (word.contains(",") && word.allSatisfy { $0.isNumber || $0 == "," }) {
                    tokens.insert(word)
                }
            }
        }
        #expect(tokens.count > 50)
        let broken = tokens.filter { !laidOut.contains($0) }.sorted()
        #expect(broken.isEmpty, "broken across lines: \(broken.prefix(20))")
    }
}
