/// The coded columns whose values have written forms.
public enum CodedColumn: String, Sendable, CaseIterable, Codable {
    /// NHS Data Dictionary ETHNIC CATEGORY.
    case ethnicCategory = "ethnic_category"
    /// Surgical clinical priority (FSSA).
    case priority = "priority"
    /// NHS Data Dictionary PERSON STATED GENDER CODE.
    case sex = "sex"
    /// WLMDS waiting list type.
    case waitingListType = "waiting_list_type"
    /// The learning disability flag a trust joins to its extract.
    case learningDisability = "learning_disability"
    /// Index of Multiple Deprivation decile.
    case imdDecile = "imd_decile"
    /// NHS Data Dictionary TREATMENT FUNCTION CODE.
    case treatmentFunction = "treatment_function_code"

    /// Whether `code` is a valid canonical code of this column ("A".."S","Z","99" for ethnicity;
    /// "P1a","P1b","P1","P2".."P6"; "1","2","9","X"; "IRTT","ORTT","INON","ONON","PTLI","PTLO","RTTI","RTTO";
    /// "Y","N","U"; "1".."10"; any 3-digit number for TFC), as the column's own `init?(code:)` decides.
    ///
    /// The types' decoders are lenient (case and spaces around the value ignored, `2` for `P2`,
    /// `true` for `Y`), so whatever they accept is valid; a blank code is never valid.
    /// - Complexity: O(n) in the length of `code`.
    public func isValidCode(_ code: String) -> Bool { canonical(code) != nil }

    /// The canonical spelling of a code this column's decoder accepts (`P2` for `2`, `Y` for
    /// `true`, `1` for `01`), or nil when it accepts none.
    func canonical(_ code: String) -> String? {
        var bytes = Array(code.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> String? in
            let value = UnsafeBufferPointer(buffer).trimmed
            guard !value.isEmpty else { return nil }
            switch self {
            case .ethnicCategory: return EthnicCategory(code: value)?.rawValue
            case .priority: return ClinicalPriority(code: value)?.rawValue
            case .sex: return Sex(code: value)?.rawValue
            case .waitingListType: return WaitingListType(code: value)?.rawValue
            case .learningDisability: return LearningDisabilityGroup(code: value)?.rawValue
            case .imdDecile: return IMDDecile(code: value).map { String($0.value) }
            case .treatmentFunction: return RTTSpecialty(code: value) == nil ? nil : value.text
            }
        }
    }
}

/// Written form → canonical code for one column: case-, space- and punctuation-insensitive.
///
/// Forms and field values are compared after the same folding (`fold(_:)`): ASCII letters are
/// lower-cased; every run of spaces, tabs, underscores, hyphens, en and em dashes, colons, full
/// stops, commas, slashes, parentheses and non-breaking spaces becomes one space; separators at
/// either end are dropped. Dashes and non-breaking spaces are recognised both as UTF-8
/// (`E2 80 93`, `E2 80 94`, `C2 A0`) and as Windows-1252 (`96`, `97`, `A0`) bytes, so an extract
/// saved by Excel folds as its UTF-8 twin does; other non-ASCII bytes are kept as they are.
///
/// The forms live in an open-addressing hash table held in flat arrays (copy-on-write, so the
/// struct has value semantics); a lookup hashes the field while folding it and compares
/// candidates by folding it again, so it needs no buffer and allocates nothing.
public struct WrittenForms: Sendable {
    /// One form: where its folded key and its code's bytes are, and the key's hash.
    struct Entry: Sendable {
        var keyStart: Int32
        var keyCount: Int32
        var codeStart: Int32
        var codeCount: Int32
        var hash: UInt64
    }

    /// The column whose codes `add(form:code:)` canonicalises.
    let column: CodedColumn
    /// The folded keys of all entries, end to end.
    private(set) var keyBytes: [UInt8] = []
    /// The canonical codes' bytes, each distinct code once, end to end.
    private(set) var codeBytes: [UInt8] = []
    /// Where each distinct code starts in `codeBytes`.
    private var codeStarts: [String: Int32] = [:]
    /// The forms, in the order they were added.
    private(set) var entries: [Entry] = []
    /// The hash table: entry index + 1, or 0 for an empty slot; its count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 16)
    /// The longest folded key, so longer values stop folding early.
    private(set) var longestKey = 0

    /// Creates an empty table for `column`.
    init(column: CodedColumn) { self.column = column }

    /// The built-in forms of a column (from the tables).
    /// - Complexity: O(1) after the first call for a column, which builds its table.
    public static func builtIn(_ column: CodedColumn) -> WrittenForms {
        switch column {
        case .ethnicCategory: return BuiltIn.ethnicCategory
        case .priority: return BuiltIn.priority
        case .sex: return BuiltIn.sex
        case .waitingListType: return BuiltIn.waitingListType
        case .learningDisability: return BuiltIn.learningDisability
        case .imdDecile: return BuiltIn.imdDecile
        case .treatmentFunction: return BuiltIn.treatmentFunction
        }
    }

