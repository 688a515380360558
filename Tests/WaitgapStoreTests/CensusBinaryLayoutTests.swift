import Foundation
import GRDB
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapSample
import WaitgapStore
import WaitgapTestSupport

/// The census of a generated extract, read as `waitgap analyse` reads it.
func generatedCensus(rows: Int, seed: UInt64, dirtyRate: Double = 0, plus: Bool = false) throws -> Census {
    let directory = scratchDirectory("census-\(rows)-\(seed)-\(plus)")
    var generator = SampleGenerator(options: SampleOptions(rows: rows, seed: seed, dirtyRate: dirtyRate))
    var bytes: [UInt8] = []
    _ = generator.write { bytes += $0 }
    let path = directory + "/extract.csv"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    var options = IngestOptions()
    // Any column can define the PLUS group; the learning disability flag gives all three groups.
    if plus { options.decoding.plus = PlusGroupDefinition(column: "learning_disability", values: ["Y"], name: "flagged") }
    return try ExtractIngest.read(files: [path], options: options, quarantine: QuarantineWriter(directory: directory))
}

/// The 0.2.0 history committed for the release-compatibility tests.
let history020 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("WaitgapEndToEndTests/Fixtures/v0.2.0/history-0.2.0.db").path

/// The aggregates of a history's runs, as stored, by census date.
func storedAggregates(_ path: String) throws -> [String: Data] {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
        Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT censusDate, aggregate FROM run").map {
                ($0["censusDate"], $0["aggregate"])
            })
    }
}

@Suite struct CensusBinaryLayoutTests {
    func roundTrip(_ census: Census) throws -> Census {
        let bytes = try census.binaryEncoded()
        #expect(Census.isBinary(bytes))
        #expect(Array(bytes.prefix(5)) == Census.binaryMagic + [3])
        return try Census(binary: bytes)
    }

