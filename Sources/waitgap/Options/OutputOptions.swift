import ArgumentParser
import WaitgapCSV
import WaitgapCore
import WaitgapNightly

#if canImport(Glibc)
    import Glibc
#endif

/// The board pack: where it goes, what it shows and in which formats (every command that writes
/// a pack: analyse and merge).
struct OutputOptions: ParsableArguments {
    @Option(
        name: .customLong("out"),
        help: "The board's folder, for the pack and its charts: it never holds an identifier. Created if missing.")
    var outputDirectory: String = "Reports"

    @Option(help: "The trust's name, for the pack's title block.")
    var trustName: String?

    @Option(help: "Also write the run's figures as JSON to this file (schema in docs/summary-json.md; exact counts: not for publication).")
    var summaryJSON: String?

    @Option(
        help:
            "The pack's formats, comma-separated: markdown or md (a .md file with SVG charts in charts/), html (one self-contained .html file, charts inline), pdf (A4, printed from the HTML by Debian's chromium, page numbers and the census date in the footer), docx (Word, through Debian's pandoc and librsvg2-bin)."
    )
    var format: PackFormats = PackFormats([.markdown])

    @Option(
        help:
            "Also write every figure the pack prints, one per line, as CSV for Power BI or Excel (after disclosure control, as the pack shows it; docs/tables-csv.md)."
    )
    var tablesCSV: String?

    @Option(help: "With --format docx: the trust's own reference document (its styles, page size and logo) instead of waitgap's.")
    var docxTemplate: String?

    @Option(
        help:
            "The completeness each optional field is expected to reach, as a share or percentage (default 95%); fields below it are marked in the pack."
    )
    var expectedCompleteness: String = "95%"

    /// `--expected-completeness` as a share.
    var expectedCompletenessShare: Double {
        get throws { try Self.share(expectedCompleteness, option: "--expected-completeness") }
    }

    @Option(
        help:
            "Show counts below this as * in the pack (default 8: counts 1 to 7, NHS Digital's rule; 10 as trusted research environments use). Other counts are rounded to the nearest 5."
    )
    var suppressBelow: Int = 8

    /// The pack's disclosure policy.
    var disclosure: DisclosurePolicy { DisclosurePolicy(threshold: suppressBelow - 1) }

    @Option(
        help:
            "The group a dimension's gaps are measured against, as dimension=group: ethnicity=white (default), deprivation=5 (default; 1 = most deprived), ld=N (default), age=18-39 (default), white-british=white-british (default). Repeat for several."
    )
    var reference: [String] = []

    @Flag(
        help:
            "Add a section with NHS England's WLMDS demographic definitions (% within 18 weeks, weekly-band medians, IMD deciles, ethnicity, age, sex) and the decile 1 against decile 10 gap."
    )
    var nhseDefinitions = false

    /// `--nhse-definitions`.
    var nationalDefinitions: Bool { nhseDefinitions }

    /// A share written as `0.05` or `5%` (a number above 1 without `%` is read as a percentage).
    static func share(_ text: String, option: String) throws -> Double {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value >= 0 else {
            throw ValidationError("\(option) must be a share (0.05) or a percentage (5%)")
        }
        let share = text.hasSuffix("%") || value > 1 ? value / 100 : value
        guard share <= 1 else { throw ValidationError("\(option) cannot exceed 100%") }
        return share
    }
    /// `--reference` applied to the defaults.
    var referenceGroups: ReferenceGroups {
        get throws {
            var groups = ReferenceGroups()
            for text in reference {
                do { try groups.set(text) } catch { throw ValidationError(error.message) }
            }
            return groups
        }
    }

    func validate() throws {
        if suppressBelow < 1 { throw ValidationError("--suppress-below must be at least 1") }
        _ = try expectedCompletenessShare
        _ = try referenceGroups
    }
}

extension PackFormats: ExpressibleByArgument {
    public init?(argument: String) { self.init(list: argument) }
}

/// The analyst's folder for files that hold identifiers (quarantine files, reordered lists and
/// their locks): `private/` in the parent of `outputDirectory`, beside the board's folder and
/// never in it.
func defaultPrivateDirectory(outputDirectory: String) -> String { parentFolder(of: outputDirectory) + "/private" }

/// The absolute path with links resolved, or nil when it does not exist.
private func resolved(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
}

/// The folder that holds `folder`: `.` for `Reports`, `/data` for `/data/Reports`, `..` for `.`.
func parentFolder(of folder: String) -> String {
    var trimmed = folder
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    if trimmed == "." || trimmed.hasSuffix("/.") { return trimmed + "." }
    if trimmed == ".." || trimmed.hasSuffix("/..") { return trimmed + "/.." }
    let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    let parent = parts.joined(separator: "/")
    return parent.isEmpty ? (trimmed.hasPrefix("/") ? "" : ".") : parent
}

/// Refuses an identifiable file (the history, a private folder) inside the board's folder.
/// - Throws: `Failure` (64) naming it and the fix.
func refuseInsideBoard(_ path: String, boardDirectory: String, what: String, option: String) throws {
    guard let board = resolved(boardDirectory), let folder = resolved(parentFolder(of: path)) else { return }
    if folder == board || folder.hasPrefix(board + "/") {
        throw Failure.usage(
            "\(path): \(what) is inside the board's folder \(boardDirectory), whose files go to the board; give \(option) outside it")
    }
}

/// Makes the private folder ready: created owner-only (0700) when absent; refused (exit 74) when
/// it is the board's folder or inside it, is not a folder, is not this user's, or can be written
/// by the group or others (anyone could then replace its files).
func preparePrivateDirectory(_ path: String, boardDirectory: String) throws {
    // Refused before it is made, so that nothing is created inside the board's folder.
    try refuseInsideBoard(path, boardDirectory: boardDirectory, what: "the private folder", option: "a --private-dir")
    do { try OutputFile.makeDirectory(path, mode: 0o700) } catch { throw Failure(error) }
    var status = stat()
    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
        throw Failure.inputOutput("\(path): the private folder is not a folder (a link is refused too); give another --private-dir")
    }
    guard status.st_uid == geteuid() else {
        throw Failure.inputOutput("\(path): the private folder belongs to another user; give another --private-dir")
    }
    guard status.st_mode & 0o022 == 0 else {
        throw Failure.inputOutput(
            "\(path): the private folder can be written by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 700 it or give another --private-dir"
        )
    }
    if let privateReal = resolved(path), let boardReal = resolved(boardDirectory),
        privateReal == boardReal || privateReal.hasPrefix(boardReal + "/")
    {
        throw Failure.usage(
            "\(path): the private folder is inside the board's folder \(boardDirectory), whose files go to the board; give a --private-dir outside it"
        )
    }
}
