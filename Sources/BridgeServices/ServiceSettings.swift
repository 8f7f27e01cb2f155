import BridgeModel

/// The settings of the on-time rules that the law leaves to the province (docs/services.md gives each default's
/// reason).
public struct ServiceSettings: Sendable, Hashable, Codable {
    /// What is compared with an appointment or a deadline.
    public enum Comparison: String, Sendable, Hashable, Codable {
        /// The calendar day (Vietnam time): a dossier finished any time on its appointment day is on time. The
        /// default: the provincial systems' own reports compare the date of `NgayKetThucXuLy` with `NgayHenTra`.
        case date
        /// The instant, to the millisecond.
        case instant
    }

    public var comparison: Comparison
    /// Whether a dossier whose appointment was reset with an apology is judged against the new appointment. The
    /// default, false, judges it against the first: the apology admits the delay (no national text says
    /// otherwise; a province that decides so sets true).
    public var apologyKeepsOnTime: Bool
    /// The on-time rate a unit is held to (the province's 95 % line).
    public var target: Double
    /// Public holidays (and Tết) that are not working days, for statutory durations in working days.
    public var holidays: Set<CalendarDay>

    public init(comparison: Comparison = .date, apologyKeepsOnTime: Bool = false, target: Double = 0.95, holidays: Set<CalendarDay> = []) {
        self.comparison = comparison
        self.apologyKeepsOnTime = apologyKeepsOnTime
        self.target = target
        self.holidays = holidays
    }

    /// True when `a` is no later than `b` under the comparison in force.
    public func noLater(_ a: Timestamp, than b: Timestamp) -> Bool {
        switch comparison {
        case .date: a.day() <= b.day()
        case .instant: a <= b
        }
    }

    /// Whole days `a` is past `b` (0 when it is not): calendar days between their dates, or under `.instant` the
    /// started days of the overrun.
    public func daysOver(_ a: Timestamp, _ b: Timestamp) -> Int {
        switch comparison {
        case .date: max(0, a.day().daysSinceEpoch - b.day().daysSinceEpoch)
        case .instant: a <= b ? 0 : Int((a.millis - b.millis + 86_399_999) / 86_400_000)
        }
    }

    /// True when `day` is a working day: Monday to Friday and not a holiday.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        // 1970-01-01 was a Thursday: days since then, plus 3, modulo 7 gives 0 for Monday.
        let weekday = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
        return weekday < 5 && !holidays.contains(day)
    }
}
