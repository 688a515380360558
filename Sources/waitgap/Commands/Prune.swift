import ArgumentParser
import Foundation
import WaitgapCore
import WaitgapStore

/// How long what a run writes is kept: `waitgap prune`, and the same options on `analyse`.
struct RetentionOptions: ParsableArguments {
    /// The NHS records-management default for the audit trail of a signed-off list (docs/operations.md).
    static let defaultAuditYears = 8

    @Option(help: "Keep every census of this many days back from the latest (default 14 when pruning).")
    var keepNights: Int?

    @Option(help: "Beyond them, keep the last census of each month for this many months (default 36 when pruning).")
    var keepMonths: Int?

    @Option(
        help:
            "Keep a signed-off reordered list this many years, whatever the windows (default 8: see docs/operations.md for the records-management code). Its audit trail in the history is never removed."
    )
    var keepAuditYears: Int = defaultAuditYears

    /// Whether `analyse` was asked to prune after its run.
    var isRequested: Bool { keepNights != nil || keepMonths != nil }

    var policy: RetentionPolicy {
        RetentionPolicy(keepNights: keepNights ?? 14, keepMonths: keepMonths ?? 36, keepAuditYears: keepAuditYears)
    }

    func validate() throws {
        if let keepNights, keepNights < 1 { throw ValidationError("--keep-nights must be at least 1") }
        if let keepMonths, keepMonths < 1 { throw ValidationError("--keep-months must be at least 1") }
        if keepAuditYears < 1 { throw ValidationError("--keep-audit-years must be at least 1") }
    }

    /// Prunes `boardDirectory`, `privateDirectory` and the history, printing what went.
    /// - Parameter protecting: the census the calling run just wrote, kept whatever its date.
    func prune(
        boardDirectory: String, privateDirectory: String, history: HistoryDatabase?, protecting: Day? = nil, dryRun: Bool = false
    ) throws {
        let today = Day(daysSinceEpoch: Int(time(nil)) / 86_400)
        let pruning = Pruning(
            policy: policy, boardDirectory: boardDirectory, privateDirectory: privateDirectory, history: history, today: today,
            protected: protecting.map { [$0] } ?? [])
        do {
            if dryRun {
                let plan = try pruning.plan()
                for file in plan.files { print("would remove \(file.path)") }
                for day in plan.runs { print("would remove the stored run of \(day)") }
                print(
                    "prune (dry run): \(plan.files.count) files and \(plan.runs.count) stored runs would go; \(plan.kept.count) census dates kept"
                )
                return
            }
            let (plan, failures) = try pruning.run()
            print(
                "prune: removed \(plan.files.count - failures.count) files and \(plan.runs.count) stored runs; \(plan.kept.count) census dates kept"
            )
            if let first = failures.first {
                throw Failure.inputOutput("prune: \(first)\(failures.count > 1 ? " (and \(failures.count - 1) more)" : "")")
            }
        } catch let error as StoreError {
            throw Failure(error)
        }
    }
}

extension Waitgap {
    /// `waitgap prune`: what a trust no longer keeps, removed.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove old packs, charts, quarantine files, lists and stored runs by the retention rules.",
            discussion: """
                Keeps every census of the last --keep-nights days (counted back from the latest census \
                anywhere, or from today if that is earlier: a census dated in the future by mistake never \
                makes the others look old), and beyond them the last census of each month for \
                --keep-months months; removes the rest: packs, score summaries and charts from --out, \
                quarantine files, reordered lists and worklists from the private folder, and stored runs \
                from the history (then compacted). A signed-off list is kept --keep-audit-years. The \
                list audit trail is append-only and never removed. Only files waitgap names are touched.
                """
        )

        @Option(name: .customLong("out"), help: "The board's folder.")
        var outputDirectory = "Reports"

        @Option(help: "The private folder. Default: private/ beside the output folder.")
        var privateDir: String?

        @OptionGroup var history: HistoryOption

        @Flag(help: "Leave the history alone (files only).")
        var noHistory = false

        @OptionGroup var retention: RetentionOptions

        @Flag(help: "Print what would be removed, and remove nothing.")
        var dryRun = false

        func run() throws {
            try retention.prune(
                boardDirectory: outputDirectory, privateDirectory: privateDir ?? defaultPrivateDirectory(outputDirectory: outputDirectory),
                history: noHistory ? nil : try history.openExisting(), dryRun: dryRun)
        }
    }
}
