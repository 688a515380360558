import Foundation
import WaitgapCSV
import WaitgapReport

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a pack in each format asked for, each file atomically: Markdown with its charts
/// (`charts/` beside it), one self-contained HTML file, a PDF printed from that HTML.
enum PackOutput {
    /// What was written, and a format that could not be (its tool missing), if any.
    struct Written {
        /// The pack's paths, in the order of the formats asked for.
        var paths: [String] = []
        /// One line: the format whose tool is missing and the Debian package that brings it.
        var unavailable: String?
        /// The first path (what the run prints as the board pack).
        var primary: String { paths.first ?? "" }
    }

    /// - Returns: the paths written, and a format that could not be written.
    static func write(_ pack: BoardPack, to directory: String, formats: PackFormats = PackFormats([.markdown])) throws(OutputError)
        -> Written
    {
        var written = Written()
        for format in formats.formats {
            switch format {
            case .markdown: written.paths.append(try writeMarkdown(pack, to: directory))
            case .html:
                let path = directory + "/" + pack.htmlFileName
                try OutputFile.write(pack.html, to: path)
                written.paths.append(path)
            case .pdf:
                guard let chromium = chromiumPath else {
                    written.unavailable =
                        "the PDF pack needs chromium, which is not installed (Debian: apt-get install chromium); the other formats were written"
                    continue
                }
                written.paths.append(try writePDF(pack, to: directory, chromium: chromium))
            }
        }
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
    static var chromiumPath: String? {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["WAITGAP_CHROMIUM"] { return FileManager.default.isExecutableFile(atPath: given) ? given : nil }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        return nil
    }

    /// Prints the HTML pack to A4 with headless Chromium: into a temporary file beside the PDF,
    /// renamed over it once Chromium has finished, so a reader never sees half a PDF.
    private static func writePDF(_ pack: BoardPack, to directory: String, chromium: String) throws(OutputError) -> String {
        let path = directory + "/" + pack.pdfFileName
        let stem = directory + "/.waitgap-print-\(getpid())"
        let html = stem + ".html"
        let pdf = stem + ".pdf"
        defer {
            unlink(html)
            unlink(pdf)
        }
        unlink(pdf)
        try OutputFile.write(pack.printHTML, to: html)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // A profile of its own, so that a browser the analyst has open is never disturbed.
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(stem)-profile",
            "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            throw OutputError(path: path, reason: "chromium could not be started: \(error)")
        }
        try? FileManager.default.removeItem(atPath: stem + "-profile")
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw OutputError(path: path, reason: "chromium could not print the pack (exit \(process.terminationStatus))")
        }
        guard rename(pdf, path) == 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        return path
    }
}