    /// The built tables, each made on first use (a `static let` is lazy and thread-safe).
    private enum BuiltIn {
        static let ethnicCategory = WrittenForms(column: .ethnicCategory, table: WrittenForms.ethnicCategoryTable)
        static let priority = WrittenForms(column: .priority, table: WrittenForms.priorityTable)
        static let sex = WrittenForms(column: .sex, table: WrittenForms.sexTable)
        static let waitingListType = WrittenForms(column: .waitingListType, table: WrittenForms.waitingListTypeTable)
        static let learningDisability = WrittenForms(column: .learningDisability, table: WrittenForms.learningDisabilityTable)
        static let imdDecile = WrittenForms(column: .imdDecile, table: WrittenForms.imdDecileTable)
        static let treatmentFunction = WrittenForms(column: .treatmentFunction, table: WrittenForms.treatmentFunctionTable)
    }

    /// Builds the table of `column` from its data.
    init(column: CodedColumn, table: [CodeForms]) {
        self.init(column: column)
        for (form, code) in table.flatMap(\.writtenForms) {
            insert(form: form, canonicalCode: code)
        }
    }

    /// Adds a trust's own form (from a `--values` file); callers check the code with
    /// `CodedColumn.isValidCode(_:)` first.
    ///
    /// The code is stored in its canonical spelling (`P2` for `2`, `Y` for `true`); a code the
    /// column does not accept is stored as given (trimmed), and the decoder will reject it. A form
    /// that folds to a key already present replaces that key's code, so a trust's own form wins
    /// over a built-in one; a form that folds to nothing (only separators) is ignored.
    /// - Complexity: amortised O(n) in the form's length.
    public mutating func add(form: String, code: String) {
        let canonicalCode = column.canonical(code) ?? String(decoding: Self.trimmedBytes(code), as: UTF8.self)
        insert(form: form, canonicalCode: canonicalCode)
    }

    /// The canonical code's bytes for a written form, passed to `body`; nil when the form is unknown.
    ///
    /// The bytes are valid only inside `body` (they point into the table's storage). The lookup
    /// itself allocates nothing: it folds and hashes the field in one pass, stops as soon as the
    /// folded value is longer than the longest form, probes the table and compares a candidate by
    /// folding the field again.
    ///
    ///     let category = forms.code(for: field) { EthnicCategory(code: $0) } ?? nil
    ///
    /// - Complexity: O(n) in the field's length, expected O(1) probes.
    @inlinable
    public func code<R>(for field: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let range = codeRange(for: field) else { return nil }
        return try withCodeBytes(range, body)
    }

    /// The value `parse` reads from the canonical code of a written form; nil when the form is
    /// unknown or `parse` rejects its code (`code(for:_:)` with the optionals flattened).
    ///
    ///     let category = forms.decode(field, EthnicCategory.init(code:))
    ///
    /// - Complexity: O(n) in the field's length, expected O(1) probes; allocates nothing itself.
    @inlinable
    public func decode<Value>(
        _ field: UnsafeBufferPointer<UInt8>, _ parse: (UnsafeBufferPointer<UInt8>) throws -> Value?
    ) rethrows -> Value? {
        guard let range = codeRange(for: field) else { return nil }
        return try withCodeBytes(range, parse)
    }

    /// Where the canonical code of `field`'s form is in `codeBytes`, or nil.
    @usableFromInline
    func codeRange(for field: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let index = entryIndex(for: field) else { return nil }
        let entry = entries[index]
        let start = Int(entry.codeStart)
        return start..<(start + Int(entry.codeCount))
    }

