import CLibCSV

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming, strict CSV reader over libcsv that reports every record with its position and
/// carries on past malformed ones.
///
/// The reader reads fixed-size chunks (1 MiB), finds each line end with `memchr` and feeds
/// libcsv one physical line per `csv_parse` call, which gives every record an exact row, line
/// and byte offset (libcsv reports none itself). Field bytes are copied into one reused arena;
/// no `String` is made per field. A line that holds one record with nothing for libcsv to
/// decide (plain fields, or quoted ones with no line break, CR or NUL) is split by the reader
/// itself and handed over in place (`splitPlainLine`): libcsv reads every other line. Quoting is strict (RFC 4180): a malformed record is reported
/// through `onMalformed` and the next record is read as if it had not happened. When a quote
/// opened on an earlier line swallows later lines, only the line that opened it is reported and
/// the lines after it are read again ("replayed"), so nothing after a fault is lost.
///
/// Spaces are data (libcsv's trimming is switched off); a UTF-8 byte-order mark is skipped;
/// UTF-16 and UTF-32 files are refused. Blank lines are skipped and counted, and advance the row
/// number so that rows match a spreadsheet.
///
/// The reader is a class because it has a lifetime: it owns the parser, its buffers and the file
/// descriptor, and frees them in `deinit`. It is single-pass and not `Sendable`: use one per file
/// and per task.
///
/// - Complexity: memory is O(chunk + largest record), bounded by `CSVDialect.maxRecordBytes`,
///   whatever the number of rows.
public final class CSVReader {
    /// The path read, as given (used in messages).
    public let path: String
    /// The dialect in use: once the header is read, with the delimiter detection chose.
    public private(set) var dialect: CSVDialect
    /// Whether the delimiter was detected from the header line (not given or implied by the name).
    public private(set) var delimiterWasDetected = false
    /// Whether every byte read so far is valid UTF-8 (false: the file is probably Windows-1252,
    /// as Excel saves CSV on Windows).
    public private(set) var isValidUTF8 = true
    /// Whether the input is a regular file (false for standard input, a pipe or a FIFO): only a
    /// regular file may be read again or in parts.
    public let isRegularFile: Bool
    /// The header's fields, once read.
    @exclusivity(unchecked) public private(set) var header: [String]?
    /// Blank lines skipped so far.
    public private(set) var blankLines = 0
    /// Well-formed data records handed over so far.
    @exclusivity(unchecked) public private(set) var recordsRead = 0
    /// Malformed data records reported so far.
    public private(set) var malformedRecords = 0
    /// The file's size in bytes, when known (for progress).
    public let size: Int?

    private var source: Source
    private let parser: UnsafeMutablePointer<csv_parser>
    private let state: UnsafeMutablePointer<ParseState>
    private let options: UInt8 = UInt8(CSV_STRICT | CSV_STRICT_FINI)

    private var buffer: UnsafeMutablePointer<UInt8>
    private var bufferCapacity: Int
    @exclusivity(unchecked) private var bufferStart = 0
    @exclusivity(unchecked) private var bufferEnd = 0
    @exclusivity(unchecked) private var bufferFileOffset = 0
    private var atEndOfInput = false
    private var started = false

    @exclusivity(unchecked) private var lineNumber = 0
    @exclusivity(unchecked) private var nextRow = 1

    /// The record being read: where it began and, if it spans lines, its lines so far.
    @exclusivity(unchecked) private var recordOpen = false
    @exclusivity(unchecked) private var recordRow = 0
    @exclusivity(unchecked) private var recordLine = 0
    @exclusivity(unchecked) private var recordOffset = 0
    @exclusivity(unchecked) private var recordHasNUL = false
    private var openFieldOnFirstLine = 1
    @exclusivity(unchecked) private var recordLines: [SavedLine] = []
    private var recordLinesBytes = 0
    /// Lines to read again after a runaway quote, before any new input.
    @exclusivity(unchecked) private var pending: [SavedLine] = []
    @exclusivity(unchecked) private var pendingIndex = 0

    private static let chunkSize = 1 << 20

    /// Whether the input (or the byte range) ended inside a record: for a range that is not the
    /// end of the file, this means the range was cut inside a quoted field.
    public private(set) var endedInsideRecord = false

    private var endsBeforeFile = false
    /// The file offset up to which bytes were checked as UTF-8.
    private var utf8CheckedOffset = 0

