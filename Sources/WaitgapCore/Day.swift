/// A calendar date as days since 1970-01-01 (proleptic Gregorian), the resolution waits use.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int

    /// Creates a day from its count since 1970-01-01.
    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a day from a valid calendar date, or nil if the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Day.daysInMonth(year: year, month: month)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// The year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO 8601, `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Days from `other` to this day.
    public func days(since other: Day) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD` as text (options and tests).
    public init?(iso text: String) {
        var text = text
        guard let day = text.withUTF8({ DateFormat.iso.parse($0) }) else { return nil }
        self = day
    }
}

/// How dates are written in an extract.
public enum DateFormat: String, Sendable, CaseIterable, Codable {
    /// `YYYY-MM-DD` (ISO 8601), the default.
    case iso = "ymd"
    /// `DD/MM/YYYY`, as trust extracts from spreadsheets often are.
    case dayFirst = "dmy"

    /// Parses a date, ignoring spaces around it and a time after it (`2024-03-01 00:00:00`,
    /// `2024-03-01T00:00:00Z`), as SQL exports write them.
    /// - Returns: the day, or nil if the bytes are not a valid date in this format.
    public func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Day? {
        let value = raw.trimmed
        guard value.count >= 10 else { return nil }
        if value.count > 10 {
            let separator = value[10]
            guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "T") else { return nil }
        }
        func number(_ from: Int, _ length: Int) -> Int? {
            UnsafeBufferPointer(rebasing: value[from..<(from + length)]).decimalValue
        }
        switch self {
        case .iso:
            guard value[4] == UInt8(ascii: "-"), value[7] == UInt8(ascii: "-"),
                let y = number(0, 4), let m = number(5, 2), let d = number(8, 2)
            else { return nil }
            return Day(year: y, month: m, day: d)
        case .dayFirst:
            guard value[2] == UInt8(ascii: "/"), value[5] == UInt8(ascii: "/"),
                let d = number(0, 2), let m = number(3, 2), let y = number(6, 4)
            else { return nil }
            return Day(year: y, month: m, day: d)
        }
    }

    /// How the format reads in messages.
    public var pattern: String { self == .iso ? "YYYY-MM-DD" : "DD/MM/YYYY" }
}
