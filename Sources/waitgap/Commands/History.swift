import ArgumentParser
import Foundation
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapReport
import WaitgapStore

extension Waitgap {
    /// `waitgap history`: the stored runs behind the month-on-month section.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List, show, remove or backfill the stored runs (aggregates: no identifiers).",
            subcommands: [List.self, Show.self, Remove.self, Import.self]
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "List the stored runs, oldest census first.")
            @OptionGroup var location: HistoryOption

            func run() throws {
                let runs: [RunRecord]
                do { runs = try location.openExisting().runs() } catch let error as StoreError { throw Failure(error) }
                print("census      recorded              rows in    analysed  out of scope  quarantined  extract")
                for run in runs {
                    let accounting = run.census.accounting
                    let columns = [
                        run.censusDate.description, run.recordedAt, String(accounting.rowsIn), String(accounting.analysed),
                        String(accounting.outOfScope), String(accounting.quarantined),
                        "\(run.extractBytes) bytes, \(run.extractFingerprint)",
                    ]
                    print(columns.joined(separator: "  "))
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "show",
                abstract: "Print a stored run's figures as the JSON summary (docs/summary-json.md).")
            @OptionGroup var location: HistoryOption
            @Argument(help: ArgumentHelp("The census date.", valueName: "YYYY-MM-DD")) var census: Day

            func run() throws {
                let day = census
                let runs: [RunRecord]
                do { runs = try location.openExisting().runs() } catch let error as StoreError { throw Failure(error) }
                guard let run = runs.first(where: { $0.censusDate == day }) else {
                    throw Failure.data("\(location.path): no run for census \(census)")
                }
                print(RunSummary(census: run.census, version: run.waitgapVersion, packFile: nil, quarantineFile: nil).json, terminator: "")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "remove", abstract: "Remove a census's stored run.")
            @OptionGroup var location: HistoryOption
            @Argument(help: ArgumentHelp("The census date.", valueName: "YYYY-MM-DD")) var census: Day

            func run() throws {
                let day = census
                let removed: Bool
                do { removed = try location.openExisting().remove(censusDate: day) } catch let error as StoreError { throw Failure(error) }
                guard removed else { throw Failure.data("\(location.path): no run for census \(census)") }
                print("removed \(census)")
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Backfill the history from past monthly extracts: each .csv or .tsv file in a folder is one census.",
                discussion:
                    "Reads each file as 'analyse' would (quarantine files go to the private folder, owner-only), stores its run, and writes no pack."
            )
            @OptionGroup var location: HistoryOption
            @Argument(help: "The folder of past extracts.") var folder: String
            @OptionGroup(title: "Input") var input: InputOptions
            @Option(help: "The analyst's folder for the quarantine files (they hold identifiable rows), created owner-only.")
            var privateDir = "private"

            func run() throws {
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
                    throw Failure.inputOutput("\(folder): cannot read the folder")
                }
                let files = names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") }.sorted().map { folder + "/" + $0 }
                guard !files.isEmpty else { throw Failure.data("\(folder): no .csv or .tsv extracts") }
                let history = try location.openOrCreate()
                let options = try input.ingestOptions()
                try preparePrivateDirectory(privateDir, boardDirectory: folder)
                for file in files {
                    let quarantine = QuarantineWriter(directory: privateDir)
                    let census: Census
                    do { census = try ExtractIngest.read(files: [file], options: options, quarantine: quarantine) } catch {
                        throw Failure(error)
                    }
                    do { try quarantine.finish(censusDate: census.censusDate) } catch { throw Failure(error) }
                    guard let censusDate = census.censusDate else { throw Failure.data("\(file): no census date") }
                    let (bytes, fingerprint) = ExtractFingerprint.of([file])
                    let record = RunRecord(
                        censusDate: censusDate, recordedAt: Terminal.timestamp(), waitgapVersion: Waitgap.version, extractBytes: bytes,
                        extractFingerprint: fingerprint, options: "max-wait-weeks=\(input.maxWaitWeeks); imported",
                        census: census.publishable())
                    do { try history.save(record) } catch { throw Failure(error) }
                    print("\(censusDate): \(census.accounting.line)")
                }
            }
        }
    }
}
