import BridgeBonus
import BridgeModel
import BridgeScoring
import Testing

/// The annual bonus on a 12-officer fixture, every amount worked out by hand: 2026 crosses the base salary's
/// change on 1 July (2,340,000 → 2,530,000 VND), in both regulation shapes, rounded down to 1,000 VND.
struct BonusRunTests {
    static let full = Array(1...12)

    /// Two units; o06 paid July to December, o12 October to December.
    static let payroll: [PayrollRow] = [
        ("o01", "U1", "4.40", full), ("o02", "U1", "3.00", full), ("o03", "U1", "2.34", full), ("o04", "U1", "2.67", full),
        ("o05", "U1", "3.33", full), ("o06", "U1", "2.10", Array(7...12)), ("o07", "U1", "2.34", full), ("o08", "U2", "5.08", full),
        ("o09", "U2", "3.66", full), ("o10", "U2", "2.67", full), ("o11", "U2", "3.00", full), ("o12", "U2", "2.34", Array(10...12)),
    ].map { PayrollRow(officer: $0.0, unit: $0.1, coefficient: Rational(decimal: $0.2)!, months: $0.3) }

    static let levels: [String: Level] = [
        "o01": .excellent, "o02": .good, "o03": .good, "o04": .good, "o05": .good, "o06": .good, "o07": .notCompleted,
        "o08": .good, "o09": .good, "o10": .completed, "o11": .completed, "o12": .completed,
    ]

    @Test func theFundCrossesTheBaseSalaryChange() {
        // A whole year: coefficient × (6 × 2,340,000 + 6 × 2,530,000) = coefficient × 29,220,000; o06: × 6 ×
        // 2,530,000; o12: × 3 × 2,530,000. Σ = 998,996,400; 10 % = 99,899,640.
        #expect(BaseSalary.defaults.amount(year: 2026, month: 6) == 2_340_000 && BaseSalary.defaults.amount(year: 2026, month: 7) == 2_530_000)
        #expect(BonusRun.fund(Self.payroll, year: 2026, baseSalary: .defaults, share: Rational(1, 10)) == Rational(99_899_640))
    }

    @Test func aMultipleOfTheBaseSalaryPerLevelWithProration() throws {
        let regulation = BonusRegulation(
            agency: "S1", version: 1, shape: .multiple(multiples: [.excellent: Rational(2), .good: Rational(3, 2), .completed: Rational(1, 2)], fullMonths: 7, partShare: Rational(1, 2)),
            basis: "Quy chế thưởng số 12/QĐ-S1")
        let run = try BonusRun(agency: "S1", year: 2026, levels: Self.levels, payroll: Self.payroll, regulation: regulation)
        // 2 × 2,530,000; 1.5 × 2,530,000; o06: 6 months, half of 3,795,000 = 1,897,500 → 1,897,000; o07 nothing;
        // 0.5 × 2,530,000; o12: half of 1,265,000 = 632,500 → 632,000.
        #expect(run.lines.map(\.amount) == [5_060_000, 3_795_000, 3_795_000, 3_795_000, 3_795_000, 1_897_000, 0, 3_795_000, 3_795_000, 1_265_000, 1_265_000, 632_000])
        #expect(run.total == 32_889_000 && run.remainder == Rational(67_010_640))
        #expect(run.lines[5].explanation == "Hoàn thành tốt nhiệm vụ → 1.5 × lương cơ sở 2.530.000 đ × 0.5 (6 tháng, dưới 7 tháng) (Quy chế thưởng số 12/QĐ-S1) → 1.897.000 đ")
        #expect(run.lines[6].explanation.hasPrefix("Không hoàn thành nhiệm vụ → Không hoàn thành nhiệm vụ: không được thưởng định kỳ"))
    }

    @Test func aShareOfTheFundByWeights() throws {
        let regulation = BonusRegulation(
            agency: "S1", version: 2, shape: .poolShare(weights: [.excellent: Rational(3), .good: Rational(2), .completed: Rational(1)]), basis: "Quy chế thưởng số 13/QĐ-S1")
        let run = try BonusRun(agency: "S1", year: 2026, levels: Self.levels, payroll: Self.payroll, regulation: regulation)
        // Σ weights 3 + 7 × 2 + 3 × 1 = 20; 99,899,640 × 3/20 = 14,984,946 → 14,984,000; × 2/20 = 9,989,964 →
        // 9,989,000; × 1/20 = 4,994,982 → 4,994,000. Remainder 99,899,640 − 99,889,000 = 10,640.
        #expect(run.lines.map(\.amount) == [14_984_000] + Array(repeating: 9_989_000, count: 5) + [0, 9_989_000, 9_989_000, 4_994_000, 4_994_000, 4_994_000])
        #expect(run.total == 99_889_000 && run.remainder == Rational(10_640))
    }

