#if canImport(Glibc)
    import Glibc
#endif

/// The written forms one decoder reads, with a small cache of the values it has already looked
/// up: a labelled extract repeats a handful of labels per column ("White - British", "Priority
/// 2"), so most lookups become one hash of the raw bytes and one comparison instead of a fold
/// and a probe of the folded table.
///
/// Each decoder owns one (it is mutable and not shared between threads); a class so that the
/// decoder, a large struct, reaches it without being copied.
///
/// - Complexity: memory 7 columns × 64 slots × 64 bytes (28 KiB) besides the forms.
final class WrittenFormReader: @unchecked Sendable {
    /// What the forms of each column are made from.
    private let source: ValueForms
    /// The forms of each coded column, by `CodedColumn.ordinal`, once a value of it needed them.
    private var forms: [WrittenForms?]
    /// Per column, `slotCount` slots of `slotSize` bytes: key length + 1 (0: empty), code length
    /// (0: the value is not a written form), the code, then the key (the trimmed raw bytes).
    private let slots: UnsafeMutablePointer<UInt8>

    private static let slotCount = 64
    private static let slotSize = 64
    private static let codeOffset = 2
    private static let codeCapacity = 6
    private static let keyOffset = 8
    private static let keyCapacity = slotSize - keyOffset

    /// Whether it reads only the trust's own forms (`ValueForms.local`).
    private let localOnly: Bool

    init(_ forms: ValueForms, localOnly: Bool = false) {
        source = forms
        self.localOnly = localOnly
        self.forms = Array(repeating: nil, count: CodedColumn.allCases.count)
        let bytes = CodedColumn.allCases.count * Self.slotCount * Self.slotSize
        slots = .allocate(capacity: bytes)
        slots.initialize(repeating: 0, count: bytes)
    }

    deinit { slots.deallocate() }

    /// A column's forms, built on first use.
    private func table(_ column: CodedColumn) -> WrittenForms {
        if let forms = forms[column.ordinal] { return forms }
        let built = localOnly ? source.local(column) : source[column]
        forms[column.ordinal] = built
        return built
    }

    /// The value `parse` reads from the code a written form of `column` means, or nil when the
    /// value is not one of the column's written forms.
    /// - Complexity: O(length of the value); no allocation.
    func decode<Value>(
        _ field: UnsafeBufferPointer<UInt8>, column: CodedColumn, _ parse: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> Value? {
        let value = field.trimmed
        let count = value.count
        guard count > 0 else { return nil }
        guard count <= Self.keyCapacity, let start = value.baseAddress else { return table(column).decode(value, parse) }
        var hash: UInt32 = 2_166_136_261
        for byte in value { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let index = (column.ordinal * Self.slotCount + Int(hash >> 26)) * Self.slotSize
        let slot = slots + index
        if Int(slot[0]) == count + 1 && memcmp(slot + Self.keyOffset, start, count) == 0 {
            let codeCount = Int(slot[1])
            return codeCount == 0 ? nil : parse(UnsafeBufferPointer(start: slot + Self.codeOffset, count: codeCount))
        }
        var codeCount = 0
        var cacheable = true
        let result: Value?? = table(column).code(for: value) { code in
            if code.count <= Self.codeCapacity, let base = code.baseAddress {
                (slot + Self.codeOffset).update(from: base, count: code.count)
                codeCount = code.count
            } else {
                cacheable = false
            }
            return parse(code)
        }
        guard cacheable else { return result ?? nil }
        slot[0] = UInt8(count + 1)
        slot[1] = UInt8(codeCount)
        (slot + Self.keyOffset).update(from: start, count: count)
        return result ?? nil
    }
}
