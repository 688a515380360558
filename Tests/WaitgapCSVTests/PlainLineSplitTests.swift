import Testing

@testable import WaitgapCSV

/// The reader splits most lines itself (`CSVReader.splitPlainLine`) and leaves the rest to
/// libcsv. Whatever the bytes, both ways must give the same records, positions, malformed
/// records (reason, column, message, raw bytes) and blank lines: these tests read random and
/// hand-picked inputs both ways and compare everything, and check that the split is really used.
@Suite struct PlainLineSplitTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Everything a reader produced.
    struct Outcome: Equatable {
        var records: [[[UInt8]]] = []
        var positions: [Position] = []
        var malformed: [MalformedRecord] = []
        var blankLines = 0
        var header: [String]?
    }

    /// Reads `bytes` with the split on or off; returns what was read and how many lines were split.
    func read(_ bytes: [UInt8], dialect: CSVDialect, split: Bool, hasHeader: Bool = true) throws -> (Outcome, Int) {
        let reader = CSVReader(bytes: bytes, dialect: dialect, hasHeader: hasHeader)
        reader.splitsPlainLines = split
        var result = Outcome()
        try reader.forEachRecord { record in
            result.records.append((0..<record.count).map { Array(record[$0]) })
            result.positions.append(record.position)
        } onMalformed: {
            result.malformed.append($0)
        }
        result.blankLines = reader.blankLines
        result.header = hasHeader ? reader.header : nil
        return (result, reader.linesSplitHere)
    }

    /// Reads both ways and expects the same; returns the lines split.
    @discardableResult
    func expectSame(_ text: [UInt8], dialect: CSVDialect = CSVDialect(), hasHeader: Bool = true, _ note: String) throws -> Int {
        let (libcsv, none) = try read(text, dialect: dialect, split: false, hasHeader: hasHeader)
        let (split, lines) = try read(text, dialect: dialect, split: true, hasHeader: hasHeader)
        #expect(none == 0)
        #expect(split == libcsv, "\(note): \(String(decoding: text, as: UTF8.self).debugDescription)")
        return lines
    }

    @Test(arguments: 1...300)
    func randomBytesReadTheSameBothWays(seed: Int) throws {
        var random = Generator(state: UInt64(seed) &* 0x9E37_79B9)
        // Bytes that matter to the split and to libcsv, weighted towards ordinary data.
        let alphabet: [[UInt8]] = [
            Array("ab".utf8), Array("x".utf8), Array("7".utf8), [0x20], [0x09], [0x2C], [0x2C], [0x2C], [0x22], [0x22, 0x22],
            [0x0A], [0x0D, 0x0A], [0x0D], [0x00], [0x3B], Array("\"q,r\"".utf8), Array("\"\"".utf8), [0xC3, 0xA9],
        ]
        let columns = 1 + random.next(6)
        var text = Array((0..<columns).map { "h\($0)" }.joined(separator: ",").utf8) + [0x0A]
        for _ in 0..<(1 + random.next(40)) {
            for _ in 0..<random.next(30) { text += alphabet[random.next(alphabet.count)] }
            if random.next(3) > 0 { text += random.next(2) == 0 ? [0x0A] : [0x0D, 0x0A] }
        }
        try expectSame(text, "seed \(seed)")
        try expectSame(text, hasHeader: false, "seed \(seed), no header")
    }

    @Test(arguments: 1...100)
    func randomWellFormedRecordsAreSplitHereAndReadTheSame(seed: Int) throws {
        var random = Generator(state: UInt64(seed))
        let columns = 1 + random.next(20)
        var text = Array((0..<columns).map { "h\($0)" }.joined(separator: ",").utf8) + [0x0A]
        let rows = 1 + random.next(50)
        for _ in 0..<rows {
            var fields: [String] = []
            for column in 0..<columns {
                let plain = String((0..<random.next(12)).map { _ in Array("ab c\t19-")[random.next(8)] })
                switch random.next(4) {
                case 0: fields.append("\"" + plain.replacingOccurrences(",", "") + ", x\"")
                case 1 where column == 0: fields.append("z" + plain)
                default: fields.append(plain)
                }
            }
            if columns == 1 && fields[0].allSatisfy({ $0 == " " || $0 == "\t" }) { fields[0] = "z" }
            text += Array(fields.joined(separator: ",").utf8) + (random.next(2) == 0 ? [0x0A] : [0x0D, 0x0A])
        }
        let lines = try expectSame(text, "seed \(seed)")
        // The header and every row: all of them plain or simply quoted.
        #expect(lines == rows + 1, "seed \(seed)")
    }

    @Test func handPickedLinesReadTheSame() throws {
        let cases = [
            "a,b,c\n1,2,3\n", "a,b,c\n1,2,3", "a,b,c\r\n1,2,3\r\n", "a,b,c\n1,2,\n", "a,b,c\n,,\n", "a,b,c\n\"\",\"\",\"\"\n",
            "a,b,c\n\"1,2\",3,4\n", "a,b,c\n1,\"2\",\"3\"\n", "a,b,c\n1,\"2\" ,3\n", "a,b,c\n1, \"2\",3\n", "a,b,c\n1,2\"x,3\n",
            "a,b,c\n1,\"2\"\"x\",3\n", "a,b,c\n1,\"2\nx\",3\n", "a,b,c\n1,2\r3,4\n", "a,b,c\n1,2,3\r\r\n", "a,b,c\n1,2\0,3\n",
            "a,b,c\n1,\"2\0\",3\n", "a,b,c\n1,\"2\r\",3\n", "a,b,c\n1,2\n", "a,b,c\n1,2,3,4\n", "a,b,c\n1,2,3,4,5,6,7,8,9,10,11,12\n",
            "a,b,c\n\"1\",\"2\",\"3\"\r\n", "a,b,c\n\"1\"\n", "a,b,c\n  ,\t, \n", "a,b,c\n \n1,2,3\n", "a,b,c\n1,2,\"3\n",
            "a,b,c\n1,2,\"3\"x\n", "a\n\"\"\"\"\n", "a,b,c\n123456789012345,abcdefghijklmnopqrstuvwxyz,\"quoted, with comma\"\n",
            "\u{FEFF}a,b\n1,2\n", "a,b\n1,\"é,è\"\n", "a,b\n\"unclosed,2\n3,4\n5,6\n",
            "a,b\n\"x\"\"y\",z\n", "a,b\nz,\"\"\"Day case\"\" cystoscopy\"\n", "a,b\n\"\"\"\",\"\"\n", "a,b\n\"x\"\"\",\"\"\"\"y\"\n",
            "a,b\n\"x\"\"y\" ,z\n", "a,b\n\"x\"\"y\"q,z\n", "a,b\n\"x\"\"y\",z\"\n", "a,b\n\"x\"\"y\",z,w\n", "a,b\n\"x\"\"y\r\",z\n",
            "a,b\n\"x\"\"y\0\",z\n", "a,b\n\"x\"\"y\n\",z\n", "a,b\n\"x\"\"y\",\"\n", "a\n\"x\"\"\n",
        ]
        for text in cases { try expectSame(Array(text.utf8), text) }
        var semicolons = CSVDialect()
        semicolons.delimiter = UInt8(ascii: ";")
        try expectSame(Array("a;b\n1;\"x;y\"\n2,3;4\n".utf8), dialect: semicolons, "semicolons")
        var tabs = CSVDialect()
        tabs.delimiter = 0x09
        try expectSame(Array("a\tb\n1\t\"x\ty\"\n 2 \t\t\n3\t4\n".utf8), dialect: tabs, "tabs")
        var apostrophes = CSVDialect()
        apostrophes.quote = UInt8(ascii: "'")
        try expectSame(Array("a,b\n'1,2',\"3\"\n'x''y',z\n".utf8), dialect: apostrophes, "apostrophes")
    }

    @Test func anOrdinaryExtractLineIsSplitHere() throws {
        let text = Array("a,b,c\n1,\"x, y\",3\n4,5,6\n7,\"\"\"Day case\"\" cystoscopy\",8\n".utf8)
        #expect(try expectSame(text, "ordinary") == 4)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
