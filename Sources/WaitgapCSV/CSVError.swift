/// A problem that stops a file from being read at all (as opposed to one bad record).
public enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file is UTF-16 or UTF-32; extracts must be UTF-8.
    case unsupportedEncoding(path: String, encoding: String)
    /// The file has no header row.
    case empty(path: String)
    /// The header row itself is malformed.
    case malformedHeader(path: String, message: String)
    /// The file ends its lines with bare carriage returns (classic Mac), which are not supported.
    case carriageReturnLineEnds(path: String)
    /// libcsv ran out of memory.
    case outOfMemory(path: String)

    /// The path of the file concerned.
    public var path: String {
        switch self {
        case .cannotRead(let path, _), .unsupportedEncoding(let path, _), .empty(let path),
            .malformedHeader(let path, _), .carriageReturnLineEnds(let path), .outOfMemory(let path):
            return path
        }
    }

    /// True for I/O failures (exit 74) rather than data problems (exit 65).
    public var isInputOutput: Bool {
        if case .cannotRead = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "\(path): cannot read: \(reason)"
        case .unsupportedEncoding(let path, let encoding):
            return "\(path): the file is \(encoding); save it as UTF-8 (with or without a byte-order mark)"
        case .empty(let path): return "\(path): the file is empty (no header row)"
        case .malformedHeader(let path, let message): return "\(path): row 1 (header): \(message)"
        case .carriageReturnLineEnds(let path):
            return "\(path): lines end with bare carriage returns (old Mac format); convert line ends to LF or CRLF"
        case .outOfMemory(let path): return "\(path): out of memory while parsing"
        }
    }
}
