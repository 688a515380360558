/// One well-formed record: a borrowed view of its fields and its position.
///
/// The field bytes live in the reader's reused arena and are valid only during the call
/// that hands the record over; copy what you keep. No `String` is made unless asked for.
public struct CSVRecord {
    @usableFromInline let bytes: UnsafePointer<UInt8>
    /// Each field's start and end offset from `bytes`, in pairs.
    @usableFromInline let bounds: UnsafePointer<Int>
    /// The number of fields.
    public let count: Int
    /// Where the record stands in its file.
    public let position: Position

    @inlinable init(bytes: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, count: Int, position: Position) {
        self.bytes = bytes
        self.bounds = bounds
        self.count = count
        self.position = position
    }

    /// The bytes of field `index` (0-based), exactly as the file holds them after unquoting.
    /// - Complexity: O(1).
    @inlinable public subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = bounds[2 &* index]
        return UnsafeBufferPointer(start: bytes + start, count: bounds[2 &* index &+ 1] &- start)
    }

    /// Whether every field is empty or only spaces and tabs, as the trailing rows `,,,,` that
    /// spreadsheets write are: such a row is no row of data.
    /// - Complexity: O(bytes) at worst; a row whose first field holds a value is answered at once.
    @inlinable public var isBlank: Bool {
        for index in 0..<count {
            for byte in self[index] where byte != 0x20 && byte != 0x09 { return false }
        }
        return true
    }

    /// Field `index` as a `String` (invalid UTF-8 repaired). Allocates: use for values you keep.
    public func string(at index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// Field `index` as text: UTF-8 when it is valid UTF-8, else read as Windows-1252 (as Excel
    /// saves CSV on Windows). Allocates.
    public func text(at index: Int) -> String { Windows1252.text(self[index]) }
}
