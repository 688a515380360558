/// Dates as trusts write them: ISO, day-first numeric and month-name forms, read byte by byte
/// with the evidence for how each column was read (docs/input.md, "Dates as trusts write them").
///
/// Numeric dates are always read day first (UK). Two-digit years are refused: the century would
/// be a guess. A numeric value that can only be read month first is never read as a day.

/// How dates are written in an extract (`--date-format`).
public enum DateFormat: String, Sendable, CaseIterable, Codable {
    /// Decided per column from its values (the default): every accepted form, numeric dates day first.
    case auto
    /// ISO `YYYY-MM-DD` only (with an optional time).
    case iso = "ymd"
    /// Day-first only: every day-first numeric and month-name form.
    case dayFirst = "dmy"

    /// Parses one value in this format (no evidence kept): used for options and tests.
    /// - Returns: the day, or nil when the value is blank, not a date in this format, or a
    ///   numeric date that reads only month first.
    /// - Complexity: O(length of the value); no allocation.
    public func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Day? {
        let value = raw.trimmed
        if value.count == 10, let p = value.baseAddress {
            if readsISO, let day = DateFormat.paddedISO(p) { return day }
            if readsDayFirst, let day = DateFormat.paddedDayFirst(p) { return day }
        }
        if case .day(let day) = generalReading(value).value { return day }
        return nil
    }

    /// How the format reads in messages: "YYYY-MM-DD", "DD/MM/YYYY", "a date (YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY, DD-Mon-YYYY …)".
    /// - Complexity: O(1).
    public var pattern: String {
        switch self {
        case .auto: "a date (YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY, DD-Mon-YYYY …)"
        case .iso: "YYYY-MM-DD"
        case .dayFirst: "DD/MM/YYYY"
        }
    }

    /// Reads one value with all that was found: the fast path for padded `YYYY-MM-DD` and
    /// `DD/MM/YYYY`, then the general parser, whose reading this format then admits or refuses.
    /// - Complexity: O(length of the value); no allocation.
    @inline(__always)
    func reading(_ raw: UnsafeBufferPointer<UInt8>) -> DateReading {
        let value = raw.trimmed
        if value.count == 10, let p = value.baseAddress {
            if readsISO, let day = DateFormat.paddedISO(p) { return DateReading(value: .day(day), form: .iso) }
            if readsDayFirst, let day = DateFormat.paddedDayFirst(p) {
                return DateReading(value: .day(day), form: .dayFirstSlash, dayOverTwelve: DateFormat.dayOverTwelve(p))
            }
        }
        return generalReading(value)
    }

    /// Whether ISO values are days in this format.
    var readsISO: Bool {
        switch self {
        case .auto, .iso: true
        case .dayFirst: false
        }
    }

    /// Whether day-first numeric and month-name values are days in this format.
    var readsDayFirst: Bool {
        switch self {
        case .auto, .dayFirst: true
        case .iso: false
        }
    }

    /// The general parser's reading of a trimmed value, admitted or refused by this format.
    /// - Complexity: O(`value.count`); no allocation.
    func generalReading(_ value: UnsafeBufferPointer<UInt8>) -> DateReading {
        guard !value.isEmpty else { return DateReading(value: .blank) }
        let reading = DateReading.general(value)
        let admitted = reading.form == .iso ? readsISO : readsDayFirst
        return admitted ? reading : DateReading(value: .invalid)
    }

