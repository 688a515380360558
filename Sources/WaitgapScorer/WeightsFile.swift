import Foundation

/// Reads a weights file, and says on which line any problem is.
public enum WeightsFile {
    /// Decodes and validates weights from a JSON file's bytes.
    /// - Throws: `ScoringWeights.Problem` with its line: JSON that does not parse, a setting
    ///   missing or of the wrong type, or a value out of range.
    public static func decode(_ data: Data) throws(ScoringWeights.Problem) -> ScoringWeights {
        let text = String(decoding: data, as: UTF8.self)
        do {
            _ = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Foundation says "… around character N." (counted from 0), or for a number too large
            // "Number X is not representable in Swift.": either way, find it and give its line.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            let words = detail.split(separator: " ")
            let bytes = Array(text.utf8)
            var offset = words.last.flatMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }
            if offset == nil, words.first == "Number", words.count > 1 {
                offset = text.range(of: String(words[1])).map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) }
            }
            throw ScoringWeights.Problem(message: "not valid JSON (\(detail))", line: offset.map { lineNumber(at: $0, in: bytes) })
        }
        let weights: ScoringWeights
        do {
            weights = try JSONDecoder().decode(ScoringWeights.self, from: data)
        } catch let error as DecodingError {
            var problem = describe(error)
            problem.line = line(of: problem.keyPath, in: text)
            throw problem
        } catch {
            throw ScoringWeights.Problem(message: "\(error)")
        }
        do {
            try weights.validate()
        } catch {
            var problem = error
            problem.line = line(of: problem.keyPath, in: text)
            throw problem
        }
        return weights
    }

    private static func describe(_ error: DecodingError) -> ScoringWeights.Problem {
        func path(_ keys: [any CodingKey]) -> [String] { keys.map { $0.intValue.map(String.init) ?? $0.stringValue } }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return .init(message: "missing setting '\((parent + [key.stringValue]).joined(separator: "."))'", keyPath: parent)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let keys = path(context.codingPath)
            return .init(message: "'\(keys.joined(separator: "."))': \(context.debugDescription)", keyPath: keys)
        @unknown default:
            return .init(message: "\(error)")
        }
    }

    /// The line (1-based) where a key path's last part is written. The text is scanned once for
    /// object keys and array elements, each with the container it is in; each part of the path
    /// is then looked for only inside the value of the part before it, so a key of the same name
    /// elsewhere (in `notes`, say) is never mistaken for the setting.
    public static func line(of keyPath: [String], in text: String) -> Int? {
        struct Token {
            var offset: Int
            var parent: Int
            /// The key, or nil for an object opening (an array element).
            var key: String?
            /// For an object opening, its own container number.
            var container: Int
        }
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var openings: [(offset: Int, container: Int)] = []
        var stack: [Int] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let container = openings.count
                if bytes[index] == UInt8(ascii: "{") {
                    tokens.append(Token(offset: index, parent: stack.last ?? -1, key: nil, container: container))
                }
                openings.append((index, container))
                stack.append(container)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                var after = index + 1
                while after < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                    let key = String(decoding: bytes[(start + 1)..<min(index, bytes.count)], as: UTF8.self)
                    tokens.append(Token(offset: start, parent: stack.last ?? -1, key: key, container: -1))
                }
            default: break
            }
            index += 1
        }
        // A setting missing from the top level is reported at the object it is missing from.
        var found = keyPath.isEmpty ? tokens.first { $0.key == nil }?.offset : nil
        var container = 0
        for part in keyPath {
            // A key first (deciles are keys that look like numbers), else an array element.
            if let key = tokens.first(where: { $0.parent == container && $0.key == part }) {
                found = key.offset
                // The key's value, if it is an object or array, is the next container opened.
                container = openings.first { $0.offset > key.offset }?.container ?? -2
            } else if let element = Int(part),
                let object = tokens.filter({ $0.parent == container && $0.key == nil }).dropFirst(element).first
            {
                found = object.offset
                container = object.container
            } else {
                break
            }
        }
        return found.map { lineNumber(at: $0, in: bytes) }
    }

    private static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
