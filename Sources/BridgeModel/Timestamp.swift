import Foundation

/// An instant, kept as whole milliseconds since 1970 UTC so that folding and comparing are exact.
public struct Timestamp: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millis: Int64

    public init(millis: Int64) { self.millis = millis }

    /// The instant at `date`, truncated to the millisecond.
    public init(_ date: Date) { self.millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The same instant as a Foundation date.
    public var date: Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// A wall-clock time at a fixed UTC offset, or nil when the fields are out of range.
    public init?(day: CalendarDay, hour: Int, minute: Int, second: Int, millisecond: Int = 0, offsetSeconds: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0...999).contains(millisecond)
        else { return nil }
        let local = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.millis = (local - Int64(offsetSeconds)) * 1000 + Int64(millisecond)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            millis = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
        }
        self = parsed
    }

    /// Encoded as ISO 8601 in Vietnam time, the way people read it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// ISO 8601 in Vietnam time with milliseconds, e.g. `2026-03-16T23:59:59.999+07:00`.
    public var description: String { formatted(offsetSeconds: VietnamTime.offsetSeconds) }

    /// ISO 8601 at the given UTC offset.
    public func formatted(offsetSeconds: Int) -> String {
        let local = millis + Int64(offsetSeconds) * 1000
        let (secs, ms) = local.quotientAndRemainderFloored(dividingBy: 1000)
        let (days, secOfDay) = secs.quotientAndRemainderFloored(dividingBy: 86_400)
        let day = CalendarDay(daysSinceEpoch: Int(days))
        let s = Int(secOfDay)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let off = abs(offsetSeconds)
        let zone = offsetSeconds == 0 ? "Z" : "\(sign)\(pad(off / 3600, 2)):\(pad(off % 3600 / 60, 2))"
        return "\(day)T\(pad(s / 3600, 2)):\(pad(s % 3600 / 60, 2)):\(pad(s % 60, 2)).\(pad(Int(ms), 3))\(zone)"
    }

    /// The calendar day of this instant at the given offset.
    public func day(offsetSeconds: Int = VietnamTime.offsetSeconds) -> CalendarDay {
        let local = millis / 1000 + Int64(offsetSeconds)
        return CalendarDay(daysSinceEpoch: Int(local.quotientAndRemainderFloored(dividingBy: 86_400).0))
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss[.SSS](Z|±HH:MM)`; a missing zone means Vietnam time.
    public init?(iso8601 text: String) {
        if let canonical = Self.canonical(text) {
            self = canonical
            return
        }
        let parser = DatePatternParser.iso8601
        guard let value = parser.parse(text, defaultOffsetSeconds: VietnamTime.offsetSeconds) else { return nil }
        self = value
    }

    /// The form the bridge itself writes (`2026-03-31T08:00:00.000+07:00`, or with `Z`), read straight from the
    /// bytes: stored tasks hold many times each, and the general pattern parser was a seventh of reading them.
    /// Nil for any other form (the general parser decides those), and for impossible dates and times.
    static func canonical(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { b -> Timestamp? in
            guard b.count == 29 || b.count == 24 else { return nil }
            func digits(_ at: Int, _ count: Int) -> Int? {
                var value = 0
                for i in at..<(at + count) {
                    let d = Int(b[i]) - 48
                    guard (0...9).contains(d) else { return nil }
                    value = value * 10 + d
                }
                return value
            }
            guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
                b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."),
                let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2), let hour = digits(11, 2),
                let minute = digits(14, 2), let second = digits(17, 2), let milli = digits(20, 3)
            else { return nil }
            var offset = 0
            if b.count == 24 {
                guard b[23] == UInt8(ascii: "Z") else { return nil }
            } else {
                guard b[23] == UInt8(ascii: "+") || b[23] == UInt8(ascii: "-"), b[26] == UInt8(ascii: ":"),
                    let hours = digits(24, 2), let minutes = digits(27, 2), hours <= 23, minutes <= 59
                else { return nil }
                offset = (hours * 3600 + minutes * 60) * (b[23] == UInt8(ascii: "-") ? -1 : 1)
            }
            guard let date = CalendarDay(year: year, month: month, day: day) else { return nil }
            return Timestamp(day: date, hour: hour, minute: minute, second: second, millisecond: milli, offsetSeconds: offset)
        }
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.millis < rhs.millis }
}

extension Int64 {
    /// Division rounding toward negative infinity, with a non-negative remainder.
    func quotientAndRemainderFloored(dividingBy d: Int64) -> (Int64, Int64) {
        let q = self / d
        let r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
