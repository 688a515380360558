import Foundation
import WaitgapCSV

/// Everything a reader produced, copied out for assertions.
public struct ReadResult: Equatable {
    /// Well-formed records' fields.
    public var records: [[String]] = []
    /// Their positions.
    public var positions: [Position] = []
    /// Malformed records.
    public var malformed: [MalformedRecord] = []
    /// Blank lines skipped.
    public var blankLines = 0
    /// The header.
    public var header: [String]?
}

/// Reads bytes with a fresh reader and copies out all it produced.
public func readAll(_ bytes: [UInt8], dialect: CSVDialect = CSVDialect(), hasHeader: Bool = true) throws -> ReadResult {
    try collect(CSVReader(bytes: bytes, dialect: dialect, hasHeader: hasHeader), hasHeader: hasHeader)
}

/// Reads a file with a fresh reader and copies out all it produced.
public func readAll(path: String, dialect: CSVDialect? = nil) throws -> ReadResult {
    try collect(CSVReader(path: path, dialect: dialect), hasHeader: true)
}

private func collect(_ reader: CSVReader, hasHeader: Bool) throws -> ReadResult {
    var result = ReadResult()
    try reader.forEachRecord { record in
        result.records.append((0..<record.count).map { record.string(at: $0) })
        result.positions.append(record.position)
    } onMalformed: {
        result.malformed.append($0)
    }
    result.blankLines = reader.blankLines
    result.header = hasHeader ? reader.header : nil
    return result
}

/// The path of a resource copied into a test bundle.
public func fixturePath(_ name: String, in bundle: Bundle) -> String {
    bundle.resourceURL!.appendingPathComponent(name).path
}

/// A fresh scratch folder for one test (xsv's `Workdir`).
public func scratchDirectory(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "waitgap-tests/\(safe)-\(UUID().uuidString.prefix(8))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
