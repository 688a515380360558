import WaitgapCore

/// Every figure the pack prints, one per line, as a BI team loads it (`--tables-csv`): taken
/// from the pack's own tables as they were written, after disclosure control, so that the CSV
/// says exactly what the pack says. Schema `waitgap-tables` version 1, in `docs/tables-csv.md`.
public enum TidyTables {
    /// The header line's columns.
    public static let columns = [
        "schema_version", "census_date", "waitgap_version", "section", "table", "dimension", "group", "reference", "slice", "row",
        "measure", "value", "lower", "upper", "shown", "patients", "suppressed", "bold",
    ]

    /// One figure.
    public struct Figure: Sendable, Equatable {
        public var section: String
        public var table: String
        /// The registry's codes of what the figure is of, when the table says: the dimension, the
        /// row's group, the dimension's reference group, and the part of the list.
        public var dimension = ""
        public var group = ""
        public var reference = ""
        public var slice = ""
        public var row: String
        public var measure: String
        /// The number as the pack prints it ("4.9", "56.5" for 56.5%, "24,450" as 24450); nil
        /// when suppressed or not shown.
        public var value: String?
        public var lower: String?
        public var upper: String?
        /// The cell exactly as printed.
        public var shown: String
        /// The row's patients as printed (its "Patients" column), when the table has one.
        public var patients: String?
        /// Whether the cell is `*`: suppressed for disclosure.
        public var suppressed: Bool
        /// Whether the pack prints it in bold (a finding).
        public var bold: Bool
    }

    /// The figures of written tables: every cell but the row's label, icons and blanks.
    static func figures(_ tables: [MarkdownWriter.Table]) -> [Figure] {
        var figures: [Figure] = []
        for table in tables {
            let patientsColumn = table.header.firstIndex { $0 == "Patients" }
            for (number, row) in table.rows.enumerated() {
                guard let label = row.first else { continue }
                let of = number < table.context.rows.count ? table.context.rows[number] : ("", "")
                for (index, cell) in row.enumerated().dropFirst() where index < table.header.count {
                    let trimmed = cell.trimmingSpaces
                    if trimmed.isEmpty || trimmed == "–" || trimmed.hasPrefix("![") { continue }
                    var figure = Figure(
                        section: table.section, table: table.heading, row: plain(label), measure: table.header[index], value: nil,
                        lower: nil, upper: nil, shown: trimmed, patients: patientsColumn.flatMap { $0 < row.count ? row[$0] : nil },
                        suppressed: trimmed == "*", bold: trimmed.hasPrefix("**"))
                    figure.dimension = table.context.dimension
                    figure.reference = table.context.reference
                    if number < table.context.rowDimensions.count {
                        (figure.dimension, figure.reference) = table.context.rowDimensions[number]
                    }
                    (figure.group, figure.slice) = of
                    if !figure.suppressed { (figure.value, figure.lower, figure.upper) = numbers(trimmed) }
                    figures.append(figure)
                }
            }
        }
        return figures
    }

    /// The value and interval of a cell: `**4.9** (4.4 to 5.4)`, `32.3 (27.8–36.8)`, `56.5%`,
    /// `24,450`, `5.2% (5.0–5.4)`, `410 / 370` (the first number), `reference`.
    static func numbers(_ cell: String) -> (String?, String?, String?) {
        let text = cell.replacingOccurrences(of: "**", with: "")
        var found: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text + " " {
            let startsNegative = character == "-" && (previous == " " || previous == "(")
            if character.isNumber || character == "." || (character == "," && !current.isEmpty) || (startsNegative && current.isEmpty) {
                current.append(character)
            } else {
                if current.contains(where: \.isNumber) { found.append(current.replacingOccurrences(of: ",", with: "")) }
                current = ""
            }
            previous = character
        }
        guard let value = found.first else { return (nil, nil, nil) }
        let bracketed = text.contains("(") && found.count >= 3
        return (value, bracketed ? found[1] : nil, bracketed ? found[2] : nil)
    }

    /// The CSV text: a header line, then one line per figure.
    static func csv(_ figures: [Figure], censusDate: String, version: String) -> String {
        var text = columns.joined(separator: ",") + "\n"
        for figure in figures {
            let fields: [String] = [
                "1", censusDate, version, figure.section, figure.table, figure.dimension, figure.group, figure.reference, figure.slice,
                figure.row, figure.measure, figure.value ?? "", figure.lower ?? "", figure.upper ?? "", figure.shown, figure.patients ?? "",
                figure.suppressed ? "true" : "false", figure.bold ? "true" : "false",
            ]
            text += fields.map(quoted).joined(separator: ",") + "\n"
        }
        return text
    }

    /// A field quoted when it holds a comma, a quote or a line break; a leading `=`, `+`, `-` or
    /// `@` that is not a number is prefixed with `'`, so a spreadsheet never runs it as a formula.
    static func quoted(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@".contains(first), Double(field) == nil { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A label without Markdown marks.
    static func plain(_ label: String) -> String {
        label.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "\\", with: "")
    }
}

extension BoardPack {
    /// Every figure the pack prints (`--tables-csv`), as CSV.
    public var tablesCSV: String {
        let charts = self.charts
        let tables = render(charts: charts, html: false).tables
        return TidyTables.csv(TidyTables.figures(tables), censusDate: census.censusDate?.description ?? "", version: run.version)
    }

    /// Every figure the pack prints, as values (for tests and the summary).
    public var figures: [TidyTables.Figure] { TidyTables.figures(render(charts: charts, html: false).tables) }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
