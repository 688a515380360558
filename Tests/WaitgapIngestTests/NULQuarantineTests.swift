import Foundation
import Testing
import WaitgapCSV
import WaitgapCore
import WaitgapIngest
import WaitgapTestSupport

/// A row holding a NUL byte is quarantined alike on one core and two: the part's quarantine
/// file, which holds the row as it was, is read back with the NUL as data. (Found by an
/// independent review: extracts of 16 MiB or more failed with exit 74 on the two-core path.)
@Suite struct NULQuarantineTests {
    @Test func aNULRowIsQuarantinedAlikeOnOneCoreAndTwo() throws {
        let directory = scratchDirectory()
        let (clean, _) = try generatedExtract(rows: 4_000, seed: 21, dirtyRate: 0, in: directory)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: clean)))
        // A NUL in a row in each half of the file.
        var lineStarts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A && index + 1 < bytes.count { lineStarts.append(index + 1) }
        for line in [lineStarts.count / 4, 3 * lineStarts.count / 4] { bytes[lineStarts[line] + 3] = 0 }
        let path = directory + "/nul.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        func run(_ threshold: Int, _ name: String) throws -> (Census, [UInt8]) {
            let out = directory + "/" + name
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let quarantine = QuarantineWriter(directory: out)
            let census = try ExtractIngest.read(files: [path], options: IngestOptions(parallelThreshold: threshold), quarantine: quarantine)
            let file = try #require(try quarantine.finish(censusDate: census.censusDate))
            return (census, [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
        }
        let (sequential, sequentialQuarantine) = try run(0, "one")
        let (parallel, parallelQuarantine) = try run(1, "two")
        #expect(sequential.accounting.quarantined == 2)
        let same = sequential == parallel
        #expect(same)
        #expect(sequentialQuarantine == parallelQuarantine)
        #expect(sequentialQuarantine.contains(0))
    }
}
