import Foundation
import WaitgapCSV
import WaitgapReport

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a pack in each format asked for, each file atomically: Markdown with its charts
/// (`charts/` beside it), one self-contained HTML file, a PDF printed from that HTML.
public enum PackOutput {
    /// What was written, and a format that could not be (its tool missing), if any.
    public struct Written: Sendable {
        /// The pack's paths, in the order of the formats asked for.
        public var paths: [String] = []
        /// One line: the format whose tool is missing and the Debian package that brings it.
        public var unavailable: String?
        /// The first path (what the run prints as the board pack).
        public var primary: String { paths.first ?? "" }
    }

    /// - Parameter docxTemplate: the trust's own reference document for DOCX (`--docx-template`).
    /// - Returns: the paths written, and a format that could not be written.
    public static func write(
        _ pack: BoardPack, to directory: String, formats: PackFormats = PackFormats([.markdown]), docxTemplate: String? = nil
    ) throws(OutputError) -> Written {
        var written = Written()
        var missing: [String] = []
        for format in formats.formats {
            switch format {
            case .markdown: written.paths.append(try writeMarkdown(pack, to: directory))
            case .html:
                let path = directory + "/" + pack.htmlFileName
                try OutputFile.write(pack.html, to: path)
                written.paths.append(path)
            case .pdf:
                guard let chromium = chromiumPath else {
                    missing.append("the PDF pack needs chromium (Debian: apt-get install chromium)")
                    continue
                }
                written.paths.append(try writePDF(pack, to: directory, chromium: chromium))
            case .docx:
                guard let pandoc = tool("pandoc", override: "WAITGAP_PANDOC"), let rsvg = tool("rsvg-convert", override: "WAITGAP_RSVG")
                else {
                    missing.append("the DOCX pack needs pandoc and rsvg-convert (Debian: apt-get install pandoc librsvg2-bin)")
                    continue
                }
                written.paths.append(try writeDOCX(pack, to: directory, pandoc: pandoc, rsvg: rsvg, template: docxTemplate))
            }
        }
        if !missing.isEmpty { written.unavailable = missing.joined(separator: "; ") + "; the other formats were written" }
        return written
    }

    private static func writeMarkdown(_ pack: BoardPack, to directory: String) throws(OutputError) -> String {
        let (markdown, charts) = pack.rendered
        if !charts.isEmpty {
            // A link planted at charts/ would send the files (and the clearing of leftovers)
            // elsewhere: only a real folder of this user's is written into.
            var status = stat()
            if lstat(directory + "/charts", &status) == 0, status.st_mode & S_IFMT != S_IFDIR || status.st_uid != geteuid() {
                throw OutputError(
                    path: directory + "/charts", reason: "not a folder of yours (a link is refused); remove it and run again")
            }
            try OutputFile.makeDirectory(directory + "/charts")
            for chart in charts { try OutputFile.write(chart.svg, to: directory + "/charts/" + chart.name) }
        }
        let path = directory + "/" + pack.fileName
        try OutputFile.write(markdown, to: path)
        return path
    }

    /// Chromium's path: `WAITGAP_CHROMIUM` if set, else `chromium` or `chromium-browser` on the PATH.
    static var chromiumPath: String? { tool("chromium", "chromium-browser", override: "WAITGAP_CHROMIUM") }

    /// A tool's path: the environment variable `override` if set (nil when it names nothing
    /// runnable), else the first of `names` on the PATH.
    static func tool(_ names: String..., override: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment[override] { return FileManager.default.isExecutableFile(atPath: given) ? given : nil }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }

    /// Runs a tool and waits; its output is discarded.
    /// - Returns: its exit status.
    private static func run(_ tool: String, _ arguments: [String], in folder: String? = nil) throws(OutputError) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            throw OutputError(path: tool, reason: "could not be started: \(error)")
        }
        return process.terminationStatus
    }

    /// The DOCX pack, through pandoc with the compiled-in reference document (or the trust's
    /// own), charts as PNG rendered by rsvg-convert: built in a private folder beside the pack,
    /// renamed over it when done.
    private static func writeDOCX(_ pack: BoardPack, to directory: String, pandoc: String, rsvg: String, template: String?)
        throws(OutputError) -> String
    {
        let path = directory + "/" + pack.docxFileName
        let work = try workFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (markdown, charts) = pack.rendered
        try OutputFile.makeDirectory(work + "/charts", mode: 0o700)
        for chart in charts {
            let svg = work + "/charts/" + chart.name
            try OutputFile.write(chart.svg, to: svg)
            let png = String(svg.dropLast(4)) + ".png"
            let width = chart.name.hasPrefix("mdc-") ? "64" : "1400"
            guard try run(rsvg, ["-w", width, "-o", png, svg]) == 0 else {
                throw OutputError(path: path, reason: "rsvg-convert could not draw \(chart.name)")
            }
        }
        try OutputFile.write(pack.docxMarkdown(markdown), to: work + "/pack.md")
        let reference = work + "/reference.docx"
        if let template {
            do { try FileManager.default.copyItem(atPath: template, toPath: reference) } catch {
                throw OutputError(path: template, reason: "cannot read the --docx-template: \(error.localizedDescription)")
            }
        } else {
            let bytes = Data(base64Encoded: ReferenceDocx.base64, options: .ignoreUnknownCharacters) ?? Data()
            do { try bytes.write(to: URL(fileURLWithPath: reference)) } catch { throw OutputError(path: reference, reason: "\(error)") }
        }
        guard
            try run(pandoc, ["-f", "markdown", "-t", "docx", "--reference-doc=reference.docx", "-o", "pack.docx", "pack.md"], in: work) == 0
        else {
            throw OutputError(path: path, reason: "pandoc could not write the DOCX pack")
        }
        try publish(work + "/pack.docx", to: path, tool: "pandoc")
        return path
    }

    /// A folder of this process's own for a tool's work, made owner-only by `mkdtemp` in the
    /// temporary folder (never the board's: nothing half-made or plantable sits beside the pack).
    private static func workFolder() throws(OutputError) -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/waitgap-work-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw OutputError(path: base, reason: String(cString: strerror(errno))) }
        return String(cString: made)
    }

    /// Reads a tool's result (a regular file, not a link) and writes it to `path` as every
    /// output is written: atomically, refusing what should not be replaced.
    private static func publish(_ result: String, to path: String, tool: String) throws(OutputError) {
        var status = stat()
        guard lstat(result, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            let bytes = FileManager.default.contents(atPath: result)
        else { throw OutputError(path: path, reason: "\(tool) wrote no file") }
        let file = try OutputFile(path: path)
        try file.write(Array(bytes))
        try file.commit()
    }

    /// Prints the HTML pack to A4 with headless Chromium, in a work folder of its own.
    private static func writePDF(_ pack: BoardPack, to directory: String, chromium: String) throws(OutputError) -> String {
        let path = directory + "/" + pack.pdfFileName
        let work = try workFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let html = work + "/pack.html"
        let pdf = work + "/pack.pdf"
        try OutputFile.write(pack.printHTML, to: html)
        // A profile of its own, so that a browser the analyst has open is never disturbed;
        // Chromium's sandbox cannot run as root, so only then is it turned off.
        var arguments = ["--headless", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(work)/profile"]
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments += ["--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString]
        let status = try run(chromium, arguments)
        guard status == 0 else { throw OutputError(path: path, reason: "chromium could not print the pack (exit \(status))") }
        try publish(pdf, to: path, tool: "chromium")
        return path
    }
}