    /// Calls `body` with a range of `codeBytes`.
    @usableFromInline
    func withCodeBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try codeBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The folded key of a value, as the lookup sees it (for tests and `waitgap check`).
    /// - Complexity: O(n) in the length of `text`.
    public static func fold(_ text: String) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { fold(UnsafeBufferPointer($0)) }
    }

    /// The folded key of a field's raw bytes, as the lookup sees it; unlike `fold(_: String)`,
    /// this sees Windows-1252 dashes and non-breaking spaces before any repair to UTF-8.
    /// Non-ASCII bytes that are not valid UTF-8 show as U+FFFD.
    /// - Complexity: O(n) in the field's length.
    public static func fold(_ field: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: foldedBytes(field), as: UTF8.self)
    }

    // MARK: - Building

    /// The folded bytes of a field.
    static func foldedBytes(_ field: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var folder = Folder(field)
        var result: [UInt8] = []
        while let byte = folder.next() { result.append(byte) }
        return result
    }

    /// The UTF-8 bytes of `text` without spaces and tabs around them.
    private static func trimmedBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { Array(UnsafeBufferPointer($0).trimmed) }
    }

    /// Adds or replaces the entry of a form's folded key.
    private mutating func insert(form: String, canonicalCode: String) {
        var formBytes = Array(form.utf8)
        let key = formBytes.withUnsafeMutableBufferPointer { Self.foldedBytes(UnsafeBufferPointer($0)) }
        guard !key.isEmpty else { return }
        let code = codeLocation(of: canonicalCode)
        let hash = Self.hash(of: key)
        var slot = slotIndex(of: hash)
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            let entry = entries[index]
            if entry.hash == hash, keyBytes[Int(entry.keyStart)..<Int(entry.keyStart + entry.keyCount)].elementsEqual(key) {
                entries[index].codeStart = code.start
                entries[index].codeCount = code.count
                return
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        let entry = Entry(
            keyStart: Int32(keyBytes.count), keyCount: Int32(key.count), codeStart: code.start, codeCount: code.count, hash: hash
        )
        keyBytes.append(contentsOf: key)
        entries.append(entry)
        slots[slot] = Int32(entries.count)
        longestKey = max(longestKey, key.count)
        if entries.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Where a code's bytes are in `codeBytes`, appending them if they are not there yet.
    private mutating func codeLocation(of code: String) -> (start: Int32, count: Int32) {
        let count = Int32(code.utf8.count)
        if let start = codeStarts[code] { return (start, count) }
        let start = Int32(codeBytes.count)
        codeBytes.append(contentsOf: code.utf8)
        codeStarts[code] = start
        return (start, count)
    }

    /// Rebuilds the slots with a larger power-of-two capacity.
    private mutating func rehash(capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        for (index, entry) in entries.enumerated() {
            var slot = slotIndex(of: entry.hash)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(index + 1)
        }
    }

    // MARK: - Lookup

    /// The index in `entries` of the form `field` folds to, or nil.
    @usableFromInline
    func entryIndex(for field: UnsafeBufferPointer<UInt8>) -> Int? {
        var folder = Folder(field)
        var hash = Self.fnvOffset
        var count = 0
        while let byte = folder.next() {
            count += 1
            if count > longestKey { return nil }
            hash = (hash ^ UInt64(byte)) &* Self.fnvPrime
        }
        guard count > 0 else { return nil }
        var slot = slotIndex(of: hash)
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            let index = Int(stored) - 1
            let entry = entries[index]
            if entry.hash == hash, Int(entry.keyCount) == count, keyMatches(entry, field) { return index }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// Whether `field` folds to the entry's key (whose length is already known to match).
    private func keyMatches(_ entry: Entry, _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { keys in
            var folder = Folder(field)
            var index = Int(entry.keyStart)
            while let byte = folder.next() {
                if keys[index] != byte { return false }
                index += 1
            }
            return true
        }
    }

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a of a folded key, as `entryIndex(for:)` computes it while folding.
    private static func hash(of key: [UInt8]) -> UInt64 {
        key.reduce(fnvOffset) { ($0 ^ UInt64($1)) &* fnvPrime }
    }

    /// The first slot to probe for a hash.
    private func slotIndex(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (slots.count - 1)
    }
}

/// Folds a field's bytes one at a time, without a buffer: see `WrittenForms` for the rule.
struct Folder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Bytes of a kept multi-byte UTF-8 character still to copy as they are.
    private var copying = 0
    /// Whether a separator was skipped since the last byte emitted.
    private var pendingSeparator = false
    /// Whether any byte has been emitted (separators before the first are dropped).
    private var started = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next folded byte, or nil at the end.
    mutating func next() -> UInt8? {
        if copying > 0 {
            copying -= 1
            index += 1
            return bytes[index - 1]
        }
        while index < bytes.count {
            let (isSeparator, width) = Self.classify(bytes, at: index)
            if isSeparator {
                index += width
                pendingSeparator = started
                continue
            }
            if pendingSeparator {
                pendingSeparator = false
                return 0x20
            }
            started = true
            let byte = bytes[index]
            index += 1
            copying = width - 1
            return byte &- 0x41 < 26 ? byte | 0x20 : byte
        }
        return nil
    }

    /// Whether the character at `index` is a separator, and how many bytes it takes.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (isSeparator: Bool, width: Int) {
        let byte = bytes[index]
        if byte < 0x80 {
            switch byte {
            case 0x20, 0x09, 0x5F, 0x2D, 0x3A, 0x2E, 0x2C, 0x2F, 0x28, 0x29: return (true, 1)  // space tab _ - : . , / ( )
            default: return (false, 1)
            }
        }
        let width = utf8Width(bytes, at: index)
        if width == 0 {
            // Not UTF-8: a Windows-1252 byte. En dash, em dash, non-breaking space.
            return (byte == 0x96 || byte == 0x97 || byte == 0xA0, 1)
        }
        if width == 2, byte == 0xC2, bytes[index + 1] == 0xA0 { return (true, 2) }
        if width == 3, byte == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0x93 || bytes[index + 2] == 0x94 {
            return (true, 3)
        }
        return (false, width)
    }

    /// The length of the well-formed UTF-8 sequence starting with a non-ASCII byte, or 0.
    private static func utf8Width(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let width: Int
        switch lead {
        case 0xC2...0xDF: width = 2
        case 0xE0...0xEF: width = 3
        case 0xF0...0xF4: width = 4
        default: return 0
        }
        guard index + width <= bytes.count else { return 0 }
        for offset in 1..<width where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return width
    }
}
