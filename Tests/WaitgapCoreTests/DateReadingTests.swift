import Foundation
import Testing

@testable import WaitgapCore

private func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    Array(text.utf8).withUnsafeBufferPointer(body)
}

private func day(_ year: Int, _ month: Int, _ day: Int) -> Day { Day(year: year, month: month, day: day)! }

/// Reads `values` as one column from data row `firstRow` on.
private func column(_ values: [String], format: DateFormat = .auto, firstRow: Int = 2) -> (
    values: [DateValue], evidence: DateEvidence
) {
    var reader = DateColumnReader(format: format)
    var read: [DateValue] = []
    for (offset, value) in values.enumerated() {
        read.append(withBytes(value) { reader.read($0, row: firstRow + offset) })
    }
    return (read, reader.evidence)
}

/// An accepted written date, the day it means and the form it is counted as.
struct DateFixture: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: Day
    let form: DateEvidence.Form
    var withTime = false
    var unpadded = false

    var testDescription: String { "\"\(text)\"" }
}

@Suite struct DateReadingTests {
    static let accepted: [DateFixture] = [
        // ISO, with or without a time.
        DateFixture(text: "2025-03-14", expected: day(2025, 3, 14), form: .iso),
        DateFixture(text: " \t2025-03-14 ", expected: day(2025, 3, 14), form: .iso),
        DateFixture(text: "2024-02-29", expected: day(2024, 2, 29), form: .iso),
        DateFixture(text: "2025-03-14 00:00:00", expected: day(2025, 3, 14), form: .iso, withTime: true),
        DateFixture(text: "2025-03-14 00:00:00.000", expected: day(2025, 3, 14), form: .iso, withTime: true),
        DateFixture(text: "2025-03-14T00:00:00Z", expected: day(2025, 3, 14), form: .iso, withTime: true),
        DateFixture(text: "2025-03-14T09:30:00+01:00", expected: day(2025, 3, 14), form: .iso, withTime: true),
        DateFixture(text: "2025-03-14T23:59:59-05:00", expected: day(2025, 3, 14), form: .iso, withTime: true),
        DateFixture(text: "2025-03-14 09:30", expected: day(2025, 3, 14), form: .iso, withTime: true),
        // Day-first numeric: slash, dash, dot; padded or not; with a time.
        DateFixture(text: "14/03/2025", expected: day(2025, 3, 14), form: .dayFirstSlash),
        DateFixture(text: "07/09/2026", expected: day(2026, 9, 7), form: .dayFirstSlash),
        DateFixture(text: "7/9/2026", expected: day(2026, 9, 7), form: .dayFirstSlash, unpadded: true),
        DateFixture(text: "14/3/2025", expected: day(2025, 3, 14), form: .dayFirstSlash, unpadded: true),
        DateFixture(text: "1/12/2025", expected: day(2025, 12, 1), form: .dayFirstSlash, unpadded: true),
        DateFixture(text: "14-03-2025", expected: day(2025, 3, 14), form: .dayFirstDash),
        DateFixture(text: "7-9-2026", expected: day(2026, 9, 7), form: .dayFirstDash, unpadded: true),
        DateFixture(text: "14.03.2025", expected: day(2025, 3, 14), form: .dayFirstDot),
        DateFixture(text: "1.2.2025", expected: day(2025, 2, 1), form: .dayFirstDot, unpadded: true),
        DateFixture(text: "14/03/2025 00:00", expected: day(2025, 3, 14), form: .dayFirstSlash, withTime: true),
        DateFixture(text: "14/03/2025 00:00:00", expected: day(2025, 3, 14), form: .dayFirstSlash, withTime: true),
        DateFixture(text: "14/03/2025 9:30", expected: day(2025, 3, 14), form: .dayFirstSlash, withTime: true),
        DateFixture(text: "14-03-2025 09:30:00", expected: day(2025, 3, 14), form: .dayFirstDash, withTime: true),
        DateFixture(text: "14.03.2025 09:30", expected: day(2025, 3, 14), form: .dayFirstDot, withTime: true),
        DateFixture(text: "29/02/2024", expected: day(2024, 2, 29), form: .dayFirstSlash),
        // Month names: abbreviations, full names, Sept; any case; dash, space or slash.
        DateFixture(text: "14-Mar-2025", expected: day(2025, 3, 14), form: .dayMonthName),
        DateFixture(text: "14 Mar 2025", expected: day(2025, 3, 14), form: .dayMonthName),
        DateFixture(text: "7 March 2025", expected: day(2025, 3, 7), form: .dayMonthName, unpadded: true),
        DateFixture(text: "14/Mar/2025", expected: day(2025, 3, 14), form: .dayMonthName),
        DateFixture(text: "14-MAR-2025", expected: day(2025, 3, 14), form: .dayMonthName),
        DateFixture(text: "14 mar 2025", expected: day(2025, 3, 14), form: .dayMonthName),
        DateFixture(text: "1 Jan 2025", expected: day(2025, 1, 1), form: .dayMonthName, unpadded: true),
        DateFixture(text: "28 February 2025", expected: day(2025, 2, 28), form: .dayMonthName),
        DateFixture(text: "30 Apr 2025", expected: day(2025, 4, 30), form: .dayMonthName),
        DateFixture(text: "31 May 2025", expected: day(2025, 5, 31), form: .dayMonthName),
        DateFixture(text: "3 June 2025", expected: day(2025, 6, 3), form: .dayMonthName, unpadded: true),
        DateFixture(text: "3 Jun 2025", expected: day(2025, 6, 3), form: .dayMonthName, unpadded: true),
        DateFixture(text: "4 July 2025", expected: day(2025, 7, 4), form: .dayMonthName, unpadded: true),
        DateFixture(text: "15 Aug 2025", expected: day(2025, 8, 15), form: .dayMonthName),
        DateFixture(text: "14 Sep 2025", expected: day(2025, 9, 14), form: .dayMonthName),
        DateFixture(text: "14 Sept 2025", expected: day(2025, 9, 14), form: .dayMonthName),
        DateFixture(text: "14-SEPT-2025", expected: day(2025, 9, 14), form: .dayMonthName),
        DateFixture(text: "14 September 2025", expected: day(2025, 9, 14), form: .dayMonthName),
        DateFixture(text: "31 October 2025", expected: day(2025, 10, 31), form: .dayMonthName),
        DateFixture(text: "30 nov 2025", expected: day(2025, 11, 30), form: .dayMonthName),
        DateFixture(text: "25 December 2025", expected: day(2025, 12, 25), form: .dayMonthName),
        DateFixture(text: "14-Mar-2025 00:00:00", expected: day(2025, 3, 14), form: .dayMonthName, withTime: true),
        DateFixture(text: "14 Mar 2025 9:30", expected: day(2025, 3, 14), form: .dayMonthName, withTime: true),
    ]

