import BridgeModel
import Foundation

/// Makes one task of a unit of work (docs/reconciliation.md, "Survivorship"). Pure: members, precedence and
/// decisions in; the unit's task (under the primary's key), the absorbed members and the conflicts out.
public enum Survivorship {
    /// What merging a unit gives.
    public struct Outcome: Sendable {
        /// The unit's task first, then every other member as it is, pointing at it.
        public var tasks: [UnifiedTask]
        /// Disagreements and contradicted overrides, open, resolved or reopened.
        public var conflicts: [Conflict]
    }

    /// Merges `members` (one or more; a single task is merged only to apply overrides). `decisions` are the field
    /// decisions (accept, choose, override) naming any member; the latest per field applies.
    public static func merge(
        _ members: [UnitMember], precedence: Precedence, decisions: [ReconcileDecision], directory: Directory = .empty
    ) -> Outcome {
        let ordered = precedence.ordered(members)
        let primary = ordered[0]
        let keys = ordered.map(\.task.key).sorted()
        var task = primary.task
        var sources: [String: String] = [:]
        if ordered.count > 1 {
            for field in UnitField.allCases where field != .completedAt {
                guard let pick = pick(field, ordered, precedence.rule(field)) else { continue }
                take(field, from: pick.task, into: &task)
                sources[field.rawValue] = pick.source
            }
            if task.status == .completed, let source = sources[UnitField.status.rawValue] { sources[UnitField.completedAt.rawValue] = source }
            combine(ordered, into: &task)
        }

        var latest: [UnitField: ReconcileDecision] = [:]
        for decision in decisions.sorted(by: { $0.sequence < $1.sequence }) where decision.action != .link && decision.action != .unlink {
            guard let name = decision.field, let field = UnitField(rawValue: name), keys.contains(decision.task) else { continue }
            latest[field] = decision
        }

        var conflicts: [Conflict] = []
        var disputed: [String] = []
        for field in UnitField.allCases where field.isKPI {
            let sides = ordered.compactMap { member in
                value(field, of: member.task).map { Conflict.Side(task: member.task.key, source: member.source, value: $0, records: member.task.provenance) }
            }
            let evidence = fingerprint(sides)
            let disagree = Set(sides.map(\.value)).count > 1
            let decision = latest[field]
            if let decision {
                switch decision.action {
                case .choose:
                    if let chosen = ordered.first(where: { $0.source == decision.source }) {
                        take(field, from: chosen.task, into: &task)
                        sources[field.rawValue] = chosen.source
                    }
                case .override:
                    if let value = decision.value, (try? overriding(field, with: value, in: &task, directory: directory)) != nil {
                        sources[field.rawValue] = "admin"
                    }
                default:
                    break
                }
            }
            guard disagree || (decision?.action == .override && decision?.evidence != evidence) else { continue }
            let state: Conflict.State =
                decision == nil ? .open : decision!.evidence == evidence && chosenIsPresent(decision!, ordered) ? .resolved : .reopened
            if state != .resolved { disputed.append(field.rawValue) }
            let kind: Conflict.Kind = disagree ? .disagreement : .override
            let note = disagree
                ? "linked records disagree on \(field.rawValue): " + sides.map { "\($0.source) \($0.value)" }.joined(separator: ", ")
                : "overridden to \(decision!.value ?? ""), but the sources changed since: \(evidence)"
            conflicts.append(
                Conflict(kind: kind, state: state, task: primary.task.key, subject: field.rawValue, agency: task.agency, sides: sides, note: note,
                         decision: decision?.sequence))
        }

        if ordered.count > 1 || !sources.isEmpty {
            task.link = TaskLink(primary: primary.task.key, members: keys, sources: sources, disputed: disputed.sorted())
        }
        var tasks = [task]
        for member in ordered.dropFirst() {
            var absorbed = member.task
            absorbed.link = TaskLink(primary: primary.task.key, members: keys)
            tasks.append(absorbed)
        }
        return Outcome(tasks: tasks, conflicts: conflicts)
    }

    /// `source=value;…` over the sides, in source order: what a decision was made on.
    public static func fingerprint(_ sides: [Conflict.Side]) -> String {
        sides.map { "\($0.source)=\($0.value)" }.sorted().joined(separator: ";")
    }

    /// A field's value in a task as the queue shows and compares it; nil when the task does not say.
    public static func value(_ field: UnitField, of task: UnifiedTask) -> String? {
        switch field {
        case .status: task.status.rawValue
        case .mainHandler: task.mainHandler?.officerKey
        case .dueAt: task.dueAt?.description
        case .completedAt: task.status == .completed ? task.completedAt?.description : nil
        case .assignedAt: task.assignedAt?.description
        case .title: task.title
        case .unit: task.unit
        case .productType: task.productType
        case .priority: task.priority.map(String.init)
        }
    }

