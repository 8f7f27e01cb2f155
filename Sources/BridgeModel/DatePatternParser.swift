import Foundation

/// Parses dates written in a source's own pattern (`dd/MM/yyyy`, `yyyy/MM/dd HH:mm:ss`, ISO 8601, epoch).
///
/// Patterns use `yyyy`, `MM`/`M`, `dd`/`d`, `HH`/`H`, `mm`, `ss`, `SSS`; any other character must match itself.
/// Parsing is exact: the whole text must match, and impossible dates (31/02) are refused.
public struct DatePatternParser: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case year, month(strict: Bool), day(strict: Bool), hour(strict: Bool), minute, second, millis
        case literal(Character)
    }

    enum Kind: Sendable, Hashable {
        case pattern([Token])
        case iso8601
        case epochMillis
        case epochSeconds
    }

    let kind: Kind
    /// The pattern as written in the mapping.
    public let description: String

    /// True when the pattern carries a time of day; date-only patterns give a `CalendarDay`.
    public var hasTime: Bool {
        switch kind {
        case .iso8601, .epochMillis, .epochSeconds: return true
        case .pattern(let tokens):
            return tokens.contains { if case .hour = $0 { return true } else { return false } }
        }
    }

    /// ISO 8601 with optional fraction and zone.
    public static let iso8601 = DatePatternParser(kind: .iso8601, description: "iso8601")

    /// Builds a parser; throws a message naming the bad part of the pattern.
    public init(pattern: String) throws {
        switch pattern {
        case "iso8601": self = .iso8601; return
        case "epoch-ms": self.init(kind: .epochMillis, description: pattern); return
        case "epoch-s": self.init(kind: .epochSeconds, description: pattern); return
        default: break
        }
        var tokens: [Token] = []
        var rest = Substring(pattern)
        let words: [(String, Token)] = [
            ("yyyy", .year), ("MM", .month(strict: true)), ("M", .month(strict: false)),
            ("dd", .day(strict: true)), ("d", .day(strict: false)), ("HH", .hour(strict: true)),
            ("H", .hour(strict: false)), ("mm", .minute), ("ss", .second), ("SSS", .millis),
        ]
        next: while let c = rest.first {
            for (word, token) in words where rest.hasPrefix(word) {
                tokens.append(token)
                rest = rest.dropFirst(word.count)
                continue next
            }
            if c.isLetter { throw PatternError(pattern: pattern, message: "unknown pattern letter '\(c)'") }
            tokens.append(.literal(c))
            rest = rest.dropFirst()
        }
        guard tokens.contains(.year), tokens.contains(where: { if case .month = $0 { true } else { false } }),
            tokens.contains(where: { if case .day = $0 { true } else { false } })
        else { throw PatternError(pattern: pattern, message: "needs yyyy, MM and dd") }
        self.init(kind: .pattern(tokens), description: pattern)
    }

    init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }

    /// A pattern that cannot be used.
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public let pattern: String
        public let message: String
        public var description: String { "date pattern '\(pattern)': \(message)" }
    }

    /// `time` written in this pattern, in the zone `offsetSeconds` from UTC (patterns carry no zone; ISO 8601 is
    /// written with the offset, epochs as numbers). Parsing the result gives `time` back, to the pattern's precision.
    public func format(_ time: Timestamp, offsetSeconds: Int) -> String {
        switch kind {
        case .iso8601: return time.formatted(offsetSeconds: offsetSeconds)
        case .epochMillis: return String(time.millis)
        case .epochSeconds: return String(time.millis.quotientAndRemainderFloored(dividingBy: 1000).0)
        case .pattern(let tokens):
            let local = time.millis + Int64(offsetSeconds) * 1000
            let (days, millisOfDay) = local.quotientAndRemainderFloored(dividingBy: 86_400_000)
            let day = CalendarDay(daysSinceEpoch: Int(days))
            let ms = Int(millisOfDay)
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            var out = ""
            for token in tokens {
                switch token {
                case .year: out += pad(day.year, 4)
                case .month(let strict): out += pad(day.month, strict ? 2 : 1)
                case .day(let strict): out += pad(day.day, strict ? 2 : 1)
                case .hour(let strict): out += pad(ms / 3_600_000, strict ? 2 : 1)
                case .minute: out += pad(ms / 60_000 % 60, 2)
                case .second: out += pad(ms / 1000 % 60, 2)
                case .millis: out += pad(ms % 1000, 3)
                case .literal(let c): out.append(c)
                }
            }
            return out
        }
    }

    /// The calendar day written in `text`, ignoring any time part.
    public func parseDay(_ text: String) -> CalendarDay? {
        guard let fields = fields(of: text) else { return nil }
        return CalendarDay(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The instant written in `text`; a text without a zone is read at `defaultOffsetSeconds`.
    public func parse(_ text: String, defaultOffsetSeconds: Int) -> Timestamp? {
        switch kind {
        case .epochMillis:
            return Int64(text).map { Timestamp(millis: $0) }
        case .epochSeconds:
            return Int64(text).flatMap { $0.multipliedReportingOverflow(by: 1000).overflow ? nil : Timestamp(millis: $0 * 1000) }
        case .iso8601, .pattern:
            guard let f = fields(of: text), let day = CalendarDay(year: f.year, month: f.month, day: f.day)
            else { return nil }
            return Timestamp(
                day: day, hour: f.hour, minute: f.minute, second: f.second, millisecond: f.millis,
                offsetSeconds: f.offset ?? defaultOffsetSeconds)
        }
    }

    /// Why `text`, written in this pattern's shape, is still not a time: an impossible day, month or time of
    /// day (`31/02/2026`: February 2026 has 28 days). Nil when the shape does not match (or nothing is wrong).
    public func problem(with text: String) -> String? {
        guard let f = fields(of: text) else { return nil }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        if !(1...12).contains(f.month) { return "'\(text)' is not a date: there is no month \(f.month)" }
        if !(1...9999).contains(f.year) { return "'\(text)' is not a date: year \(f.year)" }
        let days = CalendarDay.daysIn(month: f.month, year: f.year)
        if !(1...days).contains(f.day) { return "'\(text)' is not a date: \(months[f.month - 1]) \(f.year) has \(days) days" }
        if f.hour > 23 || f.minute > 59 || f.second > 59 {
            return "'\(text)' is not a time of day: \(String(format: "%02d:%02d:%02d", f.hour, f.minute, f.second))"
        }
        return nil
    }

    struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0
        var offset: Int?
    }

    func fields(of text: String) -> Fields? {
        var scanner = DigitScanner(text)
        var f = Fields()
        switch kind {
        case .epochMillis, .epochSeconds:
            guard let t = parse(text, defaultOffsetSeconds: 0) else { return nil }
            let day = t.day(offsetSeconds: 0)
            f.year = day.year; f.month = day.month; f.day = day.day
            return f
        case .iso8601:
            guard let y = scanner.digits(4), scanner.take("-"), let m = scanner.digits(2), scanner.take("-"),
                let d = scanner.digits(2)
            else { return nil }
            (f.year, f.month, f.day) = (y, m, d)
            if scanner.take("T") || scanner.take(" ") {
                guard let h = scanner.digits(2), scanner.take(":"), let mi = scanner.digits(2) else { return nil }
                (f.hour, f.minute) = (h, mi)
                if scanner.take(":") {
                    guard let s = scanner.digits(2) else { return nil }
                    f.second = s
                    if scanner.take(".") || scanner.take(",") {
                        guard let fraction = scanner.fraction() else { return nil }
                        f.millis = fraction
                    }
                }
                if scanner.take("Z") || scanner.take("z") {
                    f.offset = 0
                } else if let sign = scanner.takeSign() {
                    guard let oh = scanner.digits(2) else { return nil }
                    _ = scanner.take(":")
                    let om = scanner.digits(2) ?? 0
                    f.offset = sign * (oh * 3600 + om * 60)
                }
            }
        case .pattern(let tokens):
            for token in tokens {
                let value: Int?
                switch token {
                case .literal(let c): guard scanner.take(c) else { return nil }; continue
                case .year: value = scanner.digits(4); f.year = value ?? 0
                case .month(let strict): value = scanner.digits(strict ? 2 : nil); f.month = value ?? 0
                case .day(let strict): value = scanner.digits(strict ? 2 : nil); f.day = value ?? 0
                case .hour(let strict): value = scanner.digits(strict ? 2 : nil); f.hour = value ?? 0
                case .minute: value = scanner.digits(2); f.minute = value ?? 0
                case .second: value = scanner.digits(2); f.second = value ?? 0
                case .millis: value = scanner.digits(3); f.millis = value ?? 0
                }
                if value == nil { return nil }
            }
        }
        return scanner.atEnd ? f : nil
    }
}

