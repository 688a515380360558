/// LSOA code → IMD decile, loaded from a lookup table (the two shipped with waitgap, or the
/// analyst's own through `--imd-lookup`).
///
/// English LSOA codes (`E01` + 6 digits) are held in a flat array indexed by their number, so a
/// lookup costs a few byte comparisons and one load; any other code goes to a dictionary.
public struct IMDLookup: Sendable {
    /// What the lookup is, for the pack's methods section.
    public let title: String
    /// The IoD release, when the lookup is one that ships with waitgap.
    public let vintage: IMDVintage?
    private var englishDeciles: [UInt8]
    private var otherDeciles: [String: UInt8]
    /// The number of areas in the lookup.
    public let count: Int

    /// Builds a lookup.
    /// - Parameters:
    ///   - entries: LSOA code and its decile (1 = most deprived); later entries win.
    ///   - title: what the lookup is.
    ///   - vintage: the IoD release, if known.
    public init(entries: [(code: String, decile: IMDDecile)], title: String, vintage: IMDVintage?) {
        self.title = title
        self.vintage = vintage
        var english = [UInt8](repeating: 0, count: 100_000)
        var others: [String: UInt8] = [:]
        for (code, decile) in entries {
            var code = code
            if let number = code.withUTF8({ IMDLookup.englishNumber($0) }) {
                english[number] = UInt8(decile.value)
            } else {
                others[code.uppercased()] = UInt8(decile.value)
            }
        }
        englishDeciles = english
        otherDeciles = others
        count = entries.count
    }

    /// The lookup compiled into waitgap for an IoD release (MHCLG, Open Government Licence v3.0;
    /// provenance in `data/imd/PROVENANCE.md`). Decoded when first asked for: about 36,000 bytes
    /// read once, no file opened, so an installed binary needs nothing beside it.
    public static func shipped(_ vintage: IMDVintage) -> IMDLookup {
        var english = [UInt8](repeating: 0, count: 100_000)
        var number = 0
        var count = 0
        let table = compiledDeciles(vintage)
        table.withUTF8Buffer { bytes in
            for byte in bytes where byte != UInt8(ascii: "\n") {
                if byte != UInt8(ascii: ".") {
                    english[number] = byte &- UInt8(ascii: "0")
                    count += 1
                }
                number += 1
            }
        }
        return IMDLookup(englishDeciles: english, count: count, title: vintage.title, vintage: vintage)
    }

    private init(englishDeciles: [UInt8], count: Int, title: String, vintage: IMDVintage?) {
        self.title = title
        self.vintage = vintage
        self.englishDeciles = englishDeciles
        self.otherDeciles = [:]
        self.count = count
    }

    /// The decile of an LSOA code (spaces around it and letter case ignored), or nil if the
    /// lookup does not have it.
    public func decile(lsoa raw: UnsafeBufferPointer<UInt8>) -> IMDDecile? {
        let value = raw.trimmed
        if let number = IMDLookup.englishNumber(value) {
            let decile = englishDeciles[number]
            return decile == 0 ? nil : IMDDecile(Int(decile))
        }
        guard !otherDeciles.isEmpty, let decile = otherDeciles[value.text.uppercased()] else { return nil }
        return IMDDecile(Int(decile))
    }

    /// The English LSOA codes in a decile, in code order (for the sample generator).
    public func englishCodes(inDecile decile: IMDDecile) -> [String] {
        englishDeciles.indices.compactMap { number in
            guard Int(englishDeciles[number]) == decile.value else { return nil }
            let digits = String(number)
            return "E01" + String(repeating: "0", count: 6 - digits.count) + digits
        }
    }

    /// The 6-digit number of an `E01nnnnnn` code, or nil for anything else.
    private static func englishNumber(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard value.count == 9, value[0] | 0x20 == UInt8(ascii: "e"), value[1] == UInt8(ascii: "0"),
            value[2] == UInt8(ascii: "1")
        else { return nil }
        return UnsafeBufferPointer(rebasing: value[3...]).decimalValue
    }
}
