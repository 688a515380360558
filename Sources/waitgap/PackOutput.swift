import WaitgapCSV
import WaitgapReport

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a pack and its charts (`charts/` beside it), each file atomically.
enum PackOutput {
    /// - Returns: the pack's path.
    static func write(_ pack: BoardPack, to directory: String, format: PackFormat = .markdown) throws(OutputError) -> String {
        if format == .html {
            let path = directory + "/" + pack.htmlFileName
            try OutputFile.write(pack.html, to: path)
            return path
        }
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
}
