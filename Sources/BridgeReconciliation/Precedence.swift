import BridgeModel

/// The fields of a unit of work whose value survivorship picks from one member (docs/reconciliation.md).
public enum UnitField: String, CaseIterable, Codable, Sendable, Comparable {
    /// The status, with its source code and completion time when completed.
    case status
    /// The main handler, with the coordinators and the assigner of the same source.
    case mainHandler
    case dueAt, completedAt, assignedAt, title, unit, productType, priority

    /// The fields the KPI reads: members that disagree on one dispute the unit's task until an admin decides.
    public var isKPI: Bool { self == .status || self == .mainHandler || self == .dueAt || self == .completedAt }

    public static func < (a: UnitField, b: UnitField) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Which source a unit of work takes each field from (the configuration's `reconciliation:` section).
public struct Precedence: Hashable, Sendable {
    /// How one field's value is picked among the members that have one.
    public enum Rule: Hashable, Sendable, CustomStringConvertible {
        /// The first of these sources that has a value; then the unit's order.
        case sources([String])
        /// The latest time (a deadline: the last extension wins, whichever system saw it).
        case latest
        /// The earliest time.
        case earliest

        public var description: String {
            switch self {
            case .sources(let list): list.joined(separator: ", ")
            case .latest: "latest"
            case .earliest: "earliest"
            }
        }
    }

    /// The unit's order of sources: the first present is the primary, whose key the unit's task carries, and
    /// decides every field without a rule of its own. Sources not listed come after, by id.
    public var sources: [String]
    /// Rules per field; a field without one follows `sources`, except `dueAt`, which takes the latest.
    public var rules: [UnitField: Rule]

    public init(sources: [String] = [], rules: [UnitField: Rule] = [:]) {
        self.sources = sources
        self.rules = rules
    }

    /// The rule in force for `field`.
    public func rule(_ field: UnitField) -> Rule {
        rules[field] ?? (field == .dueAt ? .latest : .sources(sources))
    }

    /// Where `source` stands in the unit's order (unlisted sources after every listed one, by id).
    func rank(_ source: String) -> (Int, String) {
        (sources.firstIndex(of: source) ?? sources.count, source)
    }

    /// Members in the unit's order: by source rank, then key.
    func ordered(_ members: [UnitMember]) -> [UnitMember] {
        members.sorted {
            let (a, b) = (rank($0.source), rank($1.source))
            return (a.0, a.1, $0.task.key.rawValue) < (b.0, b.1, $1.task.key.rawValue)
        }
    }
}

/// One task of a unit of work, folded from its own records only, with the source that sent them.
public struct UnitMember: Sendable {
    public var task: UnifiedTask
    public var source: String

    public init(task: UnifiedTask, source: String) {
        self.task = task
        self.source = source
    }

    /// The source of a task: its records' (the smallest id when records of several sources made it).
    public static func source(of task: UnifiedTask) -> String {
        task.provenance.map(\.source).min() ?? ""
    }
}
