/// Appends the integers of stored census layout 3: unsigned LEB128 varints (7 bits a byte, low
/// first, the high bit set on every byte but the last), zig-zag signed ones, and length-prefixed
/// strings and sections.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// An unsigned varint.
    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A non-negative integer as a varint.
    mutating func varint(_ value: Int) {
        precondition(value >= 0, "a varint must not be negative")
        varint(UInt64(value))
    }

    /// A signed integer, zig-zag coded (0, −1, 1, −2, … as 0, 1, 2, 3, …) then as a varint.
    mutating func signed(_ value: Int) { varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))) }

    /// A UTF-8 string: its length in bytes, then the bytes.
    mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        varint(utf8.count)
        bytes += utf8
    }

    /// Raw bytes.
    mutating func append(_ raw: [UInt8]) { bytes += raw }

    /// A section: its length in bytes, then what `body` writes.
    mutating func section(_ body: (inout ByteWriter) throws -> Void) rethrows {
        var inner = ByteWriter()
        try body(&inner)
        varint(inner.bytes.count)
        bytes += inner.bytes
    }
}

/// Damage found reading stored census layout 3: the bytes are not what waitgap wrote.
public struct CensusDamageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where.
    public var message: String
    public var description: String { message }
}

/// Reads what `ByteWriter` writes, refusing (never trapping on) truncated or impossible bytes.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position == end }

    static func damage(_ what: String) -> CensusDamageError { CensusDamageError(message: what) }

    /// An unsigned varint of at most 10 bytes.
    @inline(__always)
    mutating func varint() throws(CensusDamageError) -> UInt64 {
        guard position < end else { throw Self.damage("truncated") }
        let first = bytes[position]
        position += 1
        if first < 0x80 { return UInt64(first) }
        var value = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard position < end, shift < 64 else { throw Self.damage("truncated or overlong integer") }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A varint that must be at most `limit`.
    @inline(__always)
    mutating func int(atMost limit: Int = Int.max) throws(CensusDamageError) -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw Self.damage("a value of \(value) where at most \(limit) can be") }
        return Int(value)
    }

    /// A zig-zag signed varint.
    mutating func signed() throws(CensusDamageError) -> Int {
        let value = try varint()
        return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
    }

    /// A string of at most `limit` bytes.
    mutating func string(atMost limit: Int = 1_000) throws(CensusDamageError) -> String {
        let count = try int(atMost: limit)
        guard end - position >= count else { throw Self.damage("truncated string") }
        defer { position += count }
        return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
    }

    /// A section: a reader over its bytes, this reader moved past them.
    mutating func section() throws(CensusDamageError) -> ByteReader {
        let count = try varint()
        guard count <= UInt64(end - position) else { throw Self.damage("truncated section") }
        defer { position += Int(count) }
        return ByteReader(bytes, from: position, to: position + Int(count))
    }

    /// The next `count` bytes.
    mutating func raw(_ count: Int) throws(CensusDamageError) -> ArraySlice<UInt8> {
        guard end - position >= count else { throw Self.damage("truncated") }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// The bytes from here to the end.
    mutating func rest() -> ArraySlice<UInt8> {
        defer { position = end }
        return bytes[position..<end]
    }

    /// Fails unless every byte was read.
    func expectEnd(_ what: String) throws(CensusDamageError) {
        guard isAtEnd else { throw Self.damage("\(end - position) bytes left over in \(what)") }
    }
}
