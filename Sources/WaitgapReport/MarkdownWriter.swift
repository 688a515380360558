/// Builds Markdown text: headings, paragraphs, bullet lists and pipe tables.
struct MarkdownWriter {
    private(set) var text = ""

    mutating func heading(_ level: Int, _ title: String) {
        separate()
        text += String(repeating: "#", count: level) + " " + title + "\n"
    }

    mutating func paragraph(_ body: String) {
        separate()
        text += body + "\n"
    }

    mutating func bullets(_ items: [String]) {
        separate()
        for item in items { text += "- " + item + "\n" }
    }

    /// A pipe table; cells have `|` escaped.
    mutating func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        separate()
        text += "| " + header.map(escape).joined(separator: " | ") + " |\n"
        text += "|" + header.indices.map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
        for row in rows { text += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
    }

    private mutating func separate() {
        if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
    }

    private func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
