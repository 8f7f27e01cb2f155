/// Vietnam time (ICT, UTC+07:00, no daylight saving): the zone every source writes without saying so.
public enum VietnamTime {
    /// UTC+07:00 in seconds.
    public static let offsetSeconds = 7 * 3600

    /// The last millisecond of `day` in Vietnam time: a date-only deadline means the whole day.
    public static func endOfDay(_ day: CalendarDay, offsetSeconds: Int = offsetSeconds) -> Timestamp {
        Timestamp(day: day, hour: 23, minute: 59, second: 59, millisecond: 999, offsetSeconds: offsetSeconds)!
    }

    /// Midnight at the start of `day`.
    public static func startOfDay(_ day: CalendarDay, offsetSeconds: Int = offsetSeconds) -> Timestamp {
        Timestamp(day: day, hour: 0, minute: 0, second: 0, offsetSeconds: offsetSeconds)!
    }
}
