/// The written forms every coded column accepts besides its codes: the built-in tables
/// (`WrittenForms.builtIn`) and a trust's own (`--values FILE`).
public struct ValueForms: Sendable {
    public var ethnicCategory: WrittenForms
    public var priority: WrittenForms
    public var sex: WrittenForms
    public var waitingListType: WrittenForms
    public var learningDisability: WrittenForms
    public var imdDecile: WrittenForms
    public var treatmentFunction: WrittenForms
    /// Local forms added.
    public private(set) var localCount = 0
    /// Where local forms came from (a file's name), if any.
    public var sourceName: String?

    /// The built-in forms of every column.
    public static let builtIn = ValueForms()

    private init() {
        ethnicCategory = .builtIn(.ethnicCategory)
        priority = .builtIn(.priority)
        sex = .builtIn(.sex)
        waitingListType = .builtIn(.waitingListType)
        learningDisability = .builtIn(.learningDisability)
        imdDecile = .builtIn(.imdDecile)
        treatmentFunction = .builtIn(.treatmentFunction)
    }

    /// The forms of one column.
    public subscript(column: CodedColumn) -> WrittenForms {
        get {
            switch column {
            case .ethnicCategory: ethnicCategory
            case .priority: priority
            case .sex: sex
            case .waitingListType: waitingListType
            case .learningDisability: learningDisability
            case .imdDecile: imdDecile
            case .treatmentFunction: treatmentFunction
            }
        }
        set {
            switch column {
            case .ethnicCategory: ethnicCategory = newValue
            case .priority: priority = newValue
            case .sex: sex = newValue
            case .waitingListType: waitingListType = newValue
            case .learningDisability: learningDisability = newValue
            case .imdDecile: imdDecile = newValue
            case .treatmentFunction: treatmentFunction = newValue
            }
        }
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
        self[column].add(form: value, code: code)
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
