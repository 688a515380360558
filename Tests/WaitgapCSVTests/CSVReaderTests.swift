import Foundation
import Testing
import WaitgapCSV
import WaitgapTestSupport

/// One small fixture per thing that breaks CSV readers, with the records and positions expected.
@Suite struct CSVReaderTests {
    func read(_ name: String, dialect: CSVDialect? = nil) throws -> ReadResult {
        try readAll(path: fixturePath("Fixtures/" + name, in: .module), dialect: dialect)
    }

    @Test func aUTF8ByteOrderMarkIsNotPartOfTheFirstHeaderName() throws {
        let result = try read("utf8-bom.csv")
        #expect(result.header == ["id", "name"])
        #expect(result.records == [["1", "a"]])
        // Offsets count the mark's three bytes: "id,name\n" starts at 3.
        #expect(result.positions == [Position(row: 2, line: 2, lastLine: 2, byteOffset: 11)])
    }

    @Test func crlfLineEndsEndRecordsAndAreNotData() throws {
        let result = try read("crlf-line-ends.csv")
        #expect(result.records == [["1", "a"], ["2", "b"]])
        #expect(result.positions.map(\.byteOffset) == [9, 14])
    }

    @Test func quotedCommasAndDoubledQuotesAreUnquoted() throws {
        #expect(try read("quoted-comma.csv").records == [["1", "a,b"]])
        #expect(try read("doubled-quotes.csv").records == [["1", "say \"hi\""]])
    }

    @Test func aLineBreakInsideQuotesSpansLinesButIsOneRow() throws {
        let result = try read("newline-in-quotes.csv")
        #expect(result.records == [["1", "line one\nline two"], ["2", "b"]])
        #expect(result.positions[0] == Position(row: 2, line: 2, lastLine: 3, byteOffset: 8))
        #expect(result.positions[1] == Position(row: 3, line: 4, lastLine: 4, byteOffset: 30))
    }

    @Test func crlfInsideQuotesIsKept() throws {
        let result = try read("crlf-in-quotes.csv")
        #expect(result.records == [["1", "x\r\ny"], ["2", "b"]])
    }

    @Test func emptyFieldsAreEmptyStrings() throws {
        #expect(try read("empty-fields.csv").records == [["1", "", ""], ["", "", ""]])
    }

    @Test func aLastLineWithoutALineEndIsRead() throws {
        let result = try read("no-final-line-end.csv")
        #expect(result.records == [["1", "a"], ["2", "b"]])
        #expect(result.positions.last == Position(row: 3, line: 3, lastLine: 3, byteOffset: 12))
    }

    @Test func spacesAroundUnquotedValuesAreData() throws {
        #expect(try read("spaces-are-data.csv").records == [[" 1 ", " a "]])
    }

    @Test func aQuoteNeverClosedAtTheEndIsQuarantinedAndRowsBeforeItKept() throws {
        let result = try read("unterminated-quote-at-end.csv")
        #expect(result.records == [["1", "a"]])
        #expect(result.malformed.count == 1)
        #expect(result.malformed[0].reason == .unterminatedQuote)
        #expect(result.malformed[0].position.row == 3)
        #expect(result.malformed[0].column == 2)
    }

    @Test func aRunawayQuoteLosesOnlyItsOwnLineAndTheLinesAfterItAreReadAgain() throws {
        let result = try read("runaway-quote-row-3.csv")
        #expect(result.records == [["1", "a"], ["3", "c"], ["4", "d"], ["5", "e"]])
        #expect(result.malformed.map(\.reason) == [.unterminatedQuote])
        #expect(result.malformed[0].position == Position(row: 3, line: 3, lastLine: 3, byteOffset: 12))
        #expect(String(decoding: result.malformed[0].raw, as: UTF8.self) == "2,\"runaway")
        #expect(result.positions.map(\.row) == [2, 4, 5, 6])
        #expect(result.positions.map(\.line) == [2, 4, 5, 6])
    }

    @Test func aStrayQuoteInAnUnquotedFieldIsQuarantinedWithItsByteColumn() throws {
        let result = try read("stray-quote-row-3.csv")
        #expect(result.records == [["1", "a"], ["3", "c"]])
        let bad = try #require(result.malformed.first)
        #expect(bad.reason == .malformedQuote)
        #expect(bad.position.row == 3)
        #expect(bad.column == 2)
        #expect(bad.byteColumn == 5)
    }

