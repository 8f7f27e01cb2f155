/// The four classification levels of Decree 335/2025, best first.
public enum Level: String, CaseIterable, Sendable, Codable, Comparable {
    case excellent = "Hoàn thành xuất sắc nhiệm vụ"
    case good = "Hoàn thành tốt nhiệm vụ"
    case completed = "Hoàn thành nhiệm vụ"
    case notCompleted = "Không hoàn thành nhiệm vụ"

    /// A short stable key for scripts and CSV headers.
    public var key: String {
        switch self {
        case .excellent: "excellent"
        case .good: "good"
        case .completed: "completed"
        case .notCompleted: "not_completed"
        }
    }

    /// The level for a total under `policy`.
    public static func of(total: Rational, policy: ScoringPolicy) -> Level {
        if total >= policy.excellentThreshold { return .excellent }
        if total >= policy.goodThreshold { return .good }
        if total >= policy.completedThreshold { return .completed }
        return .notCompleted
    }

    public static func < (a: Level, b: Level) -> Bool {
        allCases.firstIndex(of: a)! > allCases.firstIndex(of: b)!
    }
}

extension ScoringPolicy {
    /// A total as it is shown with `places` decimals (docs/scoring.md, "Shown numbers"): rounded half-even, but
    /// never up onto a level threshold the total does not reach — 89.96 with one decimal is 89.9, not 90.0 — so the
    /// number shown always leads to the level shown. The one rule the web, the tables, CSV and XLSX apply.
    public func shownTotal(_ total: Rational, places: Int) -> Rational {
        let rounded = Rational(decimal: total.rounded(places: places))!
        var step: Int128 = 1
        for _ in 0..<places { step *= 10 }
        for threshold in [excellentThreshold, goodThreshold, completedThreshold] where total < threshold && rounded >= threshold {
            return Rational(decimal: (threshold - Rational(1, step)).rounded(places: places))!
        }
        return rounded
    }
}
