import BridgeBonus
import BridgeModel
import BridgeScoring

/// A bonus run as it is kept (docs/bonus.md): everything it was computed from — the regulation's version, the
/// base-salary table, the fund's share, the payroll rows, each officer's level as kept at close — and each
/// officer's line, explained. No instant of the run is inside it, so the same inputs give the same bytes.
public struct BonusRecord: Sendable, Hashable, Codable {
    /// The regulation applied, whole.
    public struct Regulation: Sendable, Hashable, Codable {
        public let agency: String
        public let version: Int
        public let from: Int
        public let basis: String
        /// `multiples` or `weights`.
        public let shape: String
        /// By level key, as decimal text.
        public let figures: [String: String]
        public let fullMonths: Int?
        public let partShare: String?

        init(_ regulation: BonusRegulation) {
            agency = regulation.agency
            version = regulation.version
            from = regulation.firstYear
            basis = regulation.basis
            func keyed(_ values: [Level: Rational]) -> [String: String] { Dictionary(uniqueKeysWithValues: values.map { ($0.key.key, $0.value.plain) }) }
            switch regulation.shape {
            case .multiple(let multiples, let months, let part):
                shape = "multiples"
                figures = keyed(multiples)
                fullMonths = months
                partShare = part.plain
            case .poolShare(let weights):
                shape = "weights"
                figures = keyed(weights)
                fullMonths = nil
                partShare = nil
            }
        }
    }

    public struct SalaryStep: Sendable, Hashable, Codable {
        public let from: CalendarDay
        public let amount: Int
    }

    /// Additional income's settings as applied.
    public struct AdditionalIncomeTerms: Sendable, Hashable, Codable {
        public let monthly: String
        public let yearEnd: String
        public let byDaysWorked: Bool
    }

    /// One officer's line.
    public struct Line: Sendable, Hashable, Codable {
        public let officer: String
        public let name: String?
        public let unit: String
        public let level: String
        /// The periodic bonus, VND.
        public let amount: Int
        /// Level → rule → amount, in Vietnamese.
        public let explanation: String
        /// Additional income, VND, where the province pays it.
        public let additionalMonthly: Int?
        public let additionalYearEnd: Int?
    }

    public let agency: String
    public let agencyName: String?
    public let year: Int
    /// When the year was closed: the levels are those kept then.
    public let closedAt: String
    public let fundShare: String
    public let quotaRounding: String
    public let baseSalary: [SalaryStep]
    public let regulation: Regulation
    public let additionalIncome: AdditionalIncomeTerms?
    public let payroll: [PayrollFile.Row]
    /// The fund, exact (at most six decimals).
    public let fund: String
    public let total: Int
    /// The fund less the amounts, exact: what stays in the fund.
    public let remainder: String
    public let lines: [Line]

    /// The remainder in whole VND (rounded down).
    public var remainderVND: Int { Int(Rational(decimal: remainder).map { $0.numerator / $0.denominator } ?? 0) }
    /// The fund in whole VND (rounded down).
    public var fundVND: Int { Int(Rational(decimal: fund).map { $0.numerator / $0.denominator } ?? 0) }

    init(
        run: BonusRun, agencyName: String?, closedAt: String, settings: BonusSettings, regulation: BonusRegulation, payroll: [PayrollFile.Row],
        names: [String: String], additional: AdditionalIncome?
    ) {
        agency = run.agency
        self.agencyName = agencyName
        year = run.year
        self.closedAt = closedAt
        fundShare = settings.fundShare.plain
        quotaRounding = settings.quotaRoundsUp ? "up" : "down"
        baseSalary = settings.baseSalary.steps.map { SalaryStep(from: $0.from, amount: $0.amount) }
        self.regulation = Regulation(regulation)
        additionalIncome = settings.additionalIncome.map {
            AdditionalIncomeTerms(monthly: $0.monthly.plain, yearEnd: $0.yearEnd.plain, byDaysWorked: $0.byDaysWorked)
        }
        self.payroll = payroll.sorted { $0.officer < $1.officer }
        fund = run.fund.plain
        total = run.total
        remainder = run.remainder.plain
        let extra = Dictionary((additional?.lines ?? []).map { ($0.officer, $0) }) { first, _ in first }
        lines = run.lines.map { line in
            Line(
                officer: line.officer, name: names[line.officer], unit: line.unit, level: line.level.rawValue, amount: line.amount,
                explanation: line.explanation, additionalMonthly: extra[line.officer]?.monthly, additionalYearEnd: extra[line.officer]?.yearEnd)
        }
    }
}
