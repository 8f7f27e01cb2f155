import BridgeModel
import BridgeScoring

/// Additional income (thu nhập tăng thêm), where a province pays it (Hanoi's shape: a share of each month's
/// salary to everyone, and a year-end share to those rated "hoàn thành nhiệm vụ" or better; shares are the
/// province's settings): per officer, the monthly part — prorated by the days worked in the month when the
/// province pays by days worked — and the year-end part, each rounded down to 1,000 VND.
public struct AdditionalIncome: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public let officer: String
        public let monthly: Int
        public let yearEnd: Int
        public var total: Int { monthly + yearEnd }

        public init(officer: String, monthly: Int, yearEnd: Int) {
            self.officer = officer
            self.monthly = monthly
            self.yearEnd = yearEnd
        }
    }

    public let lines: [Line]

    /// `worked[officer][month]`: (days worked, working days) of a month, when paying by days worked; a month not
    /// listed counts whole.
    public init(
        payroll: [PayrollRow], levels: [String: Level], year: Int, baseSalary: BaseSalary = .defaults, monthlyShare: Rational,
        yearEndShare: Rational, worked: [String: [Int: (worked: Int, working: Int)]] = [:]
    ) {
        let rounded = BonusRun.roundedDown
        lines = payroll.map { row in
            var monthly = Rational(0), salary = Rational(0)
            for month in row.months {
                let pay = row.coefficient * Rational(baseSalary.amount(year: year, month: month) ?? 0)
                salary = salary + pay
                let days = worked[row.officer]?[month]
                let fraction = days.map { $0.working == 0 ? Rational(0) : Rational(Int128($0.worked), Int128($0.working)) } ?? Rational(1)
                monthly = monthly + pay * monthlyShare * fraction
            }
            let level = levels[row.officer]
            let eligible = level.map { $0 != .notCompleted } ?? false
            return Line(officer: row.officer, monthly: rounded(monthly), yearEnd: eligible ? rounded(salary * yearEndShare) : 0)
        }
    }
}
