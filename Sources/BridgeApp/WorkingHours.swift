import BridgeModel

/// When `serve` may poll a source (a source's `hours:`), in Vietnam time: `07:00-18:00` every day, or days
/// first — `mon-fri 07:00-18:00`, `mon,wed,fri 13:30-17:00`. A window whose end is before its start runs past
/// midnight (`22:00-06:00`: it belongs to the day it opens). `sync now` and the command line ignore it.
public struct WorkingHours: Sendable, Hashable, CustomStringConvertible {
    /// Days of the week the window opens on, 0 = Monday … 6 = Sunday.
    public let days: Set<Int>
    /// Minutes after midnight.
    public let start: Int
    public let end: Int
    public let description: String

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses the written form; the error says what is wrong with it.
    public init(_ text: String) throws(AppError) {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { throw AppError("hours '\(text)' is not like 'mon-fri 07:00-18:00' or '07:00-18:00'") }
        var days = Set(0..<7)
        if parts.count == 2 {
            days = []
            for item in parts[0].split(separator: ",") {
                let ends = item.split(separator: "-").map { Self.dayNames.firstIndex(of: String($0)) }
                guard (1...2).contains(ends.count), let first = ends[0], let last = ends.last ?? nil else {
                    throw AppError("hours '\(text)': '\(item)' is not a day or days (mon, tue, wed, thu, fri, sat, sun; mon-fri)")
                }
                var day = first
                while true {
                    days.insert(day)
                    if day == last { break }
                    day = (day + 1) % 7
                }
            }
        }
        let times = parts.last!.split(separator: "-").map { Self.minutes(String($0)) }
        guard times.count == 2, let start = times[0], let end = times[1], start != end else {
            throw AppError("hours '\(text)': '\(parts.last!)' is not a window like 07:00-18:00")
        }
        self.days = days
        self.start = start
        self.end = end
        description = text
    }

    private static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":")
        guard hm.count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    /// The local day (days since 1970-01-01) and minute of `time` in Vietnam.
    private static func local(_ time: Timestamp) -> (day: Int, minute: Int) {
        let seconds = time.millis / 1000 + Int64(VietnamTime.offsetSeconds)
        let day = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        return (day, Int((seconds - Int64(day) * 86_400) / 60))
    }

    /// 1970-01-01 was a Thursday.
    private static func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    /// True when `time` is inside the window.
    public func contains(_ time: Timestamp) -> Bool {
        let (day, minute) = Self.local(time)
        if start < end { return days.contains(Self.weekday(day)) && minute >= start && minute < end }
        // Past midnight: the evening part belongs to today, the morning part to the day before.
        return (minute >= start && days.contains(Self.weekday(day))) || (minute < end && days.contains(Self.weekday(day - 1)))
    }

    /// `time` itself when inside the window, else the next time it opens.
    public func next(from time: Timestamp) -> Timestamp {
        if contains(time) { return time }
        let (today, _) = Self.local(time)
        for day in today...(today + 8) where days.contains(Self.weekday(day)) {
            let opening = Timestamp(millis: (Int64(day) * 86_400 + Int64(start) * 60 - Int64(VietnamTime.offsetSeconds)) * 1000)
            if opening > time { return opening }
        }
        return time  // unreachable: `days` is never empty
    }
}