    @Test(arguments: accepted)
    func everyAcceptedFormReadsAsItsDay(fixture: DateFixture) {
        let (values, evidence) = column([fixture.text])
        #expect(values == [.day(fixture.expected)])
        var expected = DateEvidence.FormCount()
        expected.values = 1
        expected.withTime = fixture.withTime ? 1 : 0
        expected.unpadded = fixture.unpadded ? 1 : 0
        #expect(evidence[fixture.form] == expected)
        #expect(evidence.days == 1)
        #expect(evidence.firstRow == 2 && evidence.firstForm == fixture.form)
        #expect(withBytes(fixture.text) { DateFormat.auto.parse($0) } == fixture.expected)
        // Each explicit format reads its own forms.
        let own: DateFormat = fixture.form == .iso ? .iso : .dayFirst
        #expect(withBytes(fixture.text) { own.parse($0) } == fixture.expected)
    }

    @Test(arguments: [
        "14/03/25", "14-Mar-25", "1/1/99", "25-12-25",  // two-digit years
        "2025/13/01", "2025/03/01", "2025-3-14", "2025-03-4", "20250314", "25-03-2025x",
        "31/02/2025", "29/02/2025", "31/04/2025", "32/01/2025", "00/01/2025", "14/00/2025", "30 Feb 2025",
        "02/30/2025", "13/13/2025", "2025-02-30", "2025-13-01", "0000-01-01",
        "garbage", "N/A", "-", "14", "14/03", "14/03/", "14/03/02025", "014/03/2025", "14/003/2025",
        "14/03-2025", "14-03/2025", "14 03 2025", "14.Mar.2025", "14 Mar-2025", "Mar 14 2025", "14 Marc 2025",
        "14 Ma 2025", "14 Septem 2025", "14th March 2025", "14-Mär-2025",
        "2025-03-14 09:30 PM", "2025-03-14Tnoon", "2025-03-14 00:00:00 +0100", "2025-03-14 9", "2025-03-14 9:3",
        "2025-03-14T", "2025-03-14x00:00", "14/03/2025T09:30", "14/03/2025 9am", "14/03/2025 09:30 BST",
        "14 Mar 2025 noon",
    ])
    func refusedFormsAreInvalid(text: String) {
        let (values, evidence) = column([text])
        #expect(values == [.invalid])
        #expect(evidence.isEmpty)
        #expect(evidence == DateEvidence())
        for format in DateFormat.allCases { #expect(withBytes(text) { format.parse($0) } == nil) }
    }

    @Test(arguments: ["", " ", "\t \t"])
    func blanksAreBlankAndLeaveNoEvidence(text: String) {
        let (values, evidence) = column([text])
        #expect(values == [.blank])
        #expect(evidence.isEmpty)
        #expect(evidence.summary == "no dates")
    }

    @Test(arguments: ["03/25/2025", "12/31/2025", "1/13/2025", "02-28-2025", "06.15.2025", "12/13/2024 10:00"])
    func aDateThatReadsOnlyMonthFirstIsNeverADay(text: String) {
        let (values, evidence) = column([text], firstRow: 7)
        #expect(values == [.monthFirst])
        #expect(evidence.days == 0 && evidence.monthFirst == 1 && evidence.firstMonthFirstRow == 7)
        #expect(!evidence.isEmpty)
        #expect(evidence.summary == "1 value read only month first (at row 7) was quarantined")
        #expect(withBytes(text) { DateFormat.auto.parse($0) } == nil)
        #expect(column([text], format: .dayFirst).values == [.monthFirst])
        #expect(column([text], format: .iso).values == [.invalid])
    }

    @Test func aColumnWhoseDaysAreAllTwelveOrLessIsReadDayFirstByUKConvention() {
        let (values, evidence) = column(["1/2/2025", "03/04/2025", "12/11/2024", "", "5/6/2025"])
        #expect(
            values == [.day(day(2025, 2, 1)), .day(day(2025, 4, 3)), .day(day(2024, 11, 12)), .blank, .day(day(2025, 6, 5))])
        #expect(evidence.ambiguous == 4 && evidence.dayOverTwelve == 0)
        #expect(evidence.hasNumericDates)
        #expect(
            evidence.summary
                == "D/M/YYYY, read day first by UK convention: every day is 12 or less, so the values alone cannot tell")
        let padded = column(["01/02/2025", "03/04/2025"]).evidence
        #expect(
            padded.summary
                == "DD/MM/YYYY, read day first by UK convention: every day is 12 or less, so the values alone cannot tell")
    }

    @Test func evidenceThatAppearsOnlyLateStillProvesTheColumnDayFirst() {
        let values = Array(repeating: "05/06/2025", count: 1_000) + ["25/06/2025"]
        let (read, evidence) = column(values)
        #expect(read.dropLast().allSatisfy { $0 == .day(day(2025, 6, 5)) })
        #expect(read.last == .day(day(2025, 6, 25)))
        #expect(evidence.ambiguous == 1_000 && evidence.dayOverTwelve == 1)
        #expect(evidence.firstRow == 2 && evidence.firstForm == .dayFirstSlash)
        #expect(evidence.summary == "DD/MM/YYYY, day first (1 value has a day over 12)")
    }

    @Test func aMonthFirstValueAfterTheDecisionIsRefusedAndCountedWithItsRow() {
        // Rows 2 to 5,000 are day first (every fourth over 12); row 5,001 reads only month first.
        let dayFirst = (0..<4_999).map { $0 % 4 == 0 ? "25/01/2025" : "10/01/2025" }
        let (read, evidence) = column(dayFirst + ["03/25/2025"])
        #expect(read.count == 5_000)
        #expect(read.last == .monthFirst)
        #expect(read.dropLast().allSatisfy { $0 == .day(day(2025, 1, 25)) || $0 == .day(day(2025, 1, 10)) })
        #expect(evidence.dayOverTwelve == 1_250 && evidence.ambiguous == 3_749)
        #expect(evidence.monthFirst == 1 && evidence.firstMonthFirstRow == 5_001)
        #expect(
            evidence.summary
                == "DD/MM/YYYY, day first (1,250 values have a day over 12); 1 value read only month first (at row 5,001) was quarantined")

        // Twelve of them: the count and the first row.
        let twelve = column(dayFirst + Array(repeating: "12/13/2025", count: 12)).evidence
        #expect(twelve.monthFirst == 12 && twelve.firstMonthFirstRow == 5_001)
        #expect(twelve.summary.hasSuffix("; 12 values read only month first (first at row 5,001) were quarantined"))
    }

    @Test func unambiguousFormsAfterTheDecisionAreReadAndTheMixIsStated() {
        let (values, evidence) = column([
            "2025-03-14", "2025-03-15", "2025-03-16 00:00:00", "14-Mar-2025", "", "20/03/2025", "not a date",
        ])
        #expect(
            values == [
                .day(day(2025, 3, 14)), .day(day(2025, 3, 15)), .day(day(2025, 3, 16)), .day(day(2025, 3, 14)), .blank,
                .day(day(2025, 3, 20)), .invalid,
            ])
        #expect(evidence.firstRow == 2 && evidence.firstForm == .iso)
        #expect(evidence.iso.values == 3 && evidence.iso.withTime == 1)
        #expect(
            evidence.summary
                == "mixed forms: 3 as YYYY-MM-DD (1 with a time, ignored), 1 as DD/MM/YYYY, 1 as DD-Mon-YYYY; numeric dates day first (1 value has a day over 12)"
        )
        let names = column(["1 March 2025", "2025-03-02", "3 March 2025"]).evidence
        #expect(names.summary == "mixed forms: 2 as D-Mon-YYYY, 1 as YYYY-MM-DD")
        #expect(!names.hasNumericDates)
    }

    @Test func singleFormSummariesNameTheForm() {
        #expect(column(["2025-03-14", "2025-03-15"]).evidence.summary == "YYYY-MM-DD")
        #expect(column(["2025-03-14 00:00:00", "2025-03-15T00:00:00Z"]).evidence.summary == "YYYY-MM-DD with a time (ignored)")
        #expect(column(["14.03.2025", "15.03.2025"]).evidence.summary == "DD.MM.YYYY, day first (2 values have a day over 12)")
        #expect(
            column(["14-03-2025 09:00", "7-3-2025 10:00"]).evidence.summary
                == "D-M-YYYY with a time (ignored), day first (1 value has a day over 12)")
        #expect(column(["14-Mar-2025"]).evidence.summary == "DD-Mon-YYYY")
        let many = column(Array(repeating: "14/03/2025", count: 6_210) + Array(repeating: "01/03/2025", count: 10)).evidence
        #expect(many.summary == "DD/MM/YYYY, day first (6,210 values have a day over 12)")
    }

    static let mixedColumn = [
        "2025-03-14", "", "14/03/2025", "03/25/2025", "7 March 2025", "garbage", "1/2/2025 09:30",
        "2025-03-14T00:00:00Z", "12/13/2025", "14.03.2025", "14-Mar-2025", "05/06/2025", "  ", "31/02/2025",
    ]

    @Test func mergedEvidenceOfTwoHalvesEqualsTheEvidenceOfTheWhole() {
        let values = Self.mixedColumn
        let whole = column(values).evidence
        #expect(whole.monthFirst == 2 && whole.firstMonthFirstRow == 5 && whole.days == 8)
        for split in 0...values.count {
            let head = column(Array(values[..<split])).evidence
            let tail = column(Array(values[split...]), firstRow: 2 + split).evidence
            #expect(head.merging(tail) == whole, "split at \(split)")
            #expect(tail.merging(head) == whole, "split at \(split), merged the other way")
        }
        #expect(whole.merging(DateEvidence()) == whole)
        #expect(DateEvidence().merging(whole) == whole)
    }

    @Test func evidenceSurvivesItsEncoding() throws {
        let evidence = column(Self.mixedColumn).evidence
        let decoded = try JSONDecoder().decode(DateEvidence.self, from: JSONEncoder().encode(evidence))
        #expect(decoded == evidence)
        #expect(decoded.summary == evidence.summary)
    }

    @Test func explicitFormatsRefuseEachOthersForms() {
        let dayFirstForms = ["14/03/2025", "7/9/2026", "14-03-2025", "14.03.2025", "14-Mar-2025", "7 March 2025", "14/03/2025 00:00"]
        let isoForms = ["2025-03-14", "2025-03-14 00:00:00", "2025-03-14T09:30:00+01:00"]
        for text in dayFirstForms {
            #expect(column([text], format: .iso).values == [.invalid], "\(text)")
            #expect(withBytes(text) { DateFormat.iso.parse($0) } == nil, "\(text)")
            #expect(withBytes(text) { DateFormat.dayFirst.parse($0) } != nil, "\(text)")
        }
        for text in isoForms {
            #expect(column([text], format: .dayFirst).values == [.invalid], "\(text)")
            #expect(withBytes(text) { DateFormat.dayFirst.parse($0) } == nil, "\(text)")
            #expect(withBytes(text) { DateFormat.iso.parse($0) } != nil, "\(text)")
        }
        #expect(column(dayFirstForms, format: .iso).evidence.isEmpty)
        #expect(column(isoForms, format: .dayFirst).evidence.isEmpty)
    }

    @Test func formatsKeepTheirNamesAndPatterns() throws {
        #expect(DateFormat.allCases.map(\.rawValue) == ["auto", "ymd", "dmy"])
        #expect(DateFormat(rawValue: "dmy") == .dayFirst)
        #expect(DateFormat.iso.pattern == "YYYY-MM-DD")
        #expect(DateFormat.dayFirst.pattern == "DD/MM/YYYY")
        #expect(DateFormat.auto.pattern == "a date (YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY, DD-Mon-YYYY …)")
        let decoded = try JSONDecoder().decode([DateFormat].self, from: Data(#"["auto","ymd","dmy"]"#.utf8))
        #expect(decoded == [.auto, .iso, .dayFirst])
        #expect(Day(iso: "2025-03-14") == day(2025, 3, 14))
        #expect(Day(iso: "14/03/2025") == nil)
    }

    /// `YYYY-MM-DD` and `DD/MM/YYYY` of a day, as bytes.
    private static func padded(_ day: Day) -> (iso: [UInt8], dayFirst: [UInt8]) {
        let (y, m, d) = day.components
        func digits(_ value: Int, _ width: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0x30, count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                result[index] = UInt8(48 + rest % 10)
                rest /= 10
            }
            return result
        }
        let dash = UInt8(ascii: "-")
        let slash = UInt8(ascii: "/")
        return (
            digits(y, 4) + [dash] + digits(m, 2) + [dash] + digits(d, 2),
            digits(d, 2) + [slash] + digits(m, 2) + [slash] + digits(y, 4)
        )
    }

    @Test func theFastPathAgreesWithTheGeneralParserOnEveryDayFrom1900To2100() {
        let first = day(1900, 1, 1).daysSinceEpoch
        let last = day(2100, 12, 31).daysSinceEpoch
        #expect(last - first + 1 == 73_414)
        var disagreements: [String] = []
        // The reader's own fast path counts what the general parser's readings would.
        var reader = DateColumnReader(format: .auto)
        var expectedEvidence = DateEvidence()
        for count in first...last {
            let expected = Day(daysSinceEpoch: count)
            let (iso, dayFirst) = Self.padded(expected)
            for (bytes, form) in [(iso, DateEvidence.Form.iso), (dayFirst, .dayFirstSlash)] {
                bytes.withUnsafeBufferPointer { buffer in
                    let fast = DateFormat.auto.reading(buffer)
                    let general = DateReading.general(buffer)
                    let own: DateFormat = form == .iso ? .iso : .dayFirst
                    let agree =
                        fast.value == .day(expected) && general.value == fast.value && general.form == form
                        && fast.form == form && general.withTime == fast.withTime && general.unpadded == fast.unpadded
                        && general.dayOverTwelve == fast.dayOverTwelve && own.parse(buffer) == expected
                    let row = 2 + count - first
                    let read = reader.read(buffer, row: row)
                    expectedEvidence.note(general, row: row)
                    if !agree || read != general.value { disagreements.append(String(decoding: bytes, as: UTF8.self)) }
                }
            }
        }
        #expect(reader.evidence == expectedEvidence)
        #expect(reader.evidence.iso.values == 73_414 && reader.evidence.dayFirstSlash.values == 73_414)
        let firstFew = disagreements.prefix(5).joined(separator: ", ")
        #expect(disagreements.count == 0, "first: \(firstFew)")
    }

    @Test func theFastPathFallsThroughForValuesItCannotRead() {
        // Ten bytes shaped like the padded forms but not valid: the general parser decides.
        #expect(column(["2025-02-30", "31/02/2025", "2025-0a-01", "3a/02/2025"]).values == [.invalid, .invalid, .invalid, .invalid])
        #expect(column(["03/25/2025"]).values == [.monthFirst])
    }
}
