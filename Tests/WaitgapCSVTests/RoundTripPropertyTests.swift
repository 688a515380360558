import Testing
import WaitgapCSV
import WaitgapTestSupport

/// Random well-formed CSV must read back exactly: fields with spaces and tabs at their edges
/// (data, never trimmed), quotes, delimiters and line breaks, under LF and CRLF. This guards
/// the reader's per-line choice between libcsv's built-in space test and "spaces are data".
@Suite struct RoundTripPropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test(arguments: 1...60)
    func randomRecordsReadBackExactly(seed: Int) throws {
        var random = Generator(state: UInt64(seed))
        let alphabet = Array("ab ,\"\t\nx  \t")
        let columns = 1 + random.next(5)
        var records: [[String]] = []
        for _ in 0..<(1 + random.next(60)) {
            var record: [String] = []
            for _ in 0..<columns {
                record.append(String((0..<random.next(7)).map { _ in alphabet[random.next(alphabet.count)] }))
            }
            // A lone field of nothing but spaces would be a blank line, and an empty one nothing.
            if columns == 1 && record[0].allSatisfy({ $0 == " " || $0 == "\t" }) { record[0] = "z" + record[0] }
            records.append(record)
        }
        for lineEnd in ["\n", "\r\n"] {
            var text = (0..<columns).map { "h\($0)" }.joined(separator: ",") + lineEnd
            for record in records {
                text +=
                    record.map { field in
                        let mustQuote = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                        guard mustQuote || random.next(4) == 0 else { return field }
                        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    }.joined(separator: ",") + lineEnd
            }
            let result = try readAll(Array(text.utf8))
            #expect(result.malformed.isEmpty, "seed \(seed): \(result.malformed.map(\.message))")
            #expect(result.records == records, "seed \(seed) \(lineEnd.debugDescription)")
        }
    }

    @Test func aSpaceAfterAClosingQuoteIsStillMalformed() throws {
        // Default libcsv would trim it and accept the record; strict "spaces are data" must not.
        let result = try readAll(Array("a,b\n\"x\" ,y\n1,2\n".utf8))
        #expect(result.malformed.map(\.reason) == [.malformedQuote])
        #expect(result.records == [["1", "2"]])
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        for character in self {
            if String(character) == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