    /// Opens a file for reading; `-` is standard input.
    /// - Parameters:
    ///   - path: the file to read, or `-` for standard input (read once, sequentially).
    ///   - dialect: delimiter, quote and limits; by default inferred from the file's name.
    ///   - range: read only these bytes. A range that starts after 0 must start at a line start,
    ///     and `header` gives the header it belongs to; its rows and lines are then numbered
    ///     from 1 relative to the range start (byte offsets stay absolute). A range that ends
    ///     before the file does stops there without flushing an open record
    ///     (`endedInsideRecord`).
    ///   - header: the header of a range that does not hold it.
    /// - Throws: `CSVError.cannotRead` if the file cannot be opened.
    public convenience init(
        path: String, dialect: CSVDialect? = nil, range: Range<Int>? = nil, header: [String]? = nil
    ) throws(CSVError) {
        let descriptor = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        let isRegular = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let size = isRegular ? Int(info.st_size) : nil
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .cannotRead(path: path, reason: "it is a directory")
        }
        var source = Source.file(descriptor)
        if let range {
            guard isRegular else {
                close(descriptor)
                throw .cannotRead(path: path, reason: "only a regular file can be read in parts")
            }
            guard lseek(descriptor, off_t(range.lowerBound), SEEK_SET) >= 0 else {
                close(descriptor)
                throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            source.remaining = range.count
        }
        self.init(
            path: path, source: source, size: range?.count ?? size, dialect: dialect ?? .inferred(fromPath: path), isRegularFile: isRegular)
        if let range {
            bufferFileOffset = range.lowerBound
            started = range.lowerBound > 0
            endsBeforeFile = size.map { range.upperBound < $0 } ?? true
        }
        if let header { self.header = header }
    }

    /// Reads from bytes in memory (tests and fuzzing), as if they were a file named `name`.
    /// - Parameter hasHeader: false to hand over every record, row 1 included, with no field
    ///   count check (raw conformance tests).
    public convenience init(bytes: [UInt8], name: String = "<memory>", dialect: CSVDialect = CSVDialect(), hasHeader: Bool = true) {
        self.init(path: name, source: .memory(bytes), size: bytes.count, dialect: dialect, isRegularFile: false)
        if !hasHeader {
            header = []
            checksFieldCount = false
        }
    }

    private var checksFieldCount = true

    /// Whether a line with no quote, NUL or stray carriage return is split here rather than fed to
    /// libcsv (`splitPlainLine`). Internal: the differential tests read the same bytes both ways.
    var splitsPlainLines = true
    /// Lines split here so far (for the tests that show the split is used).
    private(set) var linesSplitHere = 0

    private init(path: String, source: Source, size: Int?, dialect: CSVDialect, isRegularFile: Bool) {
        self.path = path
        self.source = source
        self.size = size
        self.dialect = dialect
        self.isRegularFile = isRegularFile
        bufferCapacity = Self.chunkSize
        buffer = .allocate(capacity: bufferCapacity)
        parser = .allocate(capacity: 1)
        csv_init(parser, options)
        csv_set_delim(parser, dialect.delimiter)
        csv_set_quote(parser, dialect.quote)
        // Spaces are data (INPUT.md): libcsv trims spaces and tabs unless told otherwise.
        csv_set_space_func(parser, waitgap_csv_no_space)
        // The field buffer grows linearly by this step; 64 KiB keeps long fields cheap.
        csv_set_blk_size(parser, 64 << 10)
        state = .allocate(capacity: 1)
        state.initialize(to: ParseState())
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        state.pointee.release()
        state.deinitialize(count: 1)
        state.deallocate()
        buffer.deallocate()
        if case .file(let descriptor) = source.kind { close(descriptor) }
    }

    /// Rows consumed so far, header and blank lines included (the last row number used).
    public var rowsConsumed: Int { nextRow - 1 }
    /// Physical lines consumed so far.
    public var linesConsumed: Int { lineNumber }

    /// The bytes consumed so far, for progress reports.
    public var bytesConsumed: Int { bufferFileOffset + bufferStart }

    /// Reads the header row (row 1), if it has not been read yet.
    /// - Returns: the header's fields, exactly as written (a byte-order mark removed).
    /// - Throws: `CSVError` if the file is empty, unreadable, not UTF-8, or its header malformed.
    @discardableResult
    public func readHeader() throws(CSVError) -> [String] {
        if let header { return header }
        var sink = HeaderOnlySink()
        do {
            while header == nil, try step(&sink) {}
        } catch let error as CSVError {
            throw error
        } catch {
            throw .malformedHeader(path: path, message: "\(error)")
        }
        guard let header else { throw .empty(path: path) }
        return header
    }

