import Foundation
import Testing
import WaitgapTestSupport

/// Every string that reaches a pack from outside waitgap (the trust name, extract values shown in
/// data quality, header names, file names, option paths) stays text: it cannot add a heading, a
/// rule, a table row, emphasis, a link or an HTML element to the Markdown, to the HTML pack, or to
/// pandoc's conversion of the Markdown.
@Suite(.serialized) struct EscapingTests {
    static let hostile = [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "# Heading", "| a | b |", "---", "**bold**",
        "[link](javascript:alert(1))", "`code` <b>", "a\\|b", "x_y_z", "&lt;script&gt;",
    ]

    /// An extract whose coded columns hold hostile values, 12 rows each (so data quality shows
    /// them), and whose header has a hostile near miss.
    func extract(in directory: String) throws -> String {
        var text = "pathway_id,rtt_period_start_date,census_date,ethnic_category,sex,priority,\"ethnic_catgory<script>\"\n"
        var row = 0
        for value in Self.hostile {
            let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            for _ in 0..<12 {
                text += "P\(row),2026-0\(1 + row % 9)-1\(row % 10),2026-10-31,\(row % 3 == 0 ? quoted : "A"),\(quoted),\(quoted),x\n"
                row += 1
            }
        }
        for _ in 0..<400 {
            text += "P\(row),2026-0\(1 + row % 9)-1\(row % 10),2026-10-31,A,1,P2,x\n"
            row += 1
        }
        let path = directory + "/hostile *file* [x].csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The Markdown with code spans and backslash escapes removed: what is left is what a
    /// Markdown reader interprets.
    func interpreted(_ markdown: String) -> String {
        var result = ""
        var inCode = false
        var escaped = false
        for character in markdown {
            if escaped {
                escaped = false
                result.append("_")
                continue
            }
            if character == "\\" && !inCode {
                escaped = true
                continue
            }
            if character == "`" {
                inCode.toggle()
                continue
            }
            if !inCode { result.append(character) }
        }
        return result
    }

    @Test func hostileValuesStayTextInMarkdownHTMLAndPandoc() throws {
        let directory = scratchDirectory()
        let path = try extract(in: directory)
        let trust = "Evil <script>alert(1)</script> | # Trust *x*\n## injected"
        let markdownRun = try runWaitgap([
            "analyse", path, "--out", directory + "/md", "--no-history", "--trust-name", trust, "--allow-unusable", "ethnic_category",
        ])
        #expect(markdownRun.exitCode == 0, "\(markdownRun.standardError)")
        let htmlRun = try runWaitgap([
            "analyse", path, "--out", directory + "/html", "--no-history", "--trust-name", trust, "--format", "html",
            "--allow-unusable", "ethnic_category",
        ])
        #expect(htmlRun.exitCode == 0, "\(htmlRun.standardError)")
        let markdown = try String(contentsOfFile: directory + "/md/board-pack-2026-10-31.md", encoding: .utf8)
        let html = try String(contentsOfFile: directory + "/html/board-pack-2026-10-31.html", encoding: .utf8)
        // The hostile values are shown (12 rows each), as text.
        #expect(markdown.contains("`<script>alert(1)</script>`"))

        // Markdown: no element, heading, rule, link or emphasis of the values' making.
        let live = interpreted(markdown)
        #expect(!live.contains("<script") && !live.contains("<img") && !live.contains("<b>"))
        #expect(!live.contains("](javascript"))
        for line in live.split(separator: "\n") {
            #expect(!line.hasPrefix("## injected") && !line.hasPrefix("# Heading") && line != "---")
        }
        // Every table row has as many cells as its table's header.
        var columns: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = interpreted(String(line)).filter { $0 == "|" }.count
            if let columns { #expect(cells == columns, "\(line)") } else { columns = cells }
        }

        // HTML: the only elements are the pack's own.
        for pattern in ["<script", "<img src=x", "<b>", "href=\"javascript"] {
            #expect(!html.lowercased().contains(pattern), "\(pattern)")
        }

        // pandoc's conversion of the Markdown.
        let pandoc = Process()
        pandoc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pandoc.arguments = ["pandoc", "--from", "markdown", "--to", "html", directory + "/md/board-pack-2026-10-31.md"]
        let output = Pipe()
        pandoc.standardOutput = output
        pandoc.standardError = FileHandle.nullDevice
        try pandoc.run()
        let converted = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).lowercased()
        pandoc.waitUntilExit()
        #expect(pandoc.terminationStatus == 0, "pandoc is needed for this test: make deps installs it")
        for pattern in ["<script", "<img src=x", "<b>", "href=\"javascript", "<h2 id=\"injected"] {
            #expect(!converted.contains(pattern), "pandoc: \(pattern)")
        }
    }
}
