import Foundation
import Testing
import WaitgapCSV
import WaitgapTestSupport

/// The public CSV conformance suites in `Fixtures/conformance/` (copied with their licences and
/// provenance from the project's shared data). waitgap's policy where a suite allows a choice:
/// strict quoting (a malformed record is quarantined, never guessed), spaces are data, blank
/// lines are skipped and counted, CR-only line ends and UTF-16/32 are refused.
@Suite struct ConformanceTests {
    static let root = fixturePath("Fixtures/conformance", in: .module)

    // MARK: csv-spectrum (max-mapper/csv-spectrum, BSD-2-Clause)

    static let spectrumCases = [
        "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines", "newlines_crlf",
        "quotes_and_newlines", "simple", "simple_crlf", "utf8",
    ]

    @Test(arguments: spectrumCases)
    func csvSpectrumCaseReadsAsPublished(name: String) throws {
        let result = try readAll(path: "\(Self.root)/csv-spectrum/csvs/\(name).csv")
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.root)/csv-spectrum/json/\(name).json"))
        let expected = try JSONSerialization.jsonObject(with: data) as! [[String: String]]
        let header = try #require(result.header)
        let actual = result.records.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(actual == expected)
        #expect(result.malformed.isEmpty)
    }

    @Test func csvSpectrumLocationCoordinatesHasABareQuoteThatIsQuarantined() throws {
        // PROVENANCE.md: a known upstream defect, a bare quote inside an unquoted field.
        let result = try readAll(path: "\(Self.root)/csv-spectrum/csvs/location_coordinates.csv")
        #expect(result.malformed.map(\.reason) == [.malformedQuote])
    }

    // MARK: FastCSV's declarative spec (osiegmar/FastCSV, MIT)

    /// Checks whose expectation differs from waitgap's documented policy, with what waitgap does.
    static let policyDeviations: Set<String> = [
        // A line of nothing but spaces or tabs is a blank line to waitgap (skipped and counted,
        // INPUT.md), where the spec keeps it as a record of one field of spaces.
        "spaces-unquoted-1", "skip-empty-lines-2",
        // Without skipEmptyLines the spec keeps an empty line as a record of one empty field.
        "line-breaks-3",
    ]

    @Test func fastCSVSpecChecksPassForLFAndCRLF() throws {
        let files = [
            "different-field-count", "empty-file", "escape-quotation", "line-breaks-within-fields", "line-breaks",
            "open-quotation", "quotation", "single-line", "skip-empty-lines", "spaces-around-quotes",
            "spaces-unquoted", "trailing-field-separator", "comments-none",
        ]
        var checked = 0
        for file in files {
            let spec = try FastCSVSpec(path: "\(Self.root)/fastcsv-spec/spec/\(file).yaml")
            for check in spec.checks {
                for lineEnd in ["\n", "\r\n"] {
                    for space in [" ", "\t"] {
                        let input = check.input.expanding(lineEnd: lineEnd, space: space)
                        let expected = check.records.map { $0.map { $0.expanding(lineEnd: lineEnd, space: space) } }
                        let result = try readAll(Array(input.utf8), hasHeader: false)
                        if Self.policyDeviations.contains(check.id) {
                            #expect(result.blankLines > 0, "\(check.id): the documented deviation no longer holds")
                            continue
                        }
                        if spec.exceptionAllowed && !result.malformed.isEmpty {
                            checked += 1
                            continue
                        }
                        #expect(result.records == expected, "\(check.id) with \(lineEnd.debugDescription): \(input.debugDescription)")
                        #expect(result.malformed.isEmpty, "\(check.id): \(result.malformed.map(\.message))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 150)
    }

    @Test func byteOrderMarksAreStrippedOrRefused() throws {
        let bom = "\(Self.root)/fastcsv-spec/bom/"
        for name in ["utf8_bom.csv", "utf8_nobom.csv"] {
            let result = try readAll(path: bom + name)
            #expect(result.header == ["foo", "üÜß"], "\(name)")
            #expect(result.records == [["123", "456"]], "\(name)")
        }
        for name in ["utf16be_bom.csv", "utf16le_bom.csv", "utf32be_bom.csv", "utf32le_bom.csv"] {
            #expect(throws: CSVError.self, "\(name)") { try readAll(path: bom + name) }
        }
    }
}

/// Just enough YAML for FastCSV's spec files: `settings`, and `checks` with `id`, `input` and
/// `records` written as flow sequences of quoted strings.
struct FastCSVSpec {
    struct Check {
        var id = ""
        var input = ""
        var records: [[String]] = []
    }

    var exceptionAllowed = false
    var checks: [Check] = []

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var inRecords = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("exceptionAllowed: true") { exceptionAllowed = true }
            if line.hasPrefix("- id: ") {
                checks.append(Check(id: String(line.dropFirst(6))))
                inRecords = false
            } else if line.hasPrefix("input: ") {
                checks[checks.count - 1].input = Self.scalar(String(line.dropFirst(7)))
            } else if line.hasPrefix("records:") {
                inRecords = true
                if line.contains("[]") { inRecords = false }
            } else if inRecords, line.hasPrefix("- [") {
                checks[checks.count - 1].records.append(Self.flowSequence(String(line.dropFirst(2))))
            } else if !line.hasPrefix("- [") {
                inRecords = false
            }
        }
    }

    /// A single- or double-quoted YAML scalar.
    static func scalar(_ text: String) -> String {
        var characters = Array(text.trimmingCharacters(in: .whitespaces))
        guard let quote = characters.first, quote == "'" || quote == "\"" else { return String(characters) }
        characters.removeFirst()
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == quote {
                if quote == "'" && index + 1 < characters.count && characters[index + 1] == "'" {
                    result.append("'")
                    index += 2
                    continue
                }
                break
            }
            if quote == "\"" && character == "\\" && index + 1 < characters.count {
                let next = characters[index + 1]
                result.append(next == "n" ? "\n" : next == "t" ? "\t" : next)
                index += 2
                continue
            }
            result.append(character)
            index += 1
        }
        return result
    }

    /// `[ 'A', 'B' ]`.
    static func flowSequence(_ text: String) -> [String] {
        var items: [String] = []
        var characters = Array(text.trimmingCharacters(in: .whitespaces).dropFirst().dropLast())
        while !characters.isEmpty {
            while let first = characters.first, first == " " || first == "," { characters.removeFirst() }
            guard let quote = characters.first else { break }
            var item = ""
            var index = 1
            while index < characters.count {
                if characters[index] == quote {
                    if quote == "'" && index + 1 < characters.count && characters[index + 1] == "'" {
                        item.append("'")
                        index += 2
                        continue
                    }
                    break
                }
                item.append(characters[index])
                index += 1
            }
            items.append(item)
            characters.removeFirst(min(index + 1, characters.count))
        }
        return items
    }
}

extension String {
    /// The spec's placeholders replaced: ␊ LF, ␍ CR, ␤ CRLF, ⏎ the variant's line end, ␠ its space.
    func expanding(lineEnd: String, space: String) -> String {
        replacingOccurrences(of: "␤", with: "\r\n").replacingOccurrences(of: "␊", with: "\n")
            .replacingOccurrences(of: "␍", with: "\r").replacingOccurrences(of: "⏎", with: lineEnd)
            .replacingOccurrences(of: "␠", with: space)
    }
}