/// Reads ASCII digits and literals from the front of a string, byte by byte over its UTF-8 (a date is ASCII; any
/// other byte simply fails to match a digit or a literal).
struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { position == bytes.count }

    private func digit(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        return (0x30...0x39).contains(byte) ? Int(byte &- 0x30) : nil
    }

    /// Exactly `count` digits, or one or two when `count` is nil.
    mutating func digits(_ count: Int?) -> Int? {
        var value = 0
        var n = 0
        let limit = count ?? 2
        while n < limit, let d = digit(at: position) {
            value = value * 10 + d
            n += 1
            position += 1
        }
        if let count { return n == count ? value : nil }
        return n > 0 ? value : nil
    }

    /// A decimal fraction of a second, as milliseconds (extra digits are truncated).
    mutating func fraction() -> Int? {
        var millis = 0
        var n = 0
        while let d = digit(at: position) {
            if n < 3 { millis = millis * 10 + d }
            n += 1
            position += 1
        }
        guard n > 0 else { return nil }
        for _ in n..<max(n, 3) { millis *= 10 }
        return millis
    }

    mutating func take(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else {
            // A non-ASCII literal in a pattern: compare its UTF-8 bytes.
            let utf8 = Array(String(c).utf8)
            guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else { return false }
            position += utf8.count
            return true
        }
        guard position < bytes.count, bytes[position] == ascii else { return false }
        position += 1
        return true
    }

    mutating func takeSign() -> Int? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}
