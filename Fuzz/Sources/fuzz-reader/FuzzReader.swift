import WaitgapCSV
import WaitgapCore

/// libFuzzer entry point: reads the input as an extract, twice (default limits, and tiny ones
/// that force the record-limit and replay paths), decodes every record, and checks the
/// reader's invariants. A violated invariant traps, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for dialect in [CSVDialect(), CSVDialect(maxRecordBytes: 1024, maxRecordLines: 3), CSVDialect(delimiter: UInt8(ascii: "\t"))] {
        check(bytes, dialect: dialect)
    }
    return 0
}

private func check(_ bytes: [UInt8], dialect: CSVDialect) {
    let reader = CSVReader(bytes: bytes, dialect: dialect)
    guard let header = try? reader.readHeader() else { return }
    let mapping = try? ColumnMapping(header: header, censusDateGiven: true)
    var decoder = mapping.map {
        RowDecoder(mapping: $0, options: DecodingOptions(censusDate: Day(year: 2026, month: 3, day: 31)))
    }
    var quality = DataQuality()
    var lastRow = 1
    var records = 0
    var malformed = 0
    do {
        try reader.forEachRecord { record in
            precondition(record.count == header.count, "a well-formed record has the header's field count")
            precondition(record.position.row > lastRow, "rows increase")
            precondition(record.position.row <= record.position.line, "every row takes at least one line")
            precondition(record.position.lastLine >= record.position.line, "a record ends at or after its first line")
            precondition(record.position.byteOffset < bytes.count, "offsets lie inside the input")
            lastRow = record.position.row
            records += 1
            _ = decoder?.decode(record, quality: &quality)
        } onMalformed: { bad in
            precondition(bad.position.row > lastRow, "rows increase")
            precondition(bad.raw.count <= max(dialect.maxRecordBytes, 1024) + 1024, "raw text is bounded")
            lastRow = bad.position.row
            malformed += 1
        }
    } catch {
        // A whole-file error (encoding) is a clean refusal, not a crash.
        return
    }
    precondition(records == reader.recordsRead && malformed == reader.malformedRecords, "every record counted once")
}
