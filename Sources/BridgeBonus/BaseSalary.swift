import BridgeModel
import BridgeScoring

/// The base salary (mức lương cơ sở) over time: each amount from a day. Shipped defaults: 2,340,000 VND
/// (Decree 73/2024, from 1 July 2024) and 2,530,000 VND from 1 July 2026 (Decree 161/2026); configurable.
public struct BaseSalary: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        public let from: CalendarDay
        public let amount: Int

        public init(from: CalendarDay, amount: Int) {
            self.from = from
            self.amount = amount
        }
    }

    /// Oldest first.
    public let steps: [Step]

    public init(_ steps: [Step]) { self.steps = steps.sorted { $0.from < $1.from } }

    public static let defaults = BaseSalary([
        Step(from: CalendarDay(year: 2024, month: 7, day: 1)!, amount: 2_340_000),
        Step(from: CalendarDay(year: 2026, month: 7, day: 1)!, amount: 2_530_000),
    ])

    /// The amount in force on `day`; nil before the first step.
    public func amount(on day: CalendarDay) -> Int? { steps.last { $0.from <= day }?.amount }

    /// The amount in force during `month` of `year` (on its first day).
    public func amount(year: Int, month: Int) -> Int? { CalendarDay(year: year, month: month, day: 1).flatMap(amount(on:)) }
}

/// One officer's payroll for the year, as HR keeps it: the salary coefficient (rank and grade, plus the
/// leadership position's, allowances excluded), the months paid and the unit.
public struct PayrollRow: Sendable, Hashable {
    public let officer: String
    public let unit: String
    public let coefficient: Rational
    /// The months of the year paid (1…12).
    public let months: [Int]

    public init(officer: String, unit: String, coefficient: Rational, months: [Int]) {
        self.officer = officer
        self.unit = unit
        self.coefficient = coefficient
        self.months = months.sorted()
    }
}
