import ArgumentParser
import WaitgapCSV

#if canImport(Glibc)
    import Glibc
#endif

/// waitgap: who waits longer on an elective waiting list, and is the gap closing?
struct Waitgap: ParsableCommand {
    static let version = "0.4.0"

    static let configuration = CommandConfiguration(
        commandName: "waitgap",
        abstract: "Analyse an NHS elective waiting list by ethnicity, deprivation and learning disability.",
        discussion: """
            Start with 'waitgap check EXTRACT' on a new extract: it says how each column, date and row \
            would be read. Exit codes: 0 pack written; 64 usage; 65 data (missing required column, empty \
            extract, too many rows quarantined, an equity column present but unreadable); 69 unavailable (a \
            --format's tool is missing: everything else was written); 74 I/O; 75 try again (another run of \
            the same census is writing); 1 anything else. A failure prints one line on stderr. Every command \
            finds the run history by one rule: --history FILE, else $WAITGAP_HISTORY, else waitgap.sqlite in \
            the current folder. Nightly set-up, logs and retention: docs/operations.md.
            """,
        version: version,
        subcommands: [
            Check.self, Analyse.self, Merge.self, History.self, Score.self, Override.self, Signoff.self, Audit.self, Weights.self,
            Worklist.self, Prune.self, Sample.self,
        ]
    )
}

/// The entry point: runs a command and turns every failure into one stderr line and an exit
/// code a scheduler can act on (ArgumentParser's own errors print usage over several lines).
@main
enum Entry {
    static func main() {
        do {
            var command = try Waitgap.parseAsRoot()
            try command.run()
        } catch let failure as Failure {
            Terminal.fail(failure.message, code: failure.code)
        } catch let exit as ExitCode {
            exitProcess(exit.rawValue)
        } catch {
            let code = Waitgap.exitCode(for: error)
            if code == .success {
                // --help and --version.
                print(Waitgap.fullMessage(for: error))
                exitProcess(0)
            }
            let message = Waitgap.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            Terminal.fail(message + " (see 'waitgap --help')", code: code.rawValue == 1 ? 1 : Failure.usage)
        }
    }
}

func exitProcess(_ code: Int32) -> Never {
    exit(code)
}
