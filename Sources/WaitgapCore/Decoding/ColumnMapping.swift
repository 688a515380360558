/// Which field of an extract's header holds each canonical column.
public struct ColumnMapping: Sendable, Equatable {
    /// The header, as written.
    public let header: [String]
    /// Field index (0-based) of each column the header has.
    public private(set) var indices: [Column: Int] = [:]

    /// Problems that make a header unusable.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// A required column is absent (exit 65).
        case missing(Column)
        /// Two header fields name the same column (a usage error, exit 64).
        case namedTwice(Column, first: String, second: String)
        /// A mapping-file line names a canonical column that does not exist (exit 64).
        case unknownCanonical(String)

        public var description: String {
            switch self {
            case .missing(let column):
                return "required column '\(column.rawValue)' is missing (rename it in the extract or map it with --columns)"
            case .namedTwice(let column, let first, let second):
                return "column '\(column.rawValue)' is named twice, as '\(first)' and '\(second)'"
            case .unknownCanonical(let name):
                return "--columns maps to '\(name)', which is not a waitgap column (see 'waitgap analyse --help')"
            }
        }

        /// True when the analyst's options, not the extract, are at fault.
        public var isUsage: Bool {
            if case .missing = self { return false }
            return true
        }
    }

    /// Maps a header.
    /// - Parameters:
    ///   - header: the header's fields.
    ///   - renames: extract header name → canonical column name (from `--columns`); matched
    ///     like header names (case, spaces and underscores ignored).
    ///   - censusDateGiven: whether `--census-date` makes `census_date` optional.
    /// - Throws: `Problem` for a missing required column or a column named twice.
    public init(header: [String], renames: [String: String] = [:], censusDateGiven: Bool) throws(Problem) {
        self.header = header
        var folded: [String: Column] = Column.byNormalisedName
        for (from, to) in renames {
            guard let column = Column(rawValue: Column.normalise(to)) else { throw .unknownCanonical(to) }
            folded[Column.normalise(from)] = column
        }
        for (index, name) in header.enumerated() {
            let key = Column.normalise(name.hasPrefix("\u{FEFF}") ? String(name.dropFirst()) : name)
            guard let column = folded[key] else { continue }
            if let earlier = indices[column] {
                throw .namedTwice(column, first: header[earlier], second: name)
            }
            indices[column] = index
        }
        for column in Column.allCases where column.isRequired && indices[column] == nil {
            throw .missing(column)
        }
        if !censusDateGiven && indices[.censusDate] == nil { throw .missing(.censusDate) }
    }

    /// The field index of a column, or nil when the extract lacks it.
    public subscript(column: Column) -> Int? { indices[column] }

    /// The header name of the field at `index` (for messages).
    public func name(at index: Int) -> String { index < header.count ? header[index] : "#\(index + 1)" }
}