    @Test func theQuotaGateNamesTheUnitAndTheLimit() {
        // 6 "xuất sắc" against 25 "hoàn thành tốt" in one unit: the limit is 5.
        let officers = (1...31).map { "x" + ($0 < 10 ? "0" : "") + String($0) }
        let levels = Dictionary(uniqueKeysWithValues: officers.enumerated().map { ($1, $0 < 6 ? Level.excellent : Level.good) })
        let payroll = officers.map { PayrollRow(officer: $0, unit: "Phòng Tổ chức", coefficient: Rational(3), months: Self.full) }
        let regulation = BonusRegulation(agency: "S1", version: 1, shape: .poolShare(weights: [.excellent: Rational(2), .good: Rational(1)]), basis: "QC")
        #expect(throws: BonusRun.Refusal(message: "Đơn vị Phòng Tổ chức có 6 cán bộ Hoàn thành xuất sắc nhiệm vụ, vượt giới hạn 5 (20% của 25 cán bộ Hoàn thành tốt nhiệm vụ).")) {
            try BonusRun(agency: "S1", year: 2026, levels: levels, payroll: payroll, regulation: regulation)
        }
        #expect(BonusRun.excellentLimit(good: 24) == 4 && BonusRun.excellentLimit(good: 24, roundUp: true) == 5)
    }

    @Test func aRunThatCannotBeIssuedSaysWhy() {
        // The army's multiples (8, 7, 3 × the base salary) exceed a 10 % fund.
        let army = BonusRegulation(
            agency: "S1", version: 1, shape: .multiple(multiples: [.excellent: Rational(8), .good: Rational(7), .completed: Rational(3)], fullMonths: 7, partShare: Rational(1, 2)),
            basis: "QC")
        #expect(throws: BonusRun.Refusal.self) { try BonusRun(agency: "S1", year: 2026, levels: Self.levels, payroll: Self.payroll, regulation: army) }
        // An officer rated but not on the payroll.
        var levels = Self.levels
        levels["o13"] = .good
        #expect(throws: BonusRun.Refusal(message: "Cán bộ o13 có xếp loại năm 2026 nhưng không có trong bảng lương: bổ sung bảng lương trước khi lập danh sách thưởng.")) {
            try BonusRun(agency: "S1", year: 2026, levels: levels, payroll: Self.payroll, regulation: army)
        }
    }
}

/// Additional income in Hanoi's shape (0.5 of each month's salary to everyone, 0.3 of the year's at year end to
/// "hoàn thành nhiệm vụ" and better), worked out by hand.
struct AdditionalIncomeTests {
    @Test func aNotCompletedOfficerGetsTheMonthlyShareOnlyAndLeaveLowersPayByItsFraction() {
        let payroll = [
            PayrollRow(officer: "a", unit: "U", coefficient: Rational(3), months: Array(1...12)),
            PayrollRow(officer: "b", unit: "U", coefficient: Rational(2), months: [6, 7]),
        ]
        let income = AdditionalIncome(
            payroll: payroll, levels: ["a": .good, "b": .notCompleted], year: 2026, monthlyShare: Rational(1, 2), yearEndShare: Rational(3, 10),
            worked: ["b": [7: (worked: 11, working: 22)]])
        // a: salary 3 × 29,220,000 = 87,660,000; monthly half = 43,830,000; year end 0.3 × 87,660,000 = 26,298,000.
        #expect(income.lines[0] == .init(officer: "a", monthly: 43_830_000, yearEnd: 26_298_000))
        // b: June 2 × 2,340,000 = 4,680,000 → half 2,340,000; July 2 × 2,530,000 = 5,060,000 → half 2,530,000, and
        // 11 of 22 days worked: 1,265,000. Monthly 3,605,000; no year-end share.
        #expect(income.lines[1] == .init(officer: "b", monthly: 3_605_000, yearEnd: 0))
    }
}
