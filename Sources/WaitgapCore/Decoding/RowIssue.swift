import WaitgapCSV

/// Why a row cannot be analysed: the record is malformed, or a required value is unusable.
///
/// A bad row is data, not an exception: it goes to the owner-only quarantine file and is
/// counted. Messages never echo a value (it may identify a patient).
public struct RowIssue: Error, Sendable, Equatable {
    /// Reason codes, stable across versions: they are the quarantine file's `reason_code`.
    public enum Reason: String, Sendable, CaseIterable, Codable, Comparable {
        case malformedQuote = "malformed-quote"
        case unterminatedQuote = "unterminated-quote"
        case fieldCount = "field-count"
        case bareCarriageReturn = "bare-carriage-return"
        case recordTooLarge = "record-too-large"
        case nulByte = "nul-byte"
        case missingPathwayID = "missing-pathway-id"
        case missingStartDate = "missing-start-date"
        case invalidStartDate = "invalid-start-date"
        case missingCensusDate = "missing-census-date"
        case invalidCensusDate = "invalid-census-date"
        case monthFirstDate = "month-first-date"
        case censusDateMismatch = "census-date-mismatch"
        case startAfterCensus = "start-after-census"
        case waitTooLong = "wait-too-long"

        /// How the pack names the reason.
        public var label: String {
            switch self {
            case .malformedQuote: "Malformed quoting"
            case .unterminatedQuote: "Quoted field never closed"
            case .fieldCount: "Wrong number of fields"
            case .bareCarriageReturn: "Carriage return inside a field"
            case .recordTooLarge: "Record too large"
            case .nulByte: "NUL byte in record"
            case .missingPathwayID: "Pathway ID missing"
            case .missingStartDate: "RTT start date missing"
            case .invalidStartDate: "RTT start date not a date"
            case .missingCensusDate: "Census date missing"
            case .invalidCensusDate: "Census date not a date"
            case .monthFirstDate: "Date reads only month first"
            case .censusDateMismatch: "Census date differs from the run's"
            case .startAfterCensus: "Clock start after the census date"
            case .waitTooLong: "Wait longer than the maximum"
            }
        }

        /// The likely fix when most quarantined rows share this reason, for the run's last line.
        public var likelyFix: String {
            switch self {
            case .fieldCount:
                "rows have a different number of fields from the header: check the delimiter (--delimiter ';' or tab) and quoting"
            case .malformedQuote, .unterminatedQuote: "check the file's quoting, or the delimiter (--delimiter)"
            case .bareCarriageReturn: "convert the file's line ends to LF or CRLF"
            case .recordTooLarge, .nulByte: "the file may not be a text CSV export: re-export it"
            case .missingPathwayID: "the pathway ID is blank: map the right column with --columns"
            case .missingStartDate: "the RTT clock start is blank: map the right column with --columns"
            case .invalidStartDate, .invalidCensusDate:
                "the dates are not real dates in any form waitgap reads (e.g. 31/02/2025, a two-digit year, or a form --date-format excludes): 'waitgap check' shows how the column was read"
            case .monthFirstDate:
                "dates read only month first (MM/DD/YYYY), which waitgap never assumes: export them as YYYY-MM-DD or DD/MM/YYYY"
            case .missingCensusDate: "give the census date with --census-date YYYY-MM-DD"
            case .censusDateMismatch: "analyse one census per run, or give the right --census-date"
            case .startAfterCensus, .waitTooLong:
                "check --census-date and that day and month are not swapped (--date-format)"
            }
        }

        public static func < (lhs: Reason, rhs: Reason) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Where the row stands.
    public var position: Position
    /// Why it cannot be analysed.
    public var reason: Reason
    /// The 1-based field index at fault, when one is known.
    public var column: Int?
    /// The header name of that field, when known.
    public var columnName: String?
    /// One sentence, with no value echoed.
    public var message: String

    /// Creates an issue.
    public init(position: Position, reason: Reason, column: Int?, columnName: String?, message: String) {
        self.position = position
        self.reason = reason
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// The issue for a malformed record.
    public init(_ malformed: MalformedRecord, header: [String]) {
        self.position = malformed.position
        self.reason = Reason(rawValue: malformed.reason.rawValue)!
        self.column = malformed.column
        self.columnName = malformed.column.flatMap { $0 <= header.count ? header[$0 - 1] : nil }
        self.message = malformed.message
    }

    /// `row 12 (line 14), column 'rtt_period_start_date' (#3): message`.
    public var located: String {
        var text = "\(position)"
        if let column {
            text += columnName.map { ", column '\($0)' (#\(column))" } ?? ", column #\(column)"
        }
        return text + ": " + message
    }
}
