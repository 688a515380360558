import WaitgapCore

extension BoardPack {
    /// The Markdown pandoc turns into the DOCX pack: the pack's own, with charts as PNG files
    /// (`charts/<name>.png`, which Word and LibreOffice both show), icons sized to a table row,
    /// and each table's separator line weighted by its columns' longest text, so that pandoc
    /// gives each column a width that fits it and no word is broken across lines.
    public func docxMarkdown(_ markdown: String) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("| "), index + 1 < lines.count,
                lines[index + 1].hasPrefix("| ---") || lines[index + 1].hasPrefix("|---")
            else {
                index += 1
                continue
            }
            var end = index + 2
            while end < lines.count, lines[end].hasPrefix("|") { end += 1 }
            let header = Self.cells(lines[index])
            let body = lines[(index + 2)..<end].map(Self.cells)
            let alignments = Self.cells(lines[index + 1])
            // A column is as wide as its longest unbreakable token (a number, a word) needs, and
            // wide enough that its text wraps in a few lines: the label column most.
            let weights = alignments.indices.map { column -> Int in
                let texts = (body.map { column < $0.count ? $0[column] : "" } + [column < header.count ? header[column] : ""])
                let token = texts.flatMap { Self.visibleText($0).split(separator: " ").map(\.count) }.max() ?? 3
                let longest = body.map { column < $0.count ? Self.visibleText($0[column]).count : 0 }.max() ?? 3
                return column == 0 ? min(max(longest, token + 2, 8), 36) : min(max(token + 2, min(longest, 16), 4), 40)
            }
            // Weights, not characters: pandoc makes columns relative to these dash counts when a
            // line is longer than its --columns.
            let separator = alignments.indices.map { column -> String in
                let dashes = String(repeating: "-", count: weights[column])
                return alignments[column].hasSuffix(":") ? " " + dashes.dropLast() + ": " : " " + dashes + " "
            }
            lines[index + 1] = "|" + separator.joined(separator: "|") + "|"
            index = end
        }
        var text = lines.joined(separator: "\n")
        // Icons: an inline image of the row's height; charts: the page's width.
        text = text.replacingOccurrences(of: ".svg)", with: ".png)")
        var sized = ""
        var rest = Substring(text)
        while let start = rest.range(of: "](charts/") {
            sized += rest[..<start.upperBound]
            rest = rest[start.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let name = rest[..<close]
            sized += name + ")" + (name.hasPrefix("mdc-") ? "{width=0.16in}" : "{width=6.3in}")
            rest = rest[rest.index(after: close)...]
        }
        return sized + rest
    }

    /// A pipe table row's cells, `\|` kept inside a cell.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: " "))
                current = ""
            } else {
                current.append(character)
            }
        }
        return cells
    }

    /// A cell's text as read: without bold marks; an image (an icon) as a short word.
    static func visibleText(_ cell: String) -> String {
        if cell.hasPrefix("![") { return "icon" }
        return cell.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
