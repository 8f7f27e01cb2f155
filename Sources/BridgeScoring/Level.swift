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