    /// Reads every remaining record, handing well-formed ones to `body` and malformed ones to
    /// `onMalformed`, in file order.
    /// - Parameters:
    ///   - body: called with each well-formed data record; its bytes are valid only during the call.
    ///   - onMalformed: called with each malformed record; reading then carries on.
    /// - Throws: `CSVError` for a file that cannot be read at all, or whatever the closures throw.
    /// - Complexity: O(n) time in the file's size; O(1) memory in its number of rows.
    public func forEachRecord(
        _ body: (CSVRecord) throws -> Void,
        onMalformed: (MalformedRecord) throws -> Void
    ) throws {
        try readHeader()
        try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(onMalformed) { onMalformed in
                var sink = ClosureSink(record: body, malformed: onMalformed)
                while try step(&sink) {}
            }
        }
    }

    // MARK: - Lines

    /// Processes one physical line, or finishes the input. Returns false when nothing is left.
    private func step<Sink: RecordSink>(_ sink: inout Sink) throws -> Bool {
        if pendingIndex < pending.count {
            let line = pending[pendingIndex]
            pendingIndex += 1
            if pendingIndex == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingIndex = 0
            }
            try line.bytes.withUnsafeBufferPointer { bytes in
                try feed(line: bytes, number: line.number, offset: line.offset, sink: &sink)
            }
            return true
        }
        while true {
            let available = bufferEnd - bufferStart
            if available > 0,
                let found = memchr(buffer + bufferStart, Int32(UInt8(ascii: "\n")), available)
            {
                let end = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
                let line = UnsafeBufferPointer(start: buffer + bufferStart, count: end - bufferStart)
                let offset = bufferFileOffset + bufferStart
                bufferStart = end
                lineNumber += 1
                try feed(line: line, number: lineNumber, offset: offset, sink: &sink)
                return true
            }
            if atEndOfInput {
                if available > 0 {
                    // The last line has no line end.
                    let line = UnsafeBufferPointer(start: buffer + bufferStart, count: available)
                    let offset = bufferFileOffset + bufferStart
                    bufferStart = bufferEnd
                    lineNumber += 1
                    try feed(line: line, number: lineNumber, offset: offset, sink: &sink)
                    return true
                }
                return try finish(sink: &sink)
            }
            try refill(sink: &sink)
        }
    }

    /// Reads more input, keeping the unfinished line at the front of the buffer.
    private func refill<Sink: RecordSink>(sink: inout Sink) throws {
        if bufferStart > 0 {
            let remaining = bufferEnd - bufferStart
            if remaining > 0 { memmove(buffer, buffer + bufferStart, remaining) }
            bufferFileOffset += bufferStart
            bufferStart = 0
            bufferEnd = remaining
        }
        if bufferEnd == bufferCapacity {
            // One line fills the whole buffer: grow while the record limit allows.
            if bufferCapacity < dialect.maxRecordBytes {
                let larger = min(bufferCapacity * 2, dialect.maxRecordBytes + Self.chunkSize)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
                grown.update(from: buffer, count: bufferEnd)
                buffer.deallocate()
                buffer = grown
                bufferCapacity = larger
            } else {
                try skipOversizedLine(sink: &sink)
                return
            }
        }
        var count = try source.read(into: buffer + bufferEnd, capacity: bufferCapacity - bufferEnd, path: path)
        if count == 0 { atEndOfInput = true }
        bufferEnd += count
        if !started {
            started = true
            // A pipe may deliver the header in pieces: detection needs its whole first line.
            while dialect.detectsDelimiter && count > 0 && bufferEnd < bufferCapacity
                && memchr(buffer, Int32(UInt8(ascii: "\n")), bufferEnd) == nil
            {
                count = try source.read(into: buffer + bufferEnd, capacity: bufferCapacity - bufferEnd, path: path)
                if count == 0 { atEndOfInput = true }
                bufferEnd += count
            }
            try checkEncoding()
            if dialect.detectsDelimiter { detectDelimiter() }
        }
        if isValidUTF8 { checkUTF8() }
    }

    /// Chooses the delimiter from the header line: the candidate found most often outside
    /// quotes (`CSVDialect.detectableDelimiters`); the dialect's own delimiter on a tie or when
    /// none appears.
    private func detectDelimiter() {
        let head = UnsafeBufferPointer(start: buffer + bufferStart, count: bufferEnd - bufferStart)
        var counts = [Int](repeating: 0, count: CSVDialect.detectableDelimiters.count)
        var quoted = false
        for byte in head {
            if byte == 0x0A { break }
            if byte == dialect.quote { quoted.toggle() }
            guard !quoted, let index = CSVDialect.detectableDelimiters.firstIndex(of: byte) else { continue }
            counts[index] += 1
        }
        let defaultIndex = CSVDialect.detectableDelimiters.firstIndex(of: dialect.delimiter)
        var best = defaultIndex
        for index in counts.indices where counts[index] > (best.map { counts[$0] } ?? 0) { best = index }
        if let best, counts[best] > 0, CSVDialect.detectableDelimiters[best] != dialect.delimiter {
            dialect.delimiter = CSVDialect.detectableDelimiters[best]
            csv_set_delim(parser, dialect.delimiter)
        }
        delimiterWasDetected = true
    }

    /// Checks the bytes not yet checked for UTF-8 validity: 32 bytes at a time while they
    /// are ASCII; a sequence cut by the buffer's end is checked after the next read.
    private func checkUTF8() {
        var index = max(utf8CheckedOffset - bufferFileOffset, 0)
        let end = bufferEnd
        defer { utf8CheckedOffset = bufferFileOffset + index }
        while index < end {
            // ASCII runs, 32 bytes at a time: one test of four words ORed together.
            while index + 32 <= end {
                let raw = UnsafeRawPointer(buffer + index)
                let words =
                    raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if words & 0x8080_8080_8080_8080 != 0 { break }
                index += 32
            }
            if index + 8 <= end {
                let word = UnsafeRawPointer(buffer + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default:
                isValidUTF8 = false
                return
            }
            if index + length > end {
                if atEndOfInput { isValidUTF8 = false }
                return
            }
            for offset in 1..<length where buffer[index + offset] & 0xC0 != 0x80 {
                isValidUTF8 = false
                return
            }
            // Overlong forms and surrogates.
            let second = buffer[index + 1]
            if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) || (lead == 0xF0 && second < 0x90)
                || (lead == 0xF4 && second > 0x8F)
            {
                isValidUTF8 = false
                return
            }
            index += length
        }
    }

    /// Refuses UTF-16 and UTF-32 and skips a UTF-8 byte-order mark (still counted in offsets).
    private func checkEncoding() throws(CSVError) {
        let head = UnsafeBufferPointer(start: buffer, count: bufferEnd)
        if head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE]) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-16")
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { bufferStart = 3 }
    }

    /// A single line longer than the record limit: report it and read on after its line end.
    private func skipOversizedLine<Sink: RecordSink>(sink: inout Sink) throws {
        let offset = bufferFileOffset
        let kept = Array(UnsafeBufferPointer(start: buffer, count: min(bufferEnd, 1 << 10)))
        var raw = recordLines.flatMap { $0.bytes }
        raw += kept
        lineNumber += 1
        let first = recordOpen ? recordLine : lineNumber
        let row = recordOpen ? recordRow : nextRow
        let startOffset = recordOpen ? recordOffset : offset
        var skipped = bufferEnd
        bufferStart = 0
        bufferEnd = 0
        while true {
            let count = try source.read(into: buffer, capacity: bufferCapacity, path: path)
            if count == 0 {
                atEndOfInput = true
                break
            }
            if let found = memchr(buffer, Int32(UInt8(ascii: "\n")), count) {
                let end = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
                bufferFileOffset = offset + skipped + end
                bufferStart = 0
                memmove(buffer, buffer + end, count - end)
                bufferEnd = count - end
                break
            }
            skipped += count
        }
        if atEndOfInput && bufferEnd == 0 { bufferFileOffset = offset + skipped }
        resetParser()
        endRecord()
        try report(
            MalformedRecord(
                position: Position(row: row, line: first, lastLine: lineNumber, byteOffset: startOffset),
                reason: .recordTooLarge, column: nil, byteColumn: nil,
                message: "the record is longer than the \(dialect.maxRecordBytes)-byte limit",
                raw: raw),
            sink: &sink)
    }

    // MARK: - Feeding libcsv

    /// Feeds one physical line (with its line end, if any) to libcsv and settles what it completed.
    private func feed<Sink: RecordSink>(
        line: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, sink: inout Sink
    ) throws {
        let base = line.baseAddress!
        if !recordOpen {
            if isBlank(line) {
                blankLines += 1
                nextRow += 1
                return
            }
            if splitsPlainLines, try splitPlainLine(line, number: number, offset: offset, sink: &sink) { return }
            recordOpen = true
            recordRow = nextRow
            recordLine = number
            recordOffset = offset
            recordHasNUL = false
            state.pointee.startRecord()
        }
        if memchr(base, 0, line.count) != nil { recordHasNUL = true }
        // libcsv asks its space predicate about every byte of an unquoted field; an indirect
        // call per byte costs ~14% of a run. Its built-in test (SP, TAB) trims, which changes
        // the parse only where a space touches a delimiter, a quote, a line end or another
        // space outside quotes: only such lines need the "spaces are data" predicate.
        let insideQuotes = parser.pointee.quoted != 0 && parser.pointee.pstate == 2
        // Set the field itself: csv_set_space_func ignores a NULL function.
        parser.pointee.is_space = spacesMatter(line, insideQuotes: insideQuotes) ? waitgap_csv_no_space : nil
        state.pointee.recordsEnded = 0
        let consumed = csv_parse(parser, base, line.count, onField, onRecordEnd, state)
        if state.pointee.outOfMemory || csv_error(parser) == CSV_ENOMEM {
            throw CSVError.outOfMemory(path: path)
        }
        if consumed < line.count {
            try parseFailed(line: line, number: number, offset: offset, at: consumed, sink: &sink)
            return
        }
        let ended = state.pointee.recordsEnded
        let betweenRecords = parser.pointee.pstate == 0
        if ended == 0 {
            // The record goes on: a quoted field holds a line break, or this is the last line.
            if recordLines.isEmpty { openFieldOnFirstLine = state.pointee.fieldCount + 1 }
            recordLines.append(SavedLine(bytes: Array(line), number: number, offset: offset))
            recordLinesBytes += line.count
            if recordLines.count > dialect.maxRecordLines || recordLinesBytes > dialect.maxRecordBytes {
                try unterminated(failedOn: number, current: nil, sink: &sink)
            }
            return
        }
        if ended == 1 && betweenRecords {
            try complete(lastLine: number, currentLine: line, sink: &sink)
            return
        }
        // Two records ended in one physical line: a bare CR inside an unquoted field.
        let raw = rawRecord(adding: line)
        let position = Position(row: recordRow, line: recordLine, lastLine: number, byteOffset: recordOffset)
        resetParser()
        endRecord()
        try report(
            MalformedRecord(
                position: position, reason: .bareCarriageReturn, column: nil, byteColumn: nil,
                message: "a carriage return inside an unquoted field splits the line into two records",
                raw: raw),
            sink: &sink)
    }

    /// libcsv stopped at byte `index` of `line`.
    private func parseFailed<Sink: RecordSink>(
        line: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, at index: Int, sink: inout Sink
    ) throws {
        if recordLine == number {
            let field = state.pointee.fieldCount + 1
            let position = Position(row: recordRow, line: number, lastLine: number, byteOffset: recordOffset)
            resetParser()
            endRecord()
            try report(
                MalformedRecord(
                    position: position, reason: .malformedQuote, column: field, byteColumn: index + 1,
                    message: "a quote is out of place at byte \(index + 1) of the line (field \(field))",
                    raw: Array(line.withoutLineEnd)),
                sink: &sink)
        } else {
            try unterminated(
                failedOn: number, current: SavedLine(bytes: Array(line), number: number, offset: offset),
                sink: &sink)
        }
    }

    /// A quote opened on the record's first line swallowed later lines: report only that line,
    /// then read the lines after it again.
    private func unterminated<Sink: RecordSink>(failedOn number: Int, current: SavedLine?, sink: inout Sink) throws {
        var lines = recordLines
        if let current { lines.append(current) }
        let first = lines.removeFirst()
        let position = Position(row: recordRow, line: first.number, lastLine: first.number, byteOffset: first.offset)
        let field = openFieldOnFirstLine
        let later = number - first.number
        let message =
            later == 0
            ? "a quoted field opened on this line (field \(field)) is never closed"
            : "a quoted field opened on this line (field \(field)) is not closed properly (the parser failed \(later) line\(later == 1 ? "" : "s") later)"
        resetParser()
        endRecord()
        if !lines.isEmpty {
            pending = lines + pending[pendingIndex...]
            pendingIndex = 0
        }
        try report(
            MalformedRecord(
                position: position, reason: .unterminatedQuote, column: field, byteColumn: nil,
                message: message, raw: Array(first.bytes.withoutLineEnd)),
            sink: &sink)
    }

    /// The input is exhausted: flush a last record that had no line end.
    private func finish<Sink: RecordSink>(sink: inout Sink) throws -> Bool {
        guard recordOpen else { return false }
        if endsBeforeFile && pending.isEmpty {
            endedInsideRecord = true
            return false
        }
        state.pointee.recordsEnded = 0
        if csv_fini(parser, onField, onRecordEnd, state) == 0 {
            if state.pointee.recordsEnded == 1 {
                try complete(lastLine: lineNumber, currentLine: nil, sink: &sink)
            } else {
                endRecord()
            }
        } else {
            try unterminated(failedOn: lineNumber, current: nil, sink: &sink)
        }
        return true
    }

    /// A record ended cleanly: check it and hand it over.
    private func complete<Sink: RecordSink>(
        lastLine: Int, currentLine: UnsafeBufferPointer<UInt8>?, sink: inout Sink
    ) throws {
        let position = Position(row: recordRow, line: recordLine, lastLine: lastLine, byteOffset: recordOffset)
        try deliver(
            bytes: state.pointee.arena, count: state.pointee.fieldCount, position: position, hasNUL: recordHasNUL,
            raw: { currentLine.map { rawRecord(adding: $0) } ?? rawRecord(adding: nil) }, sink: &sink)
    }

    /// A line outside any record whose fields are plain (no quote, NUL or carriage return) or
    /// quoted simply (a quote opens the field, the next quote closes it just before a delimiter or
    /// the line end, and nothing between is a quote, CR or NUL) holds one record that libcsv, in
    /// strict mode with spaces kept, reads as the bytes between delimiters and quotes: no quoting
    /// rule but "the quotes are not data" applies. Such a line (nearly every line of an extract)
    /// is split here, 8 bytes at a time, and handed over where it lies in the read buffer, without
    /// libcsv's byte-at-a-time state machine or a copy. Anything else (a doubled or misplaced
    /// quote, a quoted line break, a stray CR, a NUL, more fields than the header) goes to libcsv,
    /// which reads and reports it as before.
    /// - Returns: false, having done nothing, when the line needs libcsv.
    private func splitPlainLine<Sink: RecordSink>(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, sink: inout Sink
    ) throws -> Bool {
        let base = line.baseAddress!
        var count = line.count
        if base[count - 1] == 0x0A { count -= 1 }
        if count > 0 && base[count - 1] == 0x0D { count -= 1 }
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        // A delimiter or quote that is itself a line-end or NUL byte, or both one byte: leave it
        // all to libcsv.
        if delimiter == 0x0A || delimiter == 0x0D || delimiter == 0 || quote == 0x0A || quote == 0x0D || quote == 0
            || delimiter == quote
        {
            return false
        }
        // Room for the header's fields and more, the 8 a word may end among them; a line with
        // more leaves it to libcsv, which grows its bounds as it goes (a long line of delimiters
        // would otherwise reserve a word a byte).
        state.pointee.reserveFields((header?.count ?? 0) + 10)
        let bounds = state.pointee.bounds
        let limit = state.pointee.fieldCapacity
        var fields = 0
        var start = 0
        var index = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let delimiters = ones &* UInt64(delimiter)
        let quotes = ones &* UInt64(quote)
        let returns = ones &* 0x0D
        let belowCR = ones &* 0x0E
        /// Ends the field that began at `start` at `end`; false when there are too many.
        @inline(__always) func endField(_ end: Int) -> Bool {
            if fields == limit { return false }
            bounds[2 * fields] = start
            bounds[2 * fields + 1] = end
            fields += 1
            return true
        }
        scan: while true {
            if start < count && base[start] == quote && index == start {
                // A quoted field: its content runs to the next quote, which must end the field.
                var close = start + 1
                while close < count {
                    let byte = base[close]
                    if byte == quote { break }
                    if byte == 0x0D || byte == 0 { return false }
                    close += 1
                }
                guard close < count else { return false }
                let after = close + 1
                if after < count && base[after] == quote {
                    // A doubled quote: the field is not the bytes between its quotes.
                    return try splitEscapedLine(line, count: count, number: number, offset: offset, sink: &sink)
                }
                guard after == count || base[after] == delimiter else { return false }
                start += 1
                guard endField(close) else { return false }
                if after == count { break scan }
                start = after + 1
                index = start
            }
            while index + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                // A byte below `n` sets a high bit of `(x - n·1s) & ~x` (existence only, not
                // where): bytes below 0x0E are rare (a tab, a NUL, a CR), so look closer only then.
                if (word &- belowCR) & ~word & highs != 0 {
                    let r = word ^ returns
                    if (((r &- ones) & ~r) | ((word &- ones) & ~word)) & highs != 0 { return false }
                }
                // The exact form, a high bit for each zero byte and no other: where the
                // delimiters and quotes are.
                let d = word ^ delimiters
                let q = word ^ quotes
                var found = ~(((d & lows) &+ lows) | d | lows)
                let quoted = ~(((q & lows) &+ lows) | q | lows)
                if quoted != 0 {
                    // Delimiters before the quote end their fields; the quote must open the next.
                    found &= (1 &<< UInt64(quoted.trailingZeroBitCount)) &- 1
                }
                if fields > limit &- 8 { return false }
                while found != 0 {
                    let at = index &+ found.trailingZeroBitCount &>> 3
                    bounds[2 &* fields] = start
                    bounds[2 &* fields &+ 1] = at
                    fields &+= 1
                    start = at &+ 1
                    found &= found &- 1
                }
                if quoted != 0 {
                    // Only a field's first byte may be a quote (libcsv's strict mode refuses any other).
                    let at = index &+ quoted.trailingZeroBitCount &>> 3
                    guard at == start else { return false }
                    index = at
                    continue scan
                }
                index &+= 8
            }
            while index < count {
                let byte = base[index]
                if byte == 0x0D || byte == 0 { return false }
                if byte == quote {
                    guard index == start else { return false }
                    continue scan
                }
                if byte == delimiter {
                    guard endField(index) else { return false }
                    start = index + 1
                }
                index += 1
            }
            // The last field ends at the line end.
            guard endField(count) else { return false }
            break
        }
        try deliverSplit(bytes: base, count: fields, line: line, number: number, offset: offset, sink: &sink)
        return true
    }

    /// A line `splitPlainLine` found a doubled quote in (`"say ""hello"""`), read as libcsv reads
    /// it in strict mode with spaces kept: a field that opens with a quote runs to the quote
    /// that is not doubled, which must end the field, and each doubled quote in it is one quote.
    /// The fields are copied into the arena, one byte at a time. Anything else (a misplaced quote,
    /// a quote never closed on this line, a CR or NUL, more fields than the header) goes to libcsv.
    /// - Parameter count: the line's length without its line end.
    /// - Returns: false, having handed nothing over, when the line needs libcsv.
    private func splitEscapedLine<Sink: RecordSink>(
        _ line: UnsafeBufferPointer<UInt8>, count: Int, number: Int, offset: Int, sink: inout Sink
    ) throws -> Bool {
        let base = line.baseAddress!
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        state.pointee.startRecord()
        state.pointee.reserveArena(count)
        let arena = state.pointee.arena
        let bounds = state.pointee.bounds
        let limit = state.pointee.fieldCapacity
        var fields = 0
        var written = 0
        var index = 0
        while true {
            guard fields < limit else { return false }
            bounds[2 &* fields] = written
            if index < count && base[index] == quote {
                index += 1
                while true {
                    guard index < count else { return false }
                    let byte = base[index]
                    if byte == quote {
                        index += 1
                        guard index < count && base[index] == quote else { break }
                    } else if byte == 0x0D || byte == 0 {
                        return false
                    }
                    arena[written] = byte
                    written += 1
                    index += 1
                }
                guard index == count || base[index] == delimiter else { return false }
            } else {
                while index < count {
                    let byte = base[index]
                    if byte == delimiter { break }
                    if byte == quote || byte == 0x0D || byte == 0 { return false }
                    arena[written] = byte
                    written += 1
                    index += 1
                }
            }
            bounds[2 &* fields &+ 1] = written
            fields += 1
            if index == count { break }
            index += 1
        }
        state.pointee.arenaCount = written
        state.pointee.fieldCount = fields
        try deliverSplit(bytes: arena, count: fields, line: line, number: number, offset: offset, sink: &sink)
        return true
    }

    /// Hands over a one-line record split here (not by libcsv), positioned as libcsv's would be.
    private func deliverSplit<Sink: RecordSink>(
        bytes: UnsafePointer<UInt8>, count: Int, line: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, sink: inout Sink
    ) throws {
        recordRow = nextRow
        recordLine = number
        recordOffset = offset
        let position = Position(row: recordRow, line: number, lastLine: number, byteOffset: offset)
        linesSplitHere &+= 1
        try deliver(bytes: bytes, count: count, position: position, hasNUL: false, raw: { Array(line.withoutLineEnd) }, sink: &sink)
    }

    /// Checks a record's field count and hands it over (or, the first, keeps it as the header).
    /// - Parameters:
    ///   - bytes: where the fields' bounds (`ParseState.bounds`) point: the arena, or the line.
    ///   - raw: the record's bytes, for the message when it is malformed.
    private func deliver<Sink: RecordSink>(
        bytes: UnsafePointer<UInt8>, count: Int, position: Position, hasNUL: Bool, raw: () -> [UInt8],
        sink: inout Sink
    ) throws {
        var problem: (MalformedRecord.Reason, Int?, String)?
        if hasNUL && !dialect.allowsNUL {
            problem = (.nulByte, nil, "the record holds a NUL byte")
        } else if checksFieldCount, let header, count != header.count {
            let column = min(count, header.count) + 1
            problem = (.fieldCount, column, "expected \(header.count) fields, found \(count)")
        }
        if let (reason, column, message) = problem {
            let raw = raw()
            endRecord()
            try report(
                MalformedRecord(
                    position: position, reason: reason, column: column, byteColumn: nil, message: message,
                    raw: raw),
                sink: &sink)
            return
        }
        let record = CSVRecord(bytes: bytes, bounds: state.pointee.bounds, count: count, position: position)
        endRecord()
        if header == nil {
            header = (0..<count).map { record.text(at: $0) }
            return
        }
        recordsRead += 1
        try sink.record(record)
    }

    private func report<Sink: RecordSink>(_ malformed: MalformedRecord, sink: inout Sink) throws {
        if header == nil {
            throw CSVError.malformedHeader(path: path, message: malformed.message)
        }
        malformedRecords += 1
        try sink.malformed(malformed)
    }

    /// Closes the current record's bookkeeping; the arena stays valid until the next record starts.
    private func endRecord() {
        recordOpen = false
        nextRow += 1
        if !recordLines.isEmpty {
            recordLines.removeAll(keepingCapacity: true)
            recordLinesBytes = 0
        }
    }

    /// The record's lines read so far plus `line`, without the final line end.
    private func rawRecord(adding line: UnsafeBufferPointer<UInt8>?) -> [UInt8] {
        var raw = recordLines.flatMap { $0.bytes }
        if let line { raw += line }
        return Array(raw[...].withoutLineEnd)
    }

    /// Resets libcsv after an error (its status is sticky until `csv_fini` resets it).
    private func resetParser() {
        csv_set_opts(parser, options & ~UInt8(CSV_STRICT_FINI))
        csv_fini(parser, nil, nil, nil)
        csv_set_opts(parser, options)
        state.pointee.startRecord()
    }

    /// Whether libcsv's default trimming could change how `line` parses: some space or tab
    /// outside quotes touches the line's start or end, a delimiter, a quote or another space.
    /// Quotes are paired by parity: until the first misplaced quote, which strict mode rejects
    /// at the same byte either way, parity tells exactly what is inside quotes.
    private func spacesMatter(_ line: UnsafeBufferPointer<UInt8>, insideQuotes: Bool) -> Bool {
        let base = line.baseAddress!
        let count = line.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote
        var quoted = insideQuotes
        var previous = delimiter  // the line start acts as a field start
        /// Examines one byte; true when trimming could change the parse there.
        func matters(at index: Int) -> Bool {
            let byte = base[index]
            defer { previous = byte }
            if byte == quote {
                quoted.toggle()
                return false
            }
            guard (byte == 0x20 || byte == 0x09) && byte != delimiter && !quoted else { return false }
            if previous == delimiter || previous == quote || previous == 0x20 || previous == 0x09 { return true }
            guard index + 1 < count else { return true }
            let next = base[index + 1]
            return next == delimiter || next == quote || next == 0x20 || next == 0x09 || next == 0x0D || next == 0x0A
        }
        // Most 16-byte blocks hold no space, tab or quote: test them whole.
        let spaces = SIMD16<UInt8>(repeating: 0x20)
        let tabs = SIMD16<UInt8>(repeating: 0x09)
        let quotes = SIMD16<UInt8>(repeating: quote)
        var index = 0
        while index + 16 <= count {
            let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            if !any((block .== spaces) .| (block .== tabs) .| (block .== quotes)) {
                previous = block[15]
                index += 16
                continue
            }
            for offset in index..<(index + 16) where matters(at: offset) { return true }
            index += 16
        }
        while index < count {
            if matters(at: index) { return true }
            index += 1
        }
        return false
    }

    private func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = line[0]
        guard first == 0x20 || first == 0x09 || first == 0x0D || first == 0x0A else { return false }
        return line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }
}

