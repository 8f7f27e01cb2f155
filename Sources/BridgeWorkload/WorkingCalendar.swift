import BridgeModel

/// The working calendar workload is measured against: Monday to Friday, 8 hours a day, less public holidays and
/// Tết (the configuration's list: the dates move every year, so none is built in).
public struct WorkingCalendar: Sendable, Hashable {
    public var holidays: Set<CalendarDay>
    public var hoursPerDay: Int

    public init(holidays: Set<CalendarDay> = [], hoursPerDay: Int = 8) {
        self.holidays = holidays
        self.hoursPerDay = hoursPerDay
    }

    /// True for Monday to Friday when not a holiday.
    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        // 1970-01-01 was a Thursday: days since then, plus 3, modulo 7 gives 0 for Monday.
        let weekday = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
        return weekday < 5 && !holidays.contains(day)
    }

    /// The working days from `first` to `last`, both included.
    public func workingDays(from first: CalendarDay, to last: CalendarDay) -> [CalendarDay] {
        guard first <= last else { return [] }
        return (first.daysSinceEpoch...last.daysSinceEpoch).map(CalendarDay.init(daysSinceEpoch:)).filter(isWorkingDay)
    }
}