    /// The day ten bytes at `p` name as a padded `YYYY-MM-DD`, or nil.
    /// - Complexity: O(1).
    @inline(__always)
    static func paddedISO(_ p: UnsafePointer<UInt8>) -> Day? {
        guard p[4] == 0x2D, p[7] == 0x2D else { return nil }
        let (y0, y1, y2, y3) = (Int(p[0]) &- 48, Int(p[1]) &- 48, Int(p[2]) &- 48, Int(p[3]) &- 48)
        let (m0, m1, d0, d1) = (Int(p[5]) &- 48, Int(p[6]) &- 48, Int(p[8]) &- 48, Int(p[9]) &- 48)
        // Every digit in 0...9: neither it nor 9 minus it is negative.
        let sign = y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1
        let over = (9 &- y0) | (9 &- y1) | (9 &- y2) | (9 &- y3) | (9 &- m0) | (9 &- m1) | (9 &- d0) | (9 &- d1)
        guard sign | over >= 0 else { return nil }
        return Day(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// The day ten bytes at `p` name as a padded `DD/MM/YYYY`, or nil.
    /// - Complexity: O(1).
    @inline(__always)
    static func paddedDayFirst(_ p: UnsafePointer<UInt8>) -> Day? {
        guard p[2] == 0x2F, p[5] == 0x2F else { return nil }
        let (d0, d1, m0, m1) = (Int(p[0]) &- 48, Int(p[1]) &- 48, Int(p[3]) &- 48, Int(p[4]) &- 48)
        let (y0, y1, y2, y3) = (Int(p[6]) &- 48, Int(p[7]) &- 48, Int(p[8]) &- 48, Int(p[9]) &- 48)
        let sign = y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1
        let over = (9 &- y0) | (9 &- y1) | (9 &- y2) | (9 &- y3) | (9 &- m0) | (9 &- m1) | (9 &- d0) | (9 &- d1)
        guard sign | over >= 0 else { return nil }
        return Day(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// Whether a padded `DD/MM/YYYY` at `p` has a day over 12.
    /// - Complexity: O(1).
    @inline(__always)
    static func dayOverTwelve(_ p: UnsafePointer<UInt8>) -> Bool {
        p[0] > UInt8(ascii: "1") || (p[0] == UInt8(ascii: "1") && p[1] > UInt8(ascii: "2"))
    }
}

/// What reading one date value found.
public enum DateValue: Sendable, Equatable {
    /// A date in an accepted form.
    case day(Day)
    /// Nothing but spaces and tabs.
    case blank
    /// Not a date in any accepted form.
    case invalid
    /// A numeric date that can only be month first (its middle number is over 12 and its first is 12 or less, e.g. 03/25/2025): never read as such; the row is quarantined with a reason saying so.
    case monthFirst
}

/// The written forms a date column holds, counted: the evidence for how it was read.
///
/// Evidence of parts of a column (files, chunks) merges into the evidence of the whole.
public struct DateEvidence: Sendable, Equatable, Codable, Mergeable {
    /// A written form of a date, whatever follows it.
    public enum Form: String, Sendable, CaseIterable, Codable {
        /// `YYYY-MM-DD`.
        case iso
        /// `DD/MM/YYYY` or `D/M/YYYY`.
        case dayFirstSlash
        /// `DD-MM-YYYY` or `D-M-YYYY`.
        case dayFirstDash
        /// `DD.MM.YYYY` or `D.M.YYYY`.
        case dayFirstDot
        /// A day, an English month name or abbreviation and a year: `14-Mar-2025`, `7 March 2025`, `14/Mar/2025`.
        case dayMonthName

        /// Whether the form is numeric day first, the forms a month-first value could be mistaken for.
        /// - Complexity: O(1).
        public var isNumeric: Bool { self == .dayFirstSlash || self == .dayFirstDash || self == .dayFirstDot }

        /// How the form reads in messages, `YYYY-MM-DD`, `DD/MM/YYYY`, …; `D/M/YYYY` when unpadded.
        /// - Complexity: O(1).
        public func pattern(unpadded: Bool = false) -> String {
            switch self {
            case .iso: "YYYY-MM-DD"
            case .dayFirstSlash: unpadded ? "D/M/YYYY" : "DD/MM/YYYY"
            case .dayFirstDash: unpadded ? "D-M-YYYY" : "DD-MM-YYYY"
            case .dayFirstDot: unpadded ? "D.M.YYYY" : "DD.MM.YYYY"
            case .dayMonthName: unpadded ? "D-Mon-YYYY" : "DD-Mon-YYYY"
            }
        }
    }

    /// The values read as days in one form.
    public struct FormCount: Sendable, Equatable, Codable {
        /// Values in the form.
        public var values = 0
        /// Of them, values followed by a time (ignored).
        public var withTime = 0
        /// Of them, values with a one-digit day or month (`7/9/2026`, `7 March 2025`).
        public var unpadded = 0

        /// Creates an empty count.
        public init() {}

        /// Adds `other` into `self`.
        /// - Complexity: O(1).
        public mutating func merge(_ other: FormCount) {
            values += other.values
            withTime += other.withTime
            unpadded += other.unpadded
        }
    }

    /// Values read as `YYYY-MM-DD`.
    public var iso = FormCount()
    /// Values read as `DD/MM/YYYY` or `D/M/YYYY`.
    public var dayFirstSlash = FormCount()
    /// Values read as `DD-MM-YYYY` or `D-M-YYYY`.
    public var dayFirstDash = FormCount()
    /// Values read as `DD.MM.YYYY` or `D.M.YYYY`.
    public var dayFirstDot = FormCount()
    /// Values read with a month name.
    public var dayMonthName = FormCount()
    /// Numeric values read whose first number is over 12: proof they are day first.
    public var dayOverTwelve = 0
    /// Numeric values read with both numbers 12 or less: read day first by UK convention.
    public var ambiguous = 0
    /// Values refused because they read only month first.
    public var monthFirst = 0
    /// The first row where a value was refused as month first.
    public var firstMonthFirstRow: Int?
    /// The row of the first value read as a day, whose form decided the column's form family.
    public var firstRow: Int?
    /// The form of the value at `firstRow`.
    public var firstForm: Form?

    /// Creates empty evidence.
    public init() {}

    /// The count of values read in one form.
    /// - Complexity: O(1).
    public subscript(form: Form) -> FormCount {
        get {
            switch form {
            case .iso: iso
            case .dayFirstSlash: dayFirstSlash
            case .dayFirstDash: dayFirstDash
            case .dayFirstDot: dayFirstDot
            case .dayMonthName: dayMonthName
            }
        }
        set {
            switch form {
            case .iso: iso = newValue
            case .dayFirstSlash: dayFirstSlash = newValue
            case .dayFirstDash: dayFirstDash = newValue
            case .dayFirstDot: dayFirstDot = newValue
            case .dayMonthName: dayMonthName = newValue
            }
        }
    }

    /// Values read as days, in every form.
    /// - Complexity: O(1).
    public var days: Int { iso.values + dayFirstSlash.values + dayFirstDash.values + dayFirstDot.values + dayMonthName.values }

    /// Whether no value was read as a day or refused as month first.
    /// - Complexity: O(1).
    public var isEmpty: Bool { days == 0 && monthFirst == 0 }

    /// Whether any value was read as a day-first numeric date.
    /// - Complexity: O(1).
    public var hasNumericDates: Bool { dayFirstSlash.values + dayFirstDash.values + dayFirstDot.values > 0 }

    /// One sentence for the pack and `waitgap check`, e.g.
    /// "DD/MM/YYYY, day first (6,210 values have a day over 12)";
    /// "D/M/YYYY, read day first by UK convention: every day is 12 or less, so the values alone cannot tell";
    /// "YYYY-MM-DD"; "YYYY-MM-DD with a time (ignored)";
    /// "mixed forms: 1,000 as DD/MM/YYYY, 3 as YYYY-MM-DD; numeric dates day first (12 values have a day over 12)";
    /// "…; 12 values read only month first (first at row 5,001) were quarantined".
    /// - Complexity: O(1).
    public var summary: String { summary(refusedAs: "quarantined") }

    /// The summary, saying what became of values refused as month first (`quarantined` for a
    /// required date; a date of birth's become an age not known).
    public func summary(refusedAs outcome: String) -> String {
        let forms = Form.allCases.enumerated().filter { self[$0.element].values > 0 }
            .sorted { (self[$0.element].values, $1.offset) > (self[$1.element].values, $0.offset) }.map(\.element)
        var text = ""
        if forms.count == 1 {
            text = label(forms[0])
        } else if forms.count > 1 {
            text = "mixed forms: " + forms.map { "\(self[$0].values.grouped) as \(label($0))" }.joined(separator: ", ")
        }
        if hasNumericDates {
            text += forms.count == 1 ? ", " : "; numeric dates "
            if dayOverTwelve > 0 {
                let values = dayOverTwelve == 1 ? "1 value has" : "\(dayOverTwelve.grouped) values have"
                text += "day first (\(values) a day over 12)"
            } else {
                text += "read day first by UK convention: every day is 12 or less, so the values alone cannot tell"
            }
        }
        if monthFirst > 0 {
            if !text.isEmpty { text += "; " }
            let row = firstMonthFirstRow.map { $0.grouped } ?? "?"
            text +=
                monthFirst == 1
                ? "1 value read only month first (at row \(row)) was \(outcome)"
                : "\(monthFirst.grouped) values read only month first (first at row \(row)) were \(outcome)"
        }
        return text.isEmpty ? "no dates" : text
    }

    /// A form's pattern with how times follow it.
    private func label(_ form: Form) -> String {
        let count = self[form]
        let pattern = form.pattern(unpadded: count.unpadded > 0)
        if count.withTime == 0 { return pattern }
        if count.withTime == count.values { return pattern + " with a time (ignored)" }
        return pattern + " (\(count.withTime.grouped) with a time, ignored)"
    }

    /// Counts a value read as a day in data row `row`.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func note(_ reading: DateReading, row: Int) {
        switch reading.form {
        case .iso: iso.note(reading)
        case .dayFirstSlash: dayFirstSlash.note(reading)
        case .dayFirstDash: dayFirstDash.note(reading)
        case .dayFirstDot: dayFirstDot.note(reading)
        case .dayMonthName: dayMonthName.note(reading)
        }
        if reading.form.isNumeric {
            if reading.dayOverTwelve { dayOverTwelve += 1 } else { ambiguous += 1 }
        }
        noteFirst(row: row, form: reading.form)
    }

    /// Makes data row `row` the first if no value was read as a day before it.
    /// - Complexity: O(1).
    @inline(__always)
    mutating func noteFirst(row: Int, form: Form) {
        if let firstRow, row >= firstRow { return }
        firstRow = row
        firstForm = form
    }

    /// Counts a value refused as month first in data row `row`.
    /// - Complexity: O(1).
    mutating func noteMonthFirst(row: Int) {
        monthFirst += 1
        if firstMonthFirstRow.map({ row < $0 }) ?? true { firstMonthFirstRow = row }
    }

    /// Adds `other`'s counts `times` times (not its rows).
    mutating func add(_ other: DateEvidence, times: Int) {
        guard times > 0 else { return }
        for form in Form.allCases {
            self[form].values += other[form].values * times
            self[form].withTime += other[form].withTime * times
            self[form].unpadded += other[form].unpadded * times
        }
        dayOverTwelve += other.dayOverTwelve * times
        ambiguous += other.ambiguous * times
    }

    /// Takes `earlier`'s counts away (what one read added, for `DateColumnReader.repeatLast`).
    mutating func subtract(_ earlier: DateEvidence) {
        for form in Form.allCases {
            self[form].values -= earlier[form].values
            self[form].withTime -= earlier[form].withTime
            self[form].unpadded -= earlier[form].unpadded
        }
        dayOverTwelve -= earlier.dayOverTwelve
        ambiguous -= earlier.ambiguous
        monthFirst -= earlier.monthFirst
    }

    /// Adds `other` into `self`: counts add, first rows keep the smaller.
    /// - Complexity: O(1).
    public mutating func merge(_ other: DateEvidence) {
        for form in Form.allCases { self[form].merge(other[form]) }
        dayOverTwelve += other.dayOverTwelve
        ambiguous += other.ambiguous
        monthFirst += other.monthFirst
        if let row = other.firstMonthFirstRow, firstMonthFirstRow.map({ row < $0 }) ?? true { firstMonthFirstRow = row }
        if let row = other.firstRow, firstRow.map({ row < $0 }) ?? true {
            firstRow = row
            firstForm = other.firstForm
        }
    }
}

extension DateEvidence.FormCount {
    @inline(__always)
    fileprivate mutating func note(_ reading: DateReading) {
        values += 1
        if reading.withTime { withTime += 1 }
        if reading.unpadded { unpadded += 1 }
    }
}

/// Reads one date column, value by value, keeping the evidence.
public struct DateColumnReader: Sendable {
    private let format: DateFormat
    /// The forms read so far, counted.
    public var evidence: DateEvidence {
        guard repeats > 0 else { return counted }
        var total = counted
        total.add(last, times: repeats)
        return total
    }
    /// The forms of the values read.
    private var counted = DateEvidence()
    /// The last value read as a day, as evidence of one value, for `repeatLast`.
    private var last = DateEvidence()
    /// How many times `last` was seen again without being read.
    private var repeats = 0

    /// Creates a reader for a column written in `format`.
    /// - Complexity: O(1).
    public init(format: DateFormat) { self.format = format }

    /// Counts the last value read as a day once more: for a caller that recognised the same bytes
    /// again without reading them (the census date, which most extracts repeat on every row).
    /// - Complexity: O(1).
    public mutating func repeatLast() { repeats &+= 1 }

    /// Reads a value of data row `row` (1-based, header = 1): a fast path for padded ISO and padded dd/mm/yyyy (the common forms: as cheap as today's DateFormat.parse), then the general parser.
    /// - Returns: the day; `.blank`; `.monthFirst` for a numeric value that reads only month first
    ///   (counted, with its row); `.invalid` for anything else, including forms `format` excludes.
    /// - Complexity: O(length of the value); no allocation.
    @inline(__always)
    public mutating func read(_ field: UnsafeBufferPointer<UInt8>, row: Int) -> DateValue {
        let value = field.trimmed
        if value.count == 10, let p = value.baseAddress {
            if format.readsISO, let day = DateFormat.paddedISO(p) {
                counted.iso.values += 1
                counted.noteFirst(row: row, form: .iso)
                return .day(day)
            }
            if format.readsDayFirst, let day = DateFormat.paddedDayFirst(p) {
                counted.dayFirstSlash.values += 1
                if DateFormat.dayOverTwelve(p) { counted.dayOverTwelve += 1 } else { counted.ambiguous += 1 }
                counted.noteFirst(row: row, form: .dayFirstSlash)
                return .day(day)
            }
        }
        let reading = format.generalReading(value)
        switch reading.value {
        case .day:
            counted.note(reading, row: row)
            last = DateEvidence()
            last.note(reading, row: row)
        case .monthFirst: counted.noteMonthFirst(row: row)
        case .blank, .invalid: break
        }
        return reading.value
    }

    /// Reads a value that is read once and then recognised by its bytes (`repeatLast`): as
    /// `read`, remembering the evidence of this one value.
    public mutating func readRemembering(_ field: UnsafeBufferPointer<UInt8>, row: Int) -> DateValue {
        // Repeats of the previous value are counted before `last` can change.
        counted.add(last, times: repeats)
        repeats = 0
        let before = counted
        let value = read(field, row: row)
        if case .day = value {
            last = counted
            last.subtract(before)
        }
        return value
    }
}

/// What the parser found in one value, before a format admits it and evidence counts it.
struct DateReading {
    /// The outcome.
    var value: DateValue
    /// The form of a day or of a month-first value (`.iso` otherwise).
    var form: DateEvidence.Form = .iso
    /// Whether a time followed the date.
    var withTime = false
    /// Whether the day or month had one digit.
    var unpadded = false
    /// Whether a numeric value's first number, its day, is over 12.
    var dayOverTwelve = false

    /// Every accepted form, whatever the format: ISO, day-first numeric, month names, each with an
    /// optional time.
    /// - Parameter value: trimmed, not empty.
    /// - Complexity: O(`value.count`); no allocation.
    static func general(_ value: UnsafeBufferPointer<UInt8>) -> DateReading {
        let invalid = DateReading(value: .invalid)
        var scanner = DateScanner(value: value)
        let first = scanner.number(limit: 4)
        guard first.length > 0, let separator = scanner.peek else { return invalid }
        scanner.index += 1
        if first.length == 4 {
            // YYYY-MM-DD
            guard separator == DateScanner.dash else { return invalid }
            let month = scanner.number(limit: 2)
            guard month.length == 2, scanner.skip(DateScanner.dash) else { return invalid }
            let day = scanner.number(limit: 2)
            guard day.length == 2, let withTime = scanner.time(allowT: true),
                let date = Day(year: first.value, month: month.value, day: day.value)
            else { return invalid }
            return DateReading(value: .day(date), form: .iso, withTime: withTime)
        }
        guard first.length <= 2, let next = scanner.peek else { return invalid }
        if next &- 48 < 10 {
            // D/M/YYYY, D-M-YYYY, D.M.YYYY, padded or not.
            let form: DateEvidence.Form
            switch separator {
            case DateScanner.slash: form = .dayFirstSlash
            case DateScanner.dash: form = .dayFirstDash
            case DateScanner.dot: form = .dayFirstDot
            default: return invalid
            }
            let second = scanner.number(limit: 2)
            guard scanner.skip(separator), let year = scanner.year(), let withTime = scanner.time(allowT: false) else {
                return invalid
            }
            var reading = DateReading(
                value: .invalid, form: form, withTime: withTime, unpadded: first.length == 1 || second.length == 1,
                dayOverTwelve: first.value > 12)
            if let date = Day(year: year, month: second.value, day: first.value) {
                reading.value = .day(date)
            } else if first.value <= 12, second.value > 12, Day(year: year, month: first.value, day: second.value) != nil {
                reading.value = .monthFirst
            } else {
                return invalid
            }
            return reading
        }
        // D Mon YYYY, D-Mon-YYYY, D/Mon/YYYY, with a month name or its abbreviation.
        guard separator == DateScanner.space || separator == DateScanner.dash || separator == DateScanner.slash,
            let month = scanner.monthName(), scanner.skip(separator), let year = scanner.year(),
            let withTime = scanner.time(allowT: false), let date = Day(year: year, month: month, day: first.value)
        else { return invalid }
        return DateReading(value: .day(date), form: .dayMonthName, withTime: withTime, unpadded: first.length == 1)
    }
}

/// A position in one trimmed value, for the general parser.
private struct DateScanner {
    static let slash: UInt8 = 0x2F
    static let dash: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let space: UInt8 = 0x20

    let value: UnsafeBufferPointer<UInt8>
    var index = 0

    /// The byte at `index`, or nil at the end.
    var peek: UInt8? { index < value.count ? value[index] : nil }

    /// Steps over `byte` if it is next.
    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < value.count, value[index] == byte else { return false }
        index += 1
        return true
    }

    /// Up to `limit` digits as a number, and how many there were.
    mutating func number(limit: Int) -> (value: Int, length: Int) {
        var result = 0
        let start = index
        while index < value.count, index - start < limit, value[index] &- 48 < 10 {
            result = result * 10 + Int(value[index] &- 48)
            index += 1
        }
        return (result, index - start)
    }

    /// Exactly four digits of year, not followed by another digit.
    mutating func year() -> Int? {
        let (year, length) = number(limit: 4)
        guard length == 4, index == value.count || value[index] &- 48 >= 10 else { return nil }
        return year
    }

    /// What follows the date: nothing (false), a time (true), or anything else (nil). A time is
    /// `h:mm` or `hh:mm` after spaces (or `T` where `allowT`), then only digits and `:` `.` `+`
    /// `-` `Z` (seconds, fractions, offsets).
    mutating func time(allowT: Bool) -> Bool? {
        guard index < value.count else { return false }
        if value[index] == Self.space {
            while index < value.count, value[index] == Self.space { index += 1 }
        } else if !(allowT && skip(UInt8(ascii: "T"))) {
            return nil
        }
        guard number(limit: 2).length > 0, skip(UInt8(ascii: ":")), number(limit: 2).length == 2 else { return nil }
        while index < value.count {
            let byte = value[index]
            guard
                byte &- 48 < 10 || byte == UInt8(ascii: ":") || byte == Self.dot || byte == UInt8(ascii: "+")
                    || byte == Self.dash || byte == UInt8(ascii: "Z")
            else { return nil }
            index += 1
        }
        return true
    }

    /// A run of ASCII letters naming a month, as its number.
    mutating func monthName() -> Int? {
        let start = index
        while index < value.count, (value[index] | 0x20) &- UInt8(ascii: "a") < 26 { index += 1 }
        return DateReading.monthNumber(UnsafeBufferPointer(rebasing: value[start..<index]))
    }
}

extension DateReading {
    private static let monthNames: [StaticString] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// The month an English name, three-letter abbreviation or `Sept` names, ignoring case.
    /// - Parameter letters: ASCII letters only.
    /// - Complexity: O(`letters.count`).
    static func monthNumber(_ letters: UnsafeBufferPointer<UInt8>) -> Int? {
        let length = letters.count
        guard length >= 3 else { return nil }
        for (index, name) in monthNames.enumerated() {
            let full = name.utf8CodeUnitCount
            guard length == 3 || length == full || (index == 8 && length == 4), length <= full else { continue }
            let bytes = name.utf8Start
            var matches = true
            for position in 0..<length where letters[position] | 0x20 != bytes[position] {
                matches = false
                break
            }
            if matches { return index + 1 }
        }
        return nil
    }
}
