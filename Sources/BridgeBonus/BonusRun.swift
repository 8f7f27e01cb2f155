import BridgeModel
import BridgeScoring

/// The annual bonus of one agency for a year (docs/bonus.md): the fund, each officer's line — level → rule →
/// amount, explained —, the total and the remainder kept in the fund. Built only when every check passes; a check
/// that fails stops it with a Vietnamese message naming the unit and the limit.
public struct BonusRun: Sendable, Hashable {
    /// One officer's line.
    public struct Line: Sendable, Hashable {
        public let officer: String
        public let unit: String
        public let level: Level
        /// In VND, rounded down to 1,000.
        public let amount: Int
        /// Level → rule → amount, in Vietnamese.
        public let explanation: String
    }

    /// Why a run cannot be issued.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }

        public init(message: String) { self.message = message }
    }

    public let agency: String
    public let year: Int
    /// 10 % (the share) × Σ over the year's months of coefficient × the base salary in force that month, exact.
    public let fund: Rational
    public let lines: [Line]
    public var total: Int { lines.reduce(0) { $0 + $1.amount } }
    /// What stays in the fund: the fund less the amounts (the rounding down included).
    public var remainder: Rational { fund - Rational(total) }

    /// The fund of `payroll` for `year`: `share` × Σ coefficient × base salary of each month paid.
    public static func fund(_ payroll: [PayrollRow], year: Int, baseSalary: BaseSalary, share: Rational) -> Rational {
        payroll.reduce(Rational(0)) { sum, row in
            row.months.reduce(sum) { sum, month in sum + row.coefficient * Rational(baseSalary.amount(year: year, month: month) ?? 0) }
        } * share
    }

    /// The largest number of "xuất sắc" a unit may have: 20 % of its "hoàn thành tốt", rounded down (Decree
    /// 335/2025; `roundUp` for a province that rounds up).
    public static func excellentLimit(good: Int, roundUp: Bool = false) -> Int {
        roundUp ? (good * 20 + 99) / 100 : good * 20 / 100
    }

    /// The run, or the first check that fails: every officer with a level has a payroll row; no unit above the
    /// "xuất sắc" quota; the total within the fund.
    public init(
        agency: String, year: Int, levels: [String: Level], payroll: [PayrollRow], regulation: BonusRegulation, baseSalary: BaseSalary = .defaults,
        share: Rational = Rational(1, 10), roundUp: Bool = false
    ) throws(Refusal) {
        let rows = Dictionary(payroll.map { ($0.officer, $0) }) { first, _ in first }
        for officer in levels.keys.sorted() where rows[officer] == nil {
            throw Refusal(message: "Cán bộ \(officer) có xếp loại năm \(year) nhưng không có trong bảng lương: bổ sung bảng lương trước khi lập danh sách thưởng.")
        }
        let byUnit = Dictionary(grouping: levels.keys) { rows[$0]!.unit }
        for unit in byUnit.keys.sorted() {
            let officers = byUnit[unit]!
            let excellent = officers.filter { levels[$0] == .excellent }.count
            let good = officers.filter { levels[$0] == .good }.count
            let limit = Self.excellentLimit(good: good, roundUp: roundUp)
            if excellent > limit {
                throw Refusal(message: "Đơn vị \(unit) có \(excellent) cán bộ Hoàn thành xuất sắc nhiệm vụ, vượt giới hạn \(limit) (20% của \(good) cán bộ Hoàn thành tốt nhiệm vụ).")
            }
        }
        let fund = Self.fund(payroll, year: year, baseSalary: baseSalary, share: share)
        let yearEnd = CalendarDay(year: year, month: 12, day: 31)!
        let base = baseSalary.amount(on: yearEnd) ?? 0
        var lines: [Line] = []
        let paid = levels.keys.sorted()
        let weightSum: Rational
        if case .poolShare(let weights) = regulation.shape {
            weightSum = paid.reduce(Rational(0)) { $0 + (levels[$1] == .notCompleted ? Rational(0) : weights[levels[$1]!] ?? Rational(0)) }
        } else {
            weightSum = Rational(0)
        }
        for officer in paid {
            let level = levels[officer]!, row = rows[officer]!
            var exact = Rational(0)
            var rule: String
            if level == .notCompleted {
                rule = "Không hoàn thành nhiệm vụ: không được thưởng định kỳ"
            } else {
                switch regulation.shape {
                case .multiple(let multiples, let fullMonths, let partShare):
                    let multiple = multiples[level] ?? Rational(0)
                    let full = row.months.count >= fullMonths
                    exact = multiple * Rational(base) * (full ? Rational(1) : partShare)
                    rule = "\(multiple.plain) × lương cơ sở \(Self.vnd(base))"
                        + (full ? " (đủ \(fullMonths) tháng trở lên)" : " × \(partShare.plain) (\(row.months.count) tháng, dưới \(fullMonths) tháng)")
                case .poolShare(let weights):
                    let weight = weights[level] ?? Rational(0)
                    exact = weightSum == Rational(0) ? Rational(0) : fund * weight / weightSum
                    rule = "quỹ thưởng × hệ số \(weight.plain) ÷ tổng hệ số \(weightSum.plain)"
                }
            }
            // Rounded down to 1,000 VND; what is cut stays in the fund.
            let amount = Self.roundedDown(exact)
            lines.append(Line(
                officer: officer, unit: row.unit, level: level, amount: amount,
                explanation: "\(level.rawValue) → \(rule) (\(regulation.basis)) → \(Self.vnd(amount))"))
        }
        let total = lines.reduce(0) { $0 + $1.amount }
        if fund < Rational(total) {
            throw Refusal(message: "Tổng tiền thưởng \(Self.vnd(total)) vượt quỹ thưởng \(Self.vnd(Int(fund.numerator / fund.denominator))) của \(agency) năm \(year).")
        }
        self.agency = agency
        self.year = year
        self.fund = fund
        self.lines = lines
    }

    /// An amount in VND rounded down to 1,000 (the one rounding of every amount paid).
    public static func roundedDown(_ value: Rational) -> Int { Int(value.numerator / value.denominator / 1_000 * 1_000) }

    /// `2530000` as `2.530.000 đ`.
    public static func vnd(_ amount: Int) -> String {
        var digits = String(amount.magnitude)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return (amount < 0 ? "-" : "") + groups.joined(separator: ".") + " đ"
    }
}
