/// The fields of a unified task that a mapping may set, each with the kind of value it holds.
public enum TaskField: String, CaseIterable, Codable, Sendable, Comparable {
    case block, agency, unit, title
    case documentId, issuerId, issuerName, number, notation, promulgationDate, documentType
    case productType, mainHandler, coordinators, assignedBy
    case assignedAt, dueAt, completedAt, priority, replacedBy, replaces
    /// Counts a source reports itself (a tool that counts its own major errors, returns or missed deadlines).
    case majorErrors, returns, missedDeadlines

    /// The kind of value a field holds.
    public enum Kind: String, Sendable {
        case text, time, day, int, person, people
    }

    /// What a mapping must produce for this field.
    public var kind: Kind {
        switch self {
        case .promulgationDate: return .day
        case .assignedAt, .dueAt, .completedAt: return .time
        case .priority, .majorErrors, .returns, .missedDeadlines: return .int
        case .mainHandler, .assignedBy: return .person
        case .coordinators: return .people
        default: return .text
        }
    }

    /// Counts: whole numbers, never negative.
    public var isCount: Bool { self == .majorErrors || self == .returns || self == .missedDeadlines }

    public static func < (lhs: TaskField, rhs: TaskField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
