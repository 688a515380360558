/// Builds the pack as Markdown and, from the same calls, as HTML: headings, paragraphs, bullet
/// lists, pipe tables, and the inline marks the pack uses (`**bold**`, `*italic*`, `` `code` ``,
/// chart images).
struct MarkdownWriter {
    private(set) var text = ""
    private(set) var html = ""

    mutating func heading(_ level: Int, _ title: String) {
        separate()
        text += String(repeating: "#", count: level) + " " + title + "\n"
        html += "<h\(level)>\(Self.inline(title))</h\(level)>\n"
    }

    mutating func paragraph(_ body: String) {
        separate()
        text += body + "\n"
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
        html += "<ul>\n" + items.map { "<li>\(Self.inline($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// A pipe table; cells have `|` escaped.
    mutating func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        separate()
        text += "| " + header.map(escapePipes).joined(separator: " | ") + " |\n"
        text += "|" + header.indices.map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.map(escapePipes).joined(separator: " | ") + " |\n" }
        func cell(_ tag: String, _ index: Int, _ content: String) -> String {
            let align = rightAligned.contains(index) ? " class=\"number\"" : ""
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
        String(text.map { $0 == "`" ? "'" : ($0.isNewline ? " " : $0) })
    }

    static func escape(_ text: String) -> String {
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
        replacePairs(replacePairs(text, marker: "**", open: "<strong>", close: "</strong>"), marker: "*", open: "<em>", close: "</em>")
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
