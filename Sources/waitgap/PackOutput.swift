import WaitgapCSV
import WaitgapReport

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
            try OutputFile.makeDirectory(directory + "/charts")
            for chart in charts { try OutputFile.write(chart.svg, to: directory + "/charts/" + chart.name) }
        }
        let path = directory + "/" + pack.fileName
        try OutputFile.write(markdown, to: path)
        return path
    }
}
