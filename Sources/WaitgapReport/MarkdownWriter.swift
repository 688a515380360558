/// Builds the pack as Markdown and, from the same calls, as HTML: headings, paragraphs, bullet
/// lists, pipe tables, and the inline marks the pack uses (`**bold**`, `*italic*`, `` `code` ``,
/// chart images).
/// Text from outside waitgap as literal Markdown (`MarkdownWriter.literal`), for documents
/// written outside this module (the scorer's summary).
public func markdownLiteral(_ text: String) -> String { MarkdownWriter.literal(text) }

/// Text for inside a Markdown code span that it cannot close (`MarkdownWriter.code`).
public func markdownCode(_ text: String) -> String { MarkdownWriter.code(text) }

struct MarkdownWriter {
    private(set) var text = ""
    private(set) var html = ""
    /// Whether the HTML is built too (not for a Markdown-only pack or the tidy CSV: it is most of
    /// the rendering's cost).
    var buildsHTML = true

    init(buildsHTML: Bool = true) { self.buildsHTML = buildsHTML }

    /// What a table's figures are of, for the tidy CSV: the dimension and its reference group,
    /// and each row's group and part of the list (codes).
    struct TableContext {
        var dimension = ""
        var reference = ""
        /// Each row's group code and slice code; rows beyond are of neither.
        var rows: [(group: String, slice: String)] = []
        /// Each row's own dimension and reference, when they differ row by row (page one).
        var rowDimensions: [(dimension: String, reference: String)] = []
    }

    /// A table as written, under the headings it sits in: what the tidy CSV is made of.
    struct Table {
        var context = TableContext()
        /// The section (level 2 heading) and the table's own heading (level 3), when there is one.
        var section: String
        var heading: String
        var header: [String]
        var rows: [[String]]
    }

    /// Every table written, in order.
    private(set) var tables: [Table] = []
    private var headings: [Int: String] = [:]

    mutating func heading(_ level: Int, _ title: String) {
        headings[level] = title
        for deeper in (level + 1)...6 { headings[deeper] = nil }
        separate()
        text += String(repeating: "#", count: level) + " " + title + "\n"
        guard buildsHTML else { return }
        html += "<h\(level)>\(Self.inline(title))</h\(level)>\n"
    }

    mutating func paragraph(_ body: String) {
        separate()
        text += body + "\n"
        guard buildsHTML else { return }
        if let (alt, target) = Self.image(body) {
            // Replaced by the chart itself when the HTML document is assembled.
            html += "<figure><!--chart:\(target)--><figcaption>\(Self.escape(alt))</figcaption></figure>\n"
        } else {
            html += "<p>\(Self.inline(body))</p>\n"
        }
    }

