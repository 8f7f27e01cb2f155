import BridgeBonus
import BridgeScoring

/// The configuration's `bonus:` section (docs/bonus.md): what the law leaves to the province and each agency.
public struct BonusSettings: Sendable, Hashable {
    /// The share of the salary fund that is the bonus fund (10 %, Decree 73/2024).
    public var fundShare = Rational(1, 10)
    /// Whether 20 % of "hoàn thành tốt" is rounded up (the default rounds down).
    public var quotaRoundsUp = false
    /// The base salary over time.
    public var baseSalary = BaseSalary.defaults
    /// Every agency's regulations, every version (`BonusRegulation.inForce` picks one).
    public var regulations: [BonusRegulation] = []
    /// Additional income, where the province pays it.
    public var additionalIncome: AdditionalIncomeSettings?

    public init() {}
}

/// The shares of additional income (thu nhập tăng thêm) and whether its monthly part is prorated by days worked.
public struct AdditionalIncomeSettings: Sendable, Hashable {
    /// A share of each month's salary, paid to everyone.
    public var monthly: Rational
    /// A share of the year's salary, paid at year end to "hoàn thành nhiệm vụ" and up.
    public var yearEnd: Rational
    /// The monthly part × the days worked ÷ the working days of the month (leave from the imported leave table).
    public var byDaysWorked: Bool

    public init(monthly: Rational, yearEnd: Rational, byDaysWorked: Bool) {
        self.monthly = monthly
        self.yearEnd = yearEnd
        self.byDaysWorked = byDaysWorked
    }
}