// MARK: - Sinks

/// Where the reader hands what it read. Internal: callers use closures.
protocol RecordSink {
    mutating func record(_ record: CSVRecord) throws
    mutating func malformed(_ record: MalformedRecord) throws
}

private struct HeaderOnlySink: RecordSink {
    mutating func record(_ record: CSVRecord) throws {}
    mutating func malformed(_ record: MalformedRecord) throws {}
}

private struct ClosureSink: RecordSink {
    let record: (CSVRecord) throws -> Void
    let malformed: (MalformedRecord) throws -> Void
    mutating func record(_ record: CSVRecord) throws { try self.record(record) }
    mutating func malformed(_ record: MalformedRecord) throws { try self.malformed(record) }
}

/// A physical line kept because its record is still open, or because it must be read again.
private struct SavedLine {
    var bytes: [UInt8]
    var number: Int
    var offset: Int
}

extension Collection where Element == UInt8, SubSequence: BidirectionalCollection {
    /// The bytes without a trailing LF, CRLF or CR.
    fileprivate var withoutLineEnd: SubSequence {
        var slice = self[...]
        if slice.last == 0x0A { slice = slice.dropLast() }
        if slice.last == 0x0D { slice = slice.dropLast() }
        return slice
    }
}

// MARK: - Input

private struct Source {
    enum Kind {
        case file(Int32)
        case memory(Box)
    }
    final class Box {
        let bytes: [UInt8]
        var position = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }
    let kind: Kind
    /// Bytes left to read when reading a range (`Int.max` for the whole file).
    var remaining = Int.max

