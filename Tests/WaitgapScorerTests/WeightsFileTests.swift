import Foundation
import Testing
import WaitgapCore
import WaitgapScorer

@Suite struct WeightsFileTests {
    /// The defaults as `--dump-weights` prints them, with one edit.
    func dumped(replacing old: String, with new: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let text = String(decoding: try encoder.encode(ScoringWeights.default), as: UTF8.self)
        #expect(text.contains(old))
        return Data(text.replacingOccurrences(of: old, with: new).utf8)
    }

    func problem(_ data: Data) -> ScoringWeights.Problem? {
        do {
            _ = try WeightsFile.decode(data)
            return nil
        } catch {
            return error
        }
    }

    func line(of needle: String, in data: Data) -> Int {
        let text = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return 1 + text.firstIndex { $0.contains(needle) }!
    }

    @Test func theDumpedDefaultsReadBackAsTheDefaults() throws {
        #expect(try WeightsFile.decode(dumped(replacing: "\"version\"", with: "\"version\"")) == .default)
    }

    @Test func aValueOfTheWrongTypeNamesItsLineNotTheNoteOfTheSameName() throws {
        // `notes` holds a key "waitPointsPerTarget" earlier in the file than the setting itself.
        let data = try dumped(replacing: "\"waitPointsPerTarget\" : 10", with: "\"waitPointsPerTarget\" : \"ten\"")
        let found = problem(data)
        #expect(found?.line == line(of: "\"ten\"", in: data))
        #expect(found?.description.hasPrefix("line \(line(of: "\"ten\"", in: data)): 'waitPointsPerTarget'") == true)
    }

    @Test func anOutOfRangeValueNamesItsLine() throws {
        let data = try dumped(replacing: "\"P3\" : 12", with: "\"P3\" : 0")
        #expect(problem(data)?.line == line(of: "\"P3\" : 0", in: data))
        let decile = try dumped(replacing: "\"10\" : 0", with: "\"11\" : 0")
        #expect(problem(decile)?.line == line(of: "\"11\" : 0", in: decile))
        #expect(problem(decile)?.message.contains("not a decile") == true)
    }

    @Test func aColumnFactorProblemNamesTheLineOfItsElement() throws {
        let data = try dumped(
            replacing: "\"columns\" : [\n\n  ]",
            with: """
                "columns" : [
                    { "column" : "smoker", "codePoints" : { "Y" : 2 }, "unknownPoints" : 0 },
                    { "column" : "bmi", "unknownPoints" : 0 }
                  ]
                """)
        #expect(problem(data)?.line == line(of: "\"bmi\"", in: data))
        #expect(
            WeightsFile.line(of: ["columns", "1", "column"], in: String(decoding: data, as: UTF8.self)) == line(of: "\"bmi\"", in: data))
    }

    @Test func jsonThatDoesNotParseNamesItsLine() {
        let data = Data("{\n  \"version\": 1,\n  \"tierTargetWeeks\": { \"P2\": 4,\n     \"P3\": x }\n}\n".utf8)
        #expect(problem(data)?.line == 4)
    }

    @Test func mangledFilesAreRefusedWithALineInsideTheFileNeverACrash() throws {
        // Property: 300 seeded mutations of the dumped defaults (bytes replaced, deleted or
        // doubled) either decode or fail with a problem whose line is in the file.
        let original = Array(try dumped(replacing: "\"version\"", with: "\"version\""))
        let lines = original.filter { $0 == UInt8(ascii: "\n") }.count + 1
        var random = SplitMix64(seed: 0x5EED)
        func next(_ bound: Int) -> Int { random.below(bound) }
        let alphabet = Array("{}[]\":,0123456789-.e xP\n".utf8)
        var (refused, located) = (0, 0)
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<(1 + next(3)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(bytes[at], at: at)
                }
            }
            guard let found = problem(Data(bytes)) else { continue }
            refused += 1
            if found.line == nil { Issue.record("no line: \(found)") }
            if let line = found.line {
                #expect((1...lines + 1).contains(line))
                located += 1
            }
        }
        // Every refusal names a line, and most mutations break the file: the property is checked, not skipped.
        #expect(located == refused)
        #expect(refused > 100, "only \(refused) of 300 mangled files were refused")
    }
}
