import BridgeModel

/// A scoring period in Vietnam time, half-open: `2026-03` (month), `2026-Q1` (quarter), `2026` (year).
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: Int, Sendable, Hashable {
        case month, quarter, year
    }

    public let kind: Kind
    public let year: Int
    /// Month 1–12 or quarter 1–4; 0 for a year.
    public let index: Int

    /// Parses the written form; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard let y = Int(parts.first ?? ""), (1990...2100).contains(y), parts[0].count == 4 else { return nil }
        if parts.count == 1 {
            self.init(kind: .year, year: y, index: 0)
        } else if parts.count == 2, parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), (1...4).contains(q),
            parts[1].count == 2
        {
            self.init(kind: .quarter, year: y, index: q)
        } else if parts.count == 2, parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) {
            self.init(kind: .month, year: y, index: m)
        } else {
            return nil
        }
    }

    init(kind: Kind, year: Int, index: Int) {
        self.kind = kind
        self.year = year
        self.index = index
    }

    public var description: String {
        switch kind {
        case .month: return "\(year)-\(index < 10 ? "0" : "")\(index)"
        case .quarter: return "\(year)-Q\(index)"
        case .year: return "\(year)"
        }
    }

    private var firstMonth: Int {
        switch kind {
        case .month: return index
        case .quarter: return (index - 1) * 3 + 1
        case .year: return 1
        }
    }

    private var months: Int {
        switch kind {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        }
    }

    /// The first instant of the period (00:00 Vietnam time on its first day).
    public var start: Timestamp {
        VietnamTime.startOfDay(CalendarDay(year: year, month: firstMonth, day: 1)!)
    }

    /// The first instant after the period.
    public var end: Timestamp {
        let next = firstMonth - 1 + months
        return VietnamTime.startOfDay(CalendarDay(year: year + next / 12, month: next % 12 + 1, day: 1)!)
    }

    /// True when `time` is in `[start, end)`.
    public func contains(_ time: Timestamp) -> Bool { start <= time && time < end }

    /// The month, quarter and year that contain `time`.
    public static func containing(_ time: Timestamp) -> [Period] {
        let day = time.day()
        return [
            Period(kind: .month, year: day.year, index: day.month),
            Period(kind: .quarter, year: day.year, index: (day.month - 1) / 3 + 1),
            Period(kind: .year, year: day.year, index: 0),
        ]
    }

    public static func < (a: Period, b: Period) -> Bool {
        (a.year, a.kind.rawValue, a.index) < (b.year, b.kind.rawValue, b.index)
    }
}
