/// The written forms every coded column accepts besides its codes: the built-in tables
/// (`WrittenForms.builtIn`) and a trust's own (`--values FILE`). A column's built-in table is
/// built the first time a value of that column is not a code, so a coded extract never pays
/// for the tables.
public struct ValueForms: Sendable {
    /// A trust's own forms, by column, in the order given.
    private var local: [CodedColumn: [(form: String, code: String)]] = [:]
    /// Each local form's folded key, with its code and the row that gave it.
    private var localKeys: [CodedColumn: [String: (code: String, row: Int)]] = [:]
    /// Local forms added.
    public private(set) var localCount = 0
    /// Where local forms came from (a file's name), if any.
    public var sourceName: String?

    /// The built-in forms of every column, and no local ones.
    public static let builtIn = ValueForms()

    private init() {}

    /// The forms of one column: its built-in table with the local forms added.
    /// - Complexity: O(forms) the first time a column's built-in table is used; then O(local forms).
    public subscript(column: CodedColumn) -> WrittenForms {
        var forms = WrittenForms.builtIn(column)
        for (form, code) in local[column] ?? [] { forms.add(form: form, code: code) }
        return forms
    }

    /// Whether the trust gave forms of its own for `column`: they are read before codes, so a
    /// trust whose system writes learning disability as 1/2/3 can say what each means.
    public func hasLocal(_ column: CodedColumn) -> Bool { local[column] != nil }

    /// The trust's own forms of one column, alone.
    public func local(_ column: CodedColumn) -> WrittenForms {
        var forms = WrittenForms(column: column)
        for (form, code) in local[column] ?? [] { forms.add(form: form, code: code) }
        return forms
    }

    /// A problem with one line of a `--values` file.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The column is not a coded column.
        case unknownColumn(String)
        /// The code is not one of the column's codes.
        case invalidCode(column: CodedColumn, code: String)
        /// The written form is blank.
        case blankForm
        /// Another line gives the same written form (as matched) a different code.
        case conflict(value: String, code: String, earlierRow: Int, earlierCode: String)

        public var description: String {
            switch self {
            case .unknownColumn(let name):
                "'\(name)' is not a coded column (one of \(CodedColumn.allCases.map(\.rawValue).joined(separator: ", ")))"
            case .invalidCode(let column, let code): "'\(code)' is not a \(column.rawValue) code"
            case .blankForm: "the written form is blank"
            case .conflict(let value, let code, let row, let earlier):
                "'\(value)' means \(code) here but \(earlier) at row \(row) (forms match ignoring case, spaces and punctuation)"
            }
        }
    }

    /// Adds a trust's own form: `value` as written in `column` means `code`.
    /// - Parameter row: the line of the file that gives it, for a conflict's message.
    /// - Throws: `Problem` for an unknown column, a blank form, an invalid code, or a form that
    ///   an earlier line gave another code.
    public mutating func add(column name: String, value: String, code: String, row: Int = 0) throws(Problem) {
        let folded = Column.normalise(name)
        guard let column = CodedColumn.allCases.first(where: { Column.normalise($0.rawValue) == folded }) else {
            throw .unknownColumn(name)
        }
        let code = code.trimmingSpaces
        guard !value.trimmingSpaces.isEmpty else { throw .blankForm }
        guard column.isValidCode(code) else { throw .invalidCode(column: column, code: code) }
        let key = WrittenForms.fold(value)
        if let earlier = localKeys[column]?[key] {
            guard canonical(earlier.code, column) == canonical(code, column) else {
                throw .conflict(value: value, code: code, earlierRow: earlier.row, earlierCode: earlier.code)
            }
            return
        }
        localKeys[column, default: [:]][key] = (code, row)
        local[column, default: []].append((value, code))
        localCount += 1
    }
}

/// A code as its column spells it (`2` and `P2` are one priority), for comparing codes.
private func canonical(_ code: String, _ column: CodedColumn) -> String {
    var forms = WrittenForms(column: column)
    forms.add(form: "x", code: code)
    var probe = Array("x".utf8)
    return probe.withUnsafeMutableBufferPointer { buffer in
        forms.code(for: UnsafeBufferPointer(buffer)) { String(decoding: $0, as: UTF8.self) }
    } ?? code
}

extension String {
    /// The string without spaces and tabs around it.
    var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