    static func file(_ descriptor: Int32) -> Source { Source(kind: .file(descriptor)) }
    static func memory(_ bytes: [UInt8]) -> Source { Source(kind: .memory(Box(bytes))) }

    mutating func read(into destination: UnsafeMutablePointer<UInt8>, capacity: Int, path: String) throws(CSVError) -> Int {
        switch kind {
        case .file(let descriptor):
            while true {
                let count = Glibc.read(descriptor, destination, min(capacity, remaining))
                if count >= 0 {
                    if remaining != Int.max { remaining -= count }
                    return count
                }
                if errno == EINTR { continue }
                throw .cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
        case .memory(let box):
            let count = min(capacity, box.bytes.count - box.position)
            box.bytes.withUnsafeBufferPointer { all in
                destination.update(from: all.baseAddress! + box.position, count: count)
            }
            box.position += count
            return count
        }
    }
}

// MARK: - libcsv callbacks

/// What the callbacks write, reached through libcsv's context pointer (a raw pointer to a
/// struct: a class behind `Unmanaged` costs 40% in retain/release, LIBCSV.md §3).
struct ParseState {
    var arena: UnsafeMutablePointer<UInt8>
    var arenaCapacity = 4096
    var arenaCount = 0
    /// Each field's start and end, in pairs: offsets into the arena, or into the line when the
    /// reader split it itself.
    var bounds: UnsafeMutablePointer<Int>
    /// Fields `bounds` has room for.
    var fieldCapacity = 64
    var fieldCount = 0
    var recordsEnded = 0
    var outOfMemory = false

