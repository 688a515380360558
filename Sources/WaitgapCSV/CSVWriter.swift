/// Appends CSV records to a byte buffer, quoting fields only where RFC 4180 needs it.
public struct CSVWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// The delimiter written between fields.
    public let delimiter: UInt8
    private var fieldsInRecord = 0

    /// Creates a writer.
    public init(delimiter: UInt8 = UInt8(ascii: ","), reservingCapacity capacity: Int = 1 << 16) {
        self.delimiter = delimiter
        bytes.reserveCapacity(capacity)
    }

    /// Appends one field, quoted if it holds the delimiter, a quote, CR or LF (quotes doubled).
    /// Spaces are data, so a field with spaces at its ends is written as it is.
    public mutating func field<Bytes: Collection<UInt8>>(_ value: Bytes) {
        // One generic call per field, then a byte loop the compiler can see through.
        if value.withContiguousStorageIfAvailable({ field($0) }) == nil { Array(value).withUnsafeBufferPointer { field($0) } }
    }

    /// Appends one field from contiguous bytes (see `field(_:)` for quoting).
    public mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        if fieldsInRecord > 0 { bytes.append(delimiter) }
        fieldsInRecord += 1
        let needsQuotes = value.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            bytes.append(contentsOf: value)
            return
        }
        bytes.append(0x22)
        for byte in value {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }

    /// Appends bytes exactly as given, with no quoting and no delimiter: for deliberately
    /// malformed records in test extracts. The bytes should end the record themselves.
    public mutating func appendRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
        fieldsInRecord = 0
    }

    /// Appends one text field.
    public mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { field($0) }
    }

    /// Ends the current record with LF.
    public mutating func endRecord() {
        bytes.append(0x0A)
        fieldsInRecord = 0
    }

    /// Appends a whole record.
    public mutating func record(_ fields: [String]) {
        for value in fields { field(value) }
        endRecord()
    }

    /// Empties the buffer, keeping its capacity (after the bytes were written out).
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
