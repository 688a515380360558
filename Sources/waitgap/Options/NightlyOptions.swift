import ArgumentParser
import Foundation
import WaitgapCore

/// What a nightly run of `analyse` reads and keeps besides its pack: the quarantine limit, the
/// private folder, the history and its month-on-month series, the log and retention.
struct NightlyOptions: ParsableArguments {
    @Option(help: "Fail with exit 65 when more than this share of rows is quarantined (0 to 1, or a percentage such as 5%).")
    var maxQuarantine: String = "5%"

    @Option(
        help:
            "Also write the run's aggregate to this file, for 'waitgap merge' (no identifiers, but exact small counts: owner-only, not for publication)."
    )
    var aggregateOut: String?

    @Option(
        help:
            "The analyst's folder for files that hold identifiers (the quarantine file), created owner-only; never inside --out. Default: private/ beside the output folder."
    )
    var privateDir: String?

    @OptionGroup var history: HistoryOption

    @Flag(help: "Neither read nor write the run history (no month-on-month section).")
    var noHistory = false

    @Flag(help: "SPC limits identical to NHS England's Making Data Count Excel tool (no screening of outlying moving ranges).")
    var spcExcelLimits = false

    @Option(help: ArgumentHelp("Start new SPC limits at this census date, e.g. after a change in practice.", valueName: "YYYY-MM-DD"))
    var spcRebase: Day?

    @Option(
        help: ArgumentHelp(
            "The month changes since baseline are measured from (default: the first month in the history).", valueName: "YYYY-MM"))
    var baseline: Month?

    @Option(
        help:
            "Notes to mark on every month-on-month chart, one per line as YYYY-MM-DD,text (e.g. 2026-05-01,validation sprint started)."
    )
    var annotate: String?

    @Option(
        help:
            "The pre-specified measures, one per line as dimension,group,slice,statistic (imd-quintile,1,priority:P2,mean-gap); default: deprivation, each ethnic group and learning disability, for all patients, P2 and P2–P4, and over 52 weeks."
    )
    var measures: String?

    @Option(
        help: ArgumentHelp(
            "Append the run's log lines (ISO 8601 timestamps, the run's figures) to this file (default: the closing line to stderr).",
            valueName: "file"))
    var log: String?

    @OptionGroup(title: "Retention (after a run that wrote its pack; see 'waitgap prune')")
    var retention: RetentionOptions

    @Flag(help: "Print nothing but the result lines, even on a terminal.")
    var quiet = false

    /// `--max-quarantine` as a share.
    var maxQuarantineShare: Double {
        get throws { try OutputOptions.share(maxQuarantine, option: "--max-quarantine") }
    }

    /// `--annotate`'s notes.
    var annotations: [MonthOnMonth.Annotation] {
        get throws {
            guard let annotate else { return [] }
            guard let text = try? String(contentsOfFile: annotate, encoding: .utf8) else {
                throw Failure(message: "\(annotate): cannot read the --annotate file", code: Failure.inputOutput)
            }
            do { return try MonthOnMonth.Annotation.parse(text) } catch { throw Failure.usage("\(annotate): \(error.message)") }
        }
    }

    /// `--measures`, or nil for the defaults.
    var measureDefinitions: [Measure]? {
        get throws {
            guard let measures else { return nil }
            guard let text = try? String(contentsOfFile: measures, encoding: .utf8) else {
                throw Failure(message: "\(measures): cannot read the --measures file", code: Failure.inputOutput)
            }
            do { return try Measure.parse(text) } catch { throw Failure.usage("\(measures): \(error.message)") }
        }
    }

    /// The private folder in use for a board folder.
    func privateDirectory(outputDirectory: String) -> String { privateDir ?? defaultPrivateDirectory(outputDirectory: outputDirectory) }

    func validate() throws {
        _ = try maxQuarantineShare
        if baseline != nil && noHistory { throw ValidationError("--baseline needs the run history: it cannot be used with --no-history") }
    }
}