    @Test(arguments: [
        (0, UInt64(1), 0.0, false), (1, 2, 0, false), (7, 3, 0, true), (300, 4, 0.05, false), (4_000, 5, 0.01, true),
        (25_000, 6, 0.002, true),
    ])
    func aGeneratedCensusComesBackExactly(rows: Int, seed: UInt64, dirtyRate: Double, plus: Bool) throws {
        let census = try generatedCensus(rows: rows, seed: seed, dirtyRate: dirtyRate, plus: plus)
        #expect(census.accounting.analysed > 0 || rows == 0)
        let decoded = try roundTrip(census)
        let same = decoded == census
        #expect(same, "\(rows) rows, seed \(seed)")
        #expect(decoded.reading == census.reading)
        #expect(decoded.plus == census.plus)
        for dimension in EquityDimension.registry {
            #expect(decoded.waits(dimension) == census.waits(dimension), "\(dimension.id)")
            for slice in Slice.allSlices { #expect(decoded.moments(dimension, in: slice) == census.moments(dimension, in: slice)) }
        }
        // And as the publishable census the history is given.
        let publishable = census.publishable()
        let back = try roundTrip(publishable)
        #expect(back == publishable)
    }

    @Test func aMergedCensusComesBackExactly() throws {
        var census = try generatedCensus(rows: 3_000, seed: 11, plus: true)
        census.merge(try generatedCensus(rows: 2_000, seed: 12, plus: true))
        let same = try roundTrip(census) == census
        #expect(same)
    }

    @Test func everyLayout1CensusOf020ComesBackExactly() throws {
        let stored = try storedAggregates(history020)
        #expect(stored.count == 3)
        for (month, aggregate) in stored {
            #expect(!Census.isBinary(aggregate))
            let census = try JSONDecoder().decode(Census.self, from: aggregate)
            // Layout 1 kept no age bands and no PLUS group: the binary layout keeps them unavailable.
            #expect(census.unavailability(of: .ageBand) != nil)
            let decoded = try roundTrip(census)
            let same = decoded == census
            #expect(same, "\(month)")
            #expect(decoded.unadjustable == census.unadjustable)
        }
    }

    /// A census no waitgap counted (sums that disagree with the histograms, a one-patient cell
    /// whose squares are not its days squared, an all-patients cell that is not the sum of the
    /// priorities'), made by editing layout-2 JSON: the binary layout keeps it exactly too.
    @Test func aCensusNoWaitgapCountedComesBackExactly() throws {
        let census = try generatedCensus(rows: 2_000, seed: 21)
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(census)) as! [String: Any]
        var crossed = object["crossed"] as! [String: Any]
        var histograms = crossed["histograms"] as! [[String: Any]]
        var waits = histograms[0]["waits"] as! [String: Any]
        waits["totalDays"] = (waits["totalDays"] as! Int) + 1
        histograms[0]["waits"] = waits
        crossed["histograms"] = histograms
        var moments = crossed["moments"] as! [[String: Any]]
        var cell = moments[0]["waits"] as! [String: Any]
        cell["totalSquaredDays"] = 0
        cell["overThresholds"] = [0, 3, 0, 0, 0]
        moments[0]["waits"] = cell
        crossed["moments"] = moments
        object["crossed"] = crossed
        var caseMix = object["caseMix"] as! [String: [String: [[Any]]]]
        let id = caseMix.keys.sorted()[0]
        let group = caseMix[id]!.keys.sorted()[0]
        caseMix[id]![group]![0] = [caseMix[id]![group]![0][0], 1, 500, 7, 0]
        object["caseMix"] = caseMix
        let edited = try JSONDecoder().decode(Census.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(edited != census)
        let same = try roundTrip(edited) == edited
        #expect(same)
    }

    @Test func aGeneratedMonthIsAFractionOfItsJSON() throws {
        let census = try generatedCensus(rows: 25_000, seed: 6)
        let json = try JSONEncoder().encode(census).count
        let binary = try census.binaryEncoded().count
        #expect(binary * 5 < json, "\(binary) bytes against \(json) in JSON")
    }

    @Test func aNewerLayoutIsRefusedAsUnknown() throws {
        var bytes = try generatedCensus(rows: 100, seed: 31).binaryEncoded()
        bytes[4] = 4
        #expect(throws: CensusLayoutError.self) { _ = try Census(binary: bytes) }
    }

    @Test(arguments: ["C_110", "P2", "female", "learning-disability", "imd-quintile"])
    func aCodeThisWaitgapDoesNotKnowIsRefused(code: String) throws {
        let bytes = try generatedCensus(rows: 2_000, seed: 32).binaryEncoded()
        // The same length, so that only the code changes: `C_110` → `C_11?`.
        let original = Array(code.utf8)
        let renamed = original.dropLast() + [UInt8(ascii: "?")]
        var edited = bytes
        var index = 0
        var replaced = 0
        while index + 1 + original.count <= edited.count {
            // A code is a length byte then the bytes: match that, not a longer code containing it.
            if edited[index] == UInt8(original.count), Array(edited[(index + 1)..<(index + 1 + original.count)]) == original {
                edited.replaceSubrange((index + 1)..<(index + 1 + original.count), with: renamed)
                replaced += 1
            }
            index += 1
        }
        #expect(replaced >= 1)
        // Resealed, as a newer waitgap would have written it: refused for the code, not the checksum.
        edited = Census.sealed(Array(edited.dropLast(4)))
        let error = #expect(throws: CensusLayoutError.self) { _ = try Census(binary: edited) }
        #expect(error?.message.contains("does not know") == true, "\(error?.message ?? "")")
    }

    @Test func damagedBytesAreRefusedNeverTrapped() throws {
        let bytes = try generatedCensus(rows: 200, seed: 41, plus: true).binaryEncoded()
        // Truncations everywhere (every 13th byte, and the last ones).
        for end in Array(stride(from: 0, to: bytes.count, by: 13)) + Array((bytes.count - 40)..<bytes.count) {
            #expect(throws: (any Error).self) { _ = try Census(binary: Array(bytes[..<end])) }
        }
        // Bytes flipped everywhere, one to four of them: refused by the checksum, never read as
        // another census (without it, 35 of 400 such changes decoded), never a trap.
        var random = SplitMix64(seed: 7)
        for _ in 0..<400 {
            var damaged = bytes
            for _ in 0...random.below(4) {
                let position = Census.binaryMagic.count + 1 + random.below(bytes.count - Census.binaryMagic.count - 1)
                damaged[position] ^= UInt8(1 + random.below(255))
            }
            #expect(throws: (any Error).self) { _ = try Census(binary: damaged) }
        }
    }
}
