/// Small byte-level parsers for field values, so that decoding a row makes no `String`.
///
/// Code, number and date decoders ignore spaces and tabs around a value (INPUT.md): the reader
/// keeps them as data, and each decoder trims for itself.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes without leading and trailing spaces and tabs.
    @inlinable public var trimmed: UnsafeBufferPointer<UInt8> {
        guard let base = baseAddress, count > 0 else { return self }
        var start = 0
        var end = count
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// The value as a non-negative decimal integer, or nil if it holds anything but 1–9 digits.
    @inlinable public var decimalValue: Int? {
        guard count > 0, count <= 9 else { return nil }
        var value = 0
        for byte in self {
            let digit = Int(byte) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value &* 10 &+ digit
        }
        return value
    }

    /// Whether the bytes equal an ASCII string, ignoring case.
    @inlinable public func equalsIgnoringCase(_ ascii: StaticString) -> Bool {
        guard count == ascii.utf8CodeUnitCount else { return false }
        let other = ascii.utf8Start
        for index in 0..<count where self[index] | 0x20 != other[index] | 0x20 {
            return false
        }
        return true
    }

    /// The bytes as text, for values that are kept or reported (invalid UTF-8 repaired).
    public var text: String { String(decoding: self, as: UTF8.self) }
}
