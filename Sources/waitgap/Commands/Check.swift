import ArgumentParser
import WaitgapCore
import WaitgapIngest
import WaitgapReport

extension Waitgap {
    /// `waitgap check`: one pass over an extract that writes nothing and says how it would be read.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Read an extract once, write nothing, and say how 'analyse' would read it.",
            discussion: """
                Prints the column mapping (and columns ignored), per coded column the share of values \
                recognised and the unrecognised values that at least 10 rows share, how each date column \
                is read and on what evidence, the delimiter and encoding, the census date, the rows that \
                would be quarantined or out of scope by reason, the equity dimensions that would and would \
                not be analysed, and the exit code 'analyse' would give with the same options; check exits \
                with that code too. Run it first on a new extract. Memory and speed as 'analyse'.
                """
        )

        @Argument(help: "The extract files (CSV; '-' is standard input). Several files are one census.")
        var extracts: [String]

        @OptionGroup(title: "Input")
        var input: InputOptions

        @Option(help: "The most rows that may be quarantined before analyse stops (a share, 0.05, or a percentage, 5%).")
        var maxQuarantine: String = "5%"

        @Flag(help: "Print the report as JSON (schema waitgap-check, version 1).")
        var json = false

        func run() throws {
            try checkDistinct(extracts)
            let options = try input.ingestOptions()
            let maxShare = try OutputOptions.share(maxQuarantine, option: "--max-quarantine")
            let census: Census
            do {
                census = try ExtractIngest.read(files: extracts, options: options, quarantine: .discarding())
            } catch {
                throw Failure(error)
            }
            let report = CheckReport(
                census: census, reading: ReadingCheck(census: census, allowUnusable: Set(input.allowUnusable)),
                maxQuarantineShare: maxShare)
            print(json ? report.json : report.text, terminator: "")
            if report.analyseExitCode != 0 { throw ExitCode(report.analyseExitCode) }
        }
    }
}