    mutating func bullets(_ items: [String]) {
        separate()
        for item in items { text += "- " + item + "\n" }
        guard buildsHTML else { return }
        html += "<ul>\n" + items.map { "<li>\(Self.inline($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A pipe table; cells have `|` escaped.
    mutating func table(header: [String], rows: [[String]], rightAligned: Set<Int> = [], context: TableContext = TableContext()) {
        tables.append(Table(context: context, section: headings[2] ?? "", heading: headings[3] ?? "", header: header, rows: rows))
        separate()
        text += "| " + header.map(escapePipes).joined(separator: " | ") + " |\n"
        text += "|" + header.indices.map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.map(escapePipes).joined(separator: " | ") + " |\n" }
        guard buildsHTML else { return }
        func cell(_ tag: String, _ index: Int, _ content: String) -> String {
            let align = rightAligned.contains(index) ? " class=\"number\"" : ""
            // A cell that is one image (an icon) holds it, replaced by the SVG when the HTML
            // document is assembled.
            if let (alt, target) = Self.image(content) {
                return "<\(tag)\(align)><span class=\"icon\" title=\"\(Self.escape(alt))\"><!--chart:\(target)--></span></\(tag)>"
            }
            return "<\(tag)\(align)>\(Self.inline(content))</\(tag)>"
        }
        html += "<table>\n<thead><tr>" + header.enumerated().map { cell("th", $0, $1) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { html += "<tr>" + row.enumerated().map { cell("td", $0, $1) }.joined() + "</tr>\n" }
        html += "</tbody>\n</table>\n"
    }

    private mutating func separate() {
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
    }

    private func escapePipes(_ cell: String) -> String {
        var result = ""
        for character in cell { if character == "|" { result += "\\|" } else { result.append(character) } }
        return result
    }

    /// `![alt](target)` alone in a paragraph.
    static func image(_ body: String) -> (String, String)? {
        guard body.hasPrefix("!["), body.hasSuffix(")"), let middle = body.range(of: "](") else { return nil }
        let alt = String(body[body.index(body.startIndex, offsetBy: 2)..<middle.lowerBound])
        let target = String(body[middle.upperBound..<body.index(before: body.endIndex)])
        return (alt, target)
    }

    /// Text for inside a code span: backticks and line breaks replaced, so an extract's file or
    /// header name cannot end the span.
    static func code(_ text: String) -> String {
        String(text.map { $0 == "`" ? "'" : ($0.isNewline || $0 == "\t" ? " " : $0) })
    }

    /// Text from outside waitgap (a trust name, a path, a value) as literal Markdown: every ASCII
    /// punctuation character that Markdown or HTML gives a meaning is backslash-escaped, and line
    /// breaks become spaces, so it cannot open a heading, a list, a table cell, emphasis, a link
    /// or an HTML tag. `inline` undoes the escapes when it writes HTML.
    static func literal(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isNewline || character == "\t" {
                result.append(" ")
            } else if let ascii = character.asciiValue, Self.markdownPunctuation.contains(ascii) {
                result.append("\\")
                result.append(character)
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The ASCII punctuation that means something mid-line in Markdown (pandoc's, CommonMark's)
    /// or HTML: emphasis, code, links, tags, entities, table cells, strike-out, super- and
    /// subscript, maths, citations, attributes. (Line breaks are gone, so no line-start mark can
    /// occur.) A backslash escapes each of them in both dialects.
    private static let markdownPunctuation = Set("\\`*_{}[]<>|&~^$@".utf8)

    /// Private-use characters stand for escaped punctuation while `inline` finds the marks.
    private static let escapeBase: UInt32 = 0xF780

    static func escape(_ text: String) -> String {
        // Most of the pack's text has nothing to escape: checked byte by byte, not character by character.
        guard
            text.utf8.contains(where: {
                $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
            })
        else { return text }
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Escapes text and turns the pack's inline marks into HTML: `code` first (its content is
    /// literal), then **bold**, then *italic*.
    static func inline(_ text: String) -> String {
        // Backslash escapes first: an escaped character is literal, never a mark. Most of the
        // pack's text has none.
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return marks(text) }
        var protected = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "\\" else {
                protected.append(character)
                continue
            }
            guard let next = characters.next() else {
                protected.append(character)
                break
            }
            if let ascii = next.asciiValue, markdownPunctuation.contains(ascii),
                let stand = Unicode.Scalar(escapeBase + UInt32(ascii))
            {
                protected.unicodeScalars.append(stand)
            } else {
                protected.append(character)
                protected.append(next)
            }
        }
        return restore(marks(protected))
    }

    /// Puts the escaped characters back, escaped for HTML.
    private static func restore(_ html: String) -> String {
        var result = ""
        for scalar in html.unicodeScalars {
            if scalar.value >= escapeBase && scalar.value < escapeBase + 128 {
                result += escape(String(UnicodeScalar(UInt8(scalar.value - escapeBase))))
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The pack's inline marks as HTML.
    private static func marks(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "`")) else { return emphasis(escape(text)) }
        var result = ""
        var rest = Substring(text)
        while let tick = rest.firstIndex(of: "`") {
            result += emphasis(escape(String(rest[..<tick])))
            let after = rest[rest.index(after: tick)...]
            guard let close = after.firstIndex(of: "`") else {
                rest = rest[tick...]
                break
            }
            result += "<code>\(escape(String(after[..<close])))</code>"
            rest = after[after.index(after: close)...]
        }
        return result + emphasis(escape(String(rest)))
    }

    private static func emphasis(_ text: String) -> String {
        // A table of counts is mostly cells without a mark, or a lone `*` for a suppressed count.
        guard text.utf8.lazy.filter({ $0 == UInt8(ascii: "*") }).count >= 2 else { return text }
        return replacePairs(
            replacePairs(text, marker: "**", open: "<strong>", close: "</strong>"), marker: "*", open: "<em>", close: "</em>")
    }

    /// Replaces paired markers; an unpaired one (such as a lone `*` for a suppressed count) stays.
    private static func replacePairs(_ text: String, marker: String, open: String, close: String) -> String {
        let parts = text.components(separatedBy: marker)
        guard parts.count >= 3 else { return text }
        var result = parts[0]
        var index = 1
        while index < parts.count {
            if index + 1 < parts.count, !parts[index].isEmpty, !parts[index].hasPrefix(" ") {
                result += open + parts[index] + close + parts[index + 1]
                index += 2
            } else {
                result += marker + parts[index]
                index += 1
            }
        }
        return result
    }
}