    @Test func textAfterAClosingQuoteIsQuarantined() throws {
        let result = try read("text-after-quote-row-2.csv")
        #expect(result.records == [["2", "b"]])
        #expect(result.malformed.map(\.reason) == [.malformedQuote])
        #expect(result.malformed[0].position.row == 2)
    }

    @Test func rowsWithTooFewOrTooManyFieldsAreQuarantinedNamingTheFirstMissingOrExtraField() throws {
        let result = try read("ragged-row-3.csv")
        #expect(result.records == [["1", "a"], ["4", "d"]])
        #expect(result.malformed.map(\.reason) == [.fieldCount, .fieldCount])
        #expect(result.malformed.map(\.position.row) == [3, 4])
        #expect(result.malformed.map(\.column) == [2, 3])
        #expect(result.malformed[0].message == "expected 2 fields, found 1")
    }

    @Test func blankLinesAreSkippedAndCountedButAdvanceTheRowNumber() throws {
        let result = try read("blank-lines.csv")
        #expect(result.records == [["1", "a"], ["2", "b"]])
        #expect(result.blankLines == 3)
        #expect(result.positions.map(\.row) == [2, 6])
    }

    @Test func aBareCarriageReturnInsideAFieldIsQuarantined() throws {
        let result = try read("bare-cr-row-2.csv")
        #expect(result.records == [["2", "b"]])
        #expect(result.malformed.map(\.reason) == [.bareCarriageReturn])
        #expect(result.malformed[0].position.row == 2)
    }

    @Test func aNULByteQuarantinesItsRecord() throws {
        let result = try read("nul-byte-row-2.csv")
        #expect(result.records == [["2", "b"]])
        #expect(result.malformed.map(\.reason) == [.nulByte])
    }

    @Test func utf16IsRefusedWithAClearMessage() throws {
        #expect(throws: CSVError.self) { try read("utf16le-bom.csv") }
        do {
            _ = try read("utf16le-bom.csv")
        } catch let error as CSVError {
            #expect(error.description.contains("UTF-16"))
        }
    }

    @Test func anEmptyFileHasNoHeader() throws {
        #expect(throws: CSVError.self) { try read("empty.csv") }
        let headerOnly = try read("header-only.csv")
        #expect(headerOnly.header == ["id", "name"])
        #expect(headerOnly.records.isEmpty)
    }

    @Test func aTSVFileIsReadWithTabs() throws {
        #expect(try read("tab-delimited.tsv").records == [["1", "a b"]])
    }

    @Test func aVeryLongFieldIsReadWhole() throws {
        let long = String(repeating: "x", count: 3 << 20)
        let result = try readAll(Array("id,name\n1,\"\(long)\"\n2,b\n".utf8))
        #expect(result.records.count == 2)
        #expect(result.records[0][1].utf8.count == 3 << 20)
        #expect(result.records[1] == ["2", "b"])
    }

    @Test func aRecordOverTheLimitIsQuarantinedAndReadingGoesOn() throws {
        let dialect = CSVDialect(maxRecordBytes: 4096)
        let long = String(repeating: "y", count: 3 << 20)
        let result = try readAll(Array("id,name\n1,\(long)\n2,b\n".utf8), dialect: dialect)
        #expect(result.records == [["2", "b"]])
        #expect(result.malformed.map(\.reason) == [.recordTooLarge])
        #expect(result.malformed[0].position.row == 2)
    }

    @Test func aQuoteOpenOverTheLineLimitLosesOnlyItsFirstLine() throws {
        let dialect = CSVDialect(maxRecordLines: 3)
        var text = "id,name\n1,\"open\n"
        for index in 2...8 { text += "\(index),v\n" }
        let result = try readAll(Array(text.utf8), dialect: dialect)
        #expect(result.malformed.map(\.reason) == [.unterminatedQuote])
        #expect(result.records.map { $0[0] } == ["2", "3", "4", "5", "6", "7", "8"])
    }

    @Test func chunkBoundariesDoNotMatterForRecordsOrPositions() throws {
        // The reader reads 1 MiB at a time: put many records either side of the boundaries.
        var text = "id,name\n"
        for index in 0..<60_000 { text += index % 7 == 0 ? "\(index),\"multi\nline \(index)\"\n" : "\(index),value \(index)\n" }
        let result = try readAll(Array(text.utf8))
        #expect(result.records.count == 60_000)
        #expect(result.malformed.isEmpty)
        var line = 2
        for (index, position) in result.positions.enumerated() {
            #expect(position.row == index + 2)
            #expect(position.line == line)
            line += index % 7 == 0 ? 2 : 1
        }
    }
}