    /// Sets `field` of `task` to `text` (an override): a status name, a directory officer id, an ISO 8601 time or
    /// a day (`2026-04-30`, the end of that day in Vietnam). Throws a one-line reason when the text is not one.
    public static func overriding(_ field: UnitField, with text: String, in task: inout UnifiedTask, directory: Directory) throws {
        switch field {
        case .status:
            guard let status = TaskStatus(rawValue: text) else {
                throw ReconcileError("'\(text)' is not a status (\(TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            task.status = status
            task.statusCode = "admin"
            if status != .completed { task.completedAt = nil } else if task.completedAt == nil { task.completedAt = task.dueAt }
        case .mainHandler:
            guard let officer = directory.officers[text] else { throw ReconcileError("no officer '\(text)' in the directory") }
            task.mainHandler = PersonRef(namespace: "officer", id: officer.id, name: officer.name, officer: officer.id)
        case .dueAt, .completedAt, .assignedAt:
            guard let time = time(text) else { throw ReconcileError("'\(text)' is not a time (2026-04-30T17:00:00+07:00) or a day (2026-04-30)") }
            if field == .dueAt {
                // An admin's deadline is the deadline (an extension granted on paper): the ones the sources gave
                // before no longer count as missed; a tool's own missed count still does (docs/reconciliation.md).
                task.dueAt = time
                task.deadlines = [time]
            } else if field == .completedAt {
                guard task.status == .completed else { throw ReconcileError("the task is not completed: override its status first") }
                task.completedAt = time
            } else {
                task.assignedAt = time
            }
        case .title: task.title = text
        case .unit: task.unit = text
        case .productType: task.productType = text
        case .priority:
            guard let number = Int(text) else { throw ReconcileError("'\(text)' is not a whole number") }
            task.priority = number
        }
    }

    /// An ISO 8601 time, or a day meaning its last millisecond in Vietnam.
    static func time(_ text: String) -> Timestamp? {
        guard let day = CalendarDay(iso: text), text.count == 10 else { return Timestamp(iso8601: text) }
        return Timestamp(day: day, hour: 23, minute: 59, second: 59, millisecond: 999, offsetSeconds: VietnamTime.offsetSeconds)
    }

    /// A `choose` whose source left the unit no longer decides anything.
    private static func chosenIsPresent(_ decision: ReconcileDecision, _ members: [UnitMember]) -> Bool {
        decision.action != .choose || members.contains { $0.source == decision.source }
    }

    /// The member that gives `field` under `rule`, among those that have a value.
    private static func pick(_ field: UnitField, _ members: [UnitMember], _ rule: Precedence.Rule) -> UnitMember? {
        let having = members.filter { value(field, of: $0.task) != nil }
        switch rule {
        case .sources(let list):
            for source in list { if let member = having.first(where: { $0.source == source }) { return member } }
            return having.first
        case .latest, .earliest:
            let timed = having.compactMap { member in time(field, member.task).map { (member, $0) } }
            guard !timed.isEmpty else { return having.first }
            // Ties keep the unit's order.
            let best = rule == .latest ? timed.map(\.1).max()! : timed.map(\.1).min()!
            return timed.first { $0.1 == best }!.0
        }
    }

    private static func time(_ field: UnitField, _ task: UnifiedTask) -> Timestamp? {
        switch field {
        case .dueAt: task.dueAt
        case .assignedAt: task.assignedAt
        case .completedAt: task.completedAt
        default: nil
        }
    }

    /// Copies one field (with what belongs to it) from a member.
    static func take(_ field: UnitField, from source: UnifiedTask, into task: inout UnifiedTask) {
        switch field {
        case .status:
            task.status = source.status
            task.statusCode = source.statusCode
            task.completedAt = source.status == .completed ? source.completedAt : nil
        case .mainHandler:
            task.mainHandler = source.mainHandler
            task.coordinators = source.coordinators
            task.assignedBy = source.assignedBy ?? task.assignedBy
        case .dueAt: task.dueAt = source.dueAt
        case .completedAt: if task.status == .completed, source.completedAt != nil { task.completedAt = source.completedAt }
        case .assignedAt: task.assignedAt = source.assignedAt
        case .title: task.title = source.title
        case .unit: task.unit = source.unit
        case .productType: task.productType = source.productType
        case .priority: task.priority = source.priority
        }
    }

    /// What every member adds: the document's missing parts, every deadline any system saw, the larger count of
    /// events (the same return seen in two systems is one return), every record.
    private static func combine(_ members: [UnitMember], into task: inout UnifiedTask) {
        for member in members.dropFirst() {
            let other = member.task
            var d = task.document
            d.documentId = d.documentId ?? other.document.documentId
            d.issuerId = d.issuerId ?? other.document.issuerId
            d.issuerName = d.issuerName ?? other.document.issuerName
            d.number = d.number ?? other.document.number
            d.notation = d.notation ?? other.document.notation
            d.promulgationDate = d.promulgationDate ?? other.document.promulgationDate
            d.documentType = d.documentType ?? other.document.documentType
            task.document = d
            task.block = task.block ?? other.block
            task.agency = task.agency ?? other.agency
            task.replacedBy = task.replacedBy ?? other.replacedBy
            task.replaces = task.replaces ?? other.replaces
            task.majorErrors = max(task.majorErrors, other.majorErrors)
            task.returns = max(task.returns, other.returns)
            if let reported = other.reportedMissedDeadlines { task.reportedMissedDeadlines = max(task.reportedMissedDeadlines ?? 0, reported) }
        }
        task.deadlines = Array(Set(members.flatMap(\.task.deadlines))).sorted()
        task.provenance = Array(Set(members.flatMap(\.task.provenance))).sorted()
    }
}

/// A reconciliation input that cannot be used, with the reason in one line.
public struct ReconcileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
