import BridgeScoring
import Foundation

/// An officer's score as `score --format json` prints it and the ledger stores it (docs/scoring.md).
public struct ScoreRow: Codable, Sendable, Hashable {
    public let officer: String
    public let name: String?
    public let agency: String?
    public let unit: String?
    public let block: String?
    public let assignedUnits: Decimal
    public let completedUnits: Decimal
    public let assignedTasks: Int
    public let completedTasks: Int
    public let quantity: Decimal?
    public let quality: Decimal?
    public let timeliness: Decimal?
    public let taskPoints: Decimal?
    public let generalPoints: Decimal
    public let total: Decimal?
    public let provisional: Bool
    public let sanction: Bool
    public let level: String?

    /// Numbers rounded half-even to 6 decimals; null where there is no score.
    public init(_ s: OfficerScore) {
        officer = s.profile.officer
        name = s.profile.name
        agency = s.profile.agency
        unit = s.profile.unit
        block = s.profile.block
        assignedUnits = Self.number(s.assignedUnits)
        completedUnits = Self.number(s.completedUnits)
        assignedTasks = s.assignedTasks
        completedTasks = s.completedTasks
        quantity = s.quantity.map(Self.number)
        quality = s.quality.map(Self.number)
        timeliness = s.timeliness.map(Self.number)
        taskPoints = s.taskPoints.map(Self.number)
        generalPoints = Self.number(s.generalPoints)
        total = s.total.map(Self.number)
        provisional = s.provisional
        sanction = s.sanction
        level = s.level?.rawValue
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    static func number(_ value: Rational) -> Decimal {
        Decimal(string: value.rounded(places: 6), locale: posix)!
    }

    private enum CodingKeys: String, CodingKey {
        case officer, name, agency, unit, block, assignedUnits, completedUnits, assignedTasks, completedTasks
        case quantity, quality, timeliness, taskPoints, generalPoints, total, provisional, sanction, level
    }

    /// Writes every key, with `null` for missing values, so the shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(officer, forKey: .officer)
        try c.encode(name, forKey: .name)
        try c.encode(agency, forKey: .agency)
        try c.encode(unit, forKey: .unit)
        try c.encode(block, forKey: .block)
        try c.encode(assignedUnits, forKey: .assignedUnits)
        try c.encode(completedUnits, forKey: .completedUnits)
        try c.encode(assignedTasks, forKey: .assignedTasks)
        try c.encode(completedTasks, forKey: .completedTasks)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(quality, forKey: .quality)
        try c.encode(timeliness, forKey: .timeliness)
        try c.encode(taskPoints, forKey: .taskPoints)
        try c.encode(generalPoints, forKey: .generalPoints)
        try c.encode(total, forKey: .total)
        try c.encode(provisional, forKey: .provisional)
        try c.encode(sanction, forKey: .sanction)
        try c.encode(level, forKey: .level)
    }
}

/// A unit's row in `score --format json`.
public struct UnitRow: Codable, Sendable, Hashable {
    public let unit: String
    public let agency: String?
    public let officers: Int
    /// Officers per level, keyed `excellent`, `good`, `completed`, `not_completed`.
    public let counts: [String: Int]
    public let quotaExceeded: Bool

    public init(_ u: UnitSummary) {
        unit = u.unit
        agency = u.agency
        officers = u.officers
        counts = Dictionary(uniqueKeysWithValues: u.counts.map { ($0.key.key, $0.value) })
        quotaExceeded = u.quotaExceeded
    }
}

/// The whole `score --format json` document.
public struct ScoreReport: Codable, Sendable {
    public let period: String
    public let evaluatedAt: String
    public let officers: [ScoreRow]
    public let units: [UnitRow]

    public init(period: String, evaluatedAt: String, officers: [ScoreRow], units: [UnitRow]) {
        self.period = period
        self.evaluatedAt = evaluatedAt
        self.officers = officers
        self.units = units
    }
}