    init() {
        arena = .allocate(capacity: arenaCapacity)
        bounds = .allocate(capacity: 2 * fieldCapacity)
    }

    mutating func startRecord() {
        arenaCount = 0
        fieldCount = 0
    }

    mutating func release() {
        arena.deallocate()
        bounds.deallocate()
    }

    /// Makes room for `count` fields.
    mutating func reserveFields(_ count: Int) {
        guard count > fieldCapacity else { return }
        var capacity = fieldCapacity * 2
        while capacity < count { capacity *= 2 }
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: 2 * capacity)
        grown.update(from: bounds, count: 2 * fieldCount)
        bounds.deallocate()
        bounds = grown
        fieldCapacity = capacity
    }

    /// Makes room for `count` bytes in the arena.
    mutating func reserveArena(_ count: Int) {
        guard count > arenaCapacity else { return }
        var capacity = arenaCapacity * 2
        while capacity < count { capacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: arena, count: arenaCount)
        arena.deallocate()
        arena = grown
        arenaCapacity = capacity
    }

    mutating func append(_ data: UnsafeRawPointer?, _ length: Int) {
        if arenaCount + length > arenaCapacity { reserveArena(arenaCount + length) }
        if length > 0, let data {
            let source = data.assumingMemoryBound(to: UInt8.self)
            let destination = arena + arenaCount
            if length <= 16 {
                // Most fields are a few bytes: a loop is cheaper than a call to memmove.
                for index in 0..<length { destination[index] = source[index] }
            } else {
                destination.update(from: source, count: length)
            }
        }
        if fieldCount == fieldCapacity { reserveFields(fieldCount + 1) }
        bounds[2 * fieldCount] = arenaCount
        arenaCount += length
        bounds[2 * fieldCount + 1] = arenaCount
        fieldCount += 1
    }
}

// Free functions in the library module, not closures in main.swift: callbacks there are
// MainActor-isolated and pay runtime executor checks (2.8x slower, LIBCSV.md §3).
private func onField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.append(data, length)
}

private func onRecordEnd(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    context.unsafelyUnwrapped.assumingMemoryBound(to: ParseState.self).pointee.recordsEnded += 1
}
