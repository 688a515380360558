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
            abstract: "List, show, remove or backfill the stored runs (aggregates: no identifiers).",
            subcommands: [List.self, Show.self, Remove.self, Import.self]
        )

        /// The history file option every subcommand takes.
        struct Location: ParsableArguments {
            @Option(help: "The run history database.")
            var history = "waitgap.sqlite"

            func open() throws -> HistoryDatabase {
                do { return try HistoryDatabase(path: history) } catch { throw Failure(error) }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the stored runs, oldest census first.")
            @OptionGroup var location: Location

            func run() throws {
                let runs: [RunRecord]
                do { runs = try location.open().runs() } catch let error as StoreError { throw Failure(error) }
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
                abstract: "Print a stored run's figures as the JSON summary (docs/summary-json.md).")
            @OptionGroup var location: Location
            @Argument(help: "The census date, YYYY-MM-DD.") var census: String

            func run() throws {
                guard let day = Day(iso: census) else { throw ValidationError("'\(census)' is not a YYYY-MM-DD date") }
                let runs: [RunRecord]
                do { runs = try location.open().runs() } catch let error as StoreError { throw Failure(error) }
                guard let run = runs.first(where: { $0.censusDate == day }) else {
                    throw Failure.data("\(location.history): no run for census \(census)")
                }
                print(RunSummary(census: run.census, version: run.waitgapVersion, packFile: nil, quarantineFile: nil).json, terminator: "")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove a census's stored run.")
            @OptionGroup var location: Location
            @Argument(help: "The census date, YYYY-MM-DD.") var census: String

            func run() throws {
                guard let day = Day(iso: census) else { throw ValidationError("'\(census)' is not a YYYY-MM-DD date") }
                let removed: Bool
                do { removed = try location.open().remove(censusDate: day) } catch let error as StoreError { throw Failure(error) }
                guard removed else { throw Failure.data("\(location.history): no run for census \(census)") }
                print("removed \(census)")
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Backfill the history from past monthly extracts: each .csv or .tsv file in a folder is one census.",
                discussion: "Reads each file as 'analyse' would (quarantine files go to --out), stores its run, and writes no pack.")
            @OptionGroup var location: Location
            @Argument(help: "The folder of past extracts.") var folder: String
            @OptionGroup(title: "Input") var input: InputOptions
            @Option(name: .customLong("out"), help: "The folder for quarantine files.") var outputDirectory = "Reports"

            func run() throws {
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
                    throw Failure.inputOutput("\(folder): cannot read the folder")
                }
                let files = names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") }.sorted().map { folder + "/" + $0 }
                guard !files.isEmpty else { throw Failure.data("\(folder): no .csv or .tsv extracts") }
                let history = try location.open()
                let options = try input.ingestOptions()
                do { try OutputFile.makeDirectory(outputDirectory) } catch { throw Failure(error) }
                for file in files {
                    let quarantine = QuarantineWriter(directory: outputDirectory)
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
