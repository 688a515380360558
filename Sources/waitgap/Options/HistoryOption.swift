import ArgumentParser
import Foundation
import WaitgapCore
import WaitgapStore

/// Where the run history is, by one rule for every subcommand: `--history FILE`, else the
/// environment's `WAITGAP_HISTORY`, else `waitgap.sqlite` in the current folder. (It used to
/// depend on `--out` for some commands and not others, so `history list` could read another
/// file than the one `analyse` wrote.)
struct HistoryOption: ParsableArguments {
    static let environmentVariable = "WAITGAP_HISTORY"
    static let defaultFile = "waitgap.sqlite"
    static let help =
        "The run history (SQLite, owner-only: aggregates, and the audit trail of reordered lists). Default: $WAITGAP_HISTORY, else waitgap.sqlite in the current folder."

    @Option(name: .customLong("history"), help: ArgumentHelp(help, valueName: "file"))
    var file: String?

    /// The history's path by the rule.
    var path: String { Self.path(file) }

    /// The rule: `file`, else `$WAITGAP_HISTORY`, else `waitgap.sqlite` here.
    static func path(_ file: String?) -> String {
        if let file { return file }
        if let variable = ProcessInfo.processInfo.environment[environmentVariable], !variable.isEmpty { return variable }
        return defaultFile
    }

    /// Opens the history, creating it if absent: for the commands that record runs and lists.
    func openOrCreate() throws -> HistoryDatabase {
        do { return try HistoryDatabase(path: path) } catch { throw Failure(error) }
    }

    /// Opens a history that must exist: for the commands that only read or remove what a run
    /// stored, so that one given in the wrong folder is reported, never made empty.
    /// - Throws: `Failure` (74) naming the path and the rule.
    func openExisting() throws -> HistoryDatabase {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            let source =
                file != nil
                ? "--history"
                : (path == Self.defaultFile
                    ? "the default (no --history, no $\(Self.environmentVariable))" : "$\(Self.environmentVariable)")
            throw Failure.inputOutput(
                "\(path): no run history there (from \(source)); give --history FILE or set \(Self.environmentVariable)")
        }
        return try openOrCreate()
    }
}

extension Day: ExpressibleByArgument {
    /// A date option or argument, `YYYY-MM-DD`: every date the CLI takes is read here.
    public init?(argument: String) { self.init(iso: argument) }
    public var defaultValueDescription: String { description }
}

/// A month option, `YYYY-MM` (such as `--baseline`), as its first day.
struct Month: ExpressibleByArgument, Equatable {
    var firstDay: Day

    init?(argument: String) {
        guard argument.count == 7, let day = Day(iso: argument + "-01") else { return nil }
        firstDay = day
    }

    /// `YYYY-MM`.
    var description: String { String(firstDay.description.prefix(7)) }
    var defaultValueDescription: String { description }
}
