import WaitgapCSV
import WaitgapIngest
import WaitgapNightly
import WaitgapStore

/// A run that cannot finish, with the exit code that tells a scheduler why (INPUT.md).
struct Failure: Error {
    static let usage: Int32 = 64
    static let data: Int32 = 65
    static let unavailable: Int32 = 69
    static let inputOutput: Int32 = 74
    /// A temporary failure: another run holds what this one needs (sysexits EX_TEMPFAIL).
    static let tryAgain: Int32 = 75
    static let other: Int32 = 1

    /// One line, naming the file and, where there is one, the row and column.
    var message: String
    var code: Int32

    static func usage(_ message: String) -> Failure { Failure(message: message, code: usage) }
    static func data(_ message: String) -> Failure { Failure(message: message, code: data) }
    static func inputOutput(_ message: String) -> Failure { Failure(message: message, code: inputOutput) }

    /// The failure for an ingest error.
    init(_ error: IngestError) {
        switch error {
        case .file(let csv): self.init(message: csv.description, code: csv.isInputOutput ? Self.inputOutput : Self.data)
        case .header(_, let problem): self.init(message: error.description, code: problem.isUsage ? Self.usage : Self.data)
        case .output: self.init(message: error.description, code: Self.inputOutput)
        }
    }

    init(_ error: OutputError) { self.init(message: error.description, code: Self.inputOutput) }

    /// The failure for a history error: I/O when it cannot be used, data when it is from a
    /// newer waitgap or damaged.
    init(_ error: StoreError) {
        if case .unavailable = error {
            self.init(message: error.description, code: Self.inputOutput)
        } else {
            self.init(message: error.description, code: Self.data)
        }
    }

    /// The failure for a nightly run's error.
    init(_ error: NightlyError) {
        switch error {
        case .ingest(let error): self.init(error)
        case .output(let error): self.init(error)
        case .store(let error): self.init(error)
        case .data(let message): self.init(message: message, code: Self.data)
        case .usage(let message): self.init(message: message, code: Self.usage)
        }
    }

    init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }
}
