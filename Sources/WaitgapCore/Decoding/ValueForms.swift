/// The written forms every coded column accepts besides its codes: the built-in tables
/// (`WrittenForms.builtIn`) and a trust's own (`--values FILE`). A column's built-in table is
/// built the first time a value of that column is not a code, so a coded extract never pays
/// for the tables.
public struct ValueForms: Sendable {
    /// A trust's own forms, by column, in the order given (a later one wins).
    private var local: [CodedColumn: [(form: String, code: String)]] = [:]
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

    /// A problem with one line of a `--values` file.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The column is not a coded column.
        case unknownColumn(String)
        /// The code is not one of the column's codes.
        case invalidCode(column: CodedColumn, code: String)
        /// The written form is blank.
        case blankForm

        public var description: String {
            switch self {
            case .unknownColumn(let name):
                "'\(name)' is not a coded column (one of \(CodedColumn.allCases.map(\.rawValue).joined(separator: ", ")))"
            case .invalidCode(let column, let code): "'\(code)' is not a \(column.rawValue) code"
            case .blankForm: "the written form is blank"
            }
        }
    }

    /// Adds a trust's own form: `value` as written in `column` means `code`.
    /// - Throws: `Problem` for an unknown column, a blank form or an invalid code.
    public mutating func add(column name: String, value: String, code: String) throws(Problem) {
        let folded = Column.normalise(name)
        guard let column = CodedColumn.allCases.first(where: { Column.normalise($0.rawValue) == folded }) else {
            throw .unknownColumn(name)
        }
        let code = code.trimmingSpaces
        guard !value.trimmingSpaces.isEmpty else { throw .blankForm }
        guard column.isValidCode(code) else { throw .invalidCode(column: column, code: code) }
        local[column, default: []].append((value, code))
        localCount += 1
    }
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
