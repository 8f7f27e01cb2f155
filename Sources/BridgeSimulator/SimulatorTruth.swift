import BridgeModel
import BridgeReconciliation
import Foundation

/// The unified tasks that the world's fixed data must produce through the shipped mappings, computed from the
/// simulator's own model (not by running the mappings), so a sync can be checked against it field by field.
public enum SimulatorTruth {
    static let unified: [SimulatedTask.Progress: TaskStatus] = [
        .received: .received, .assigned: .assigned, .inProgress: .inProgress, .returned: .returned, .completed: .completed,
        .cancelled: .cancelled,
    ]

    /// With `extraTools`, also the copies the farmers' union and trade-union tools serve. A hub document that
    /// iOffice also tracks (`SimulatedWorld.overlapEvery`) is one unit of work: the two records merged by
    /// survivorship in the configuration's source order (`sources`), the iOffice record counting for no one.
    public static func tasks(_ world: SimulatedWorld, extraTools: Bool = false, sources: [String] = defaultSources) -> [UnifiedTask] {
        var tasks = world.tasks.map(task)
        if extraTools {
            tasks += world.tasks(in: .mass).map(nongdan)
            tasks += world.tasks(in: .party).map(congdoan)
        }
        let mirrors = world.mirrors()
        if !mirrors.isEmpty {
            let merged = mirrors.flatMap { pair in
                Survivorship.merge(
                    [UnitMember(task: hub(pair.hub), source: "eoffice-hub"), UnitMember(task: task(pair.copy), source: "ioffice")],
                    precedence: Precedence(sources: sources), decisions: []
                ).tasks
            }
            let replaced = Set(merged.map(\.key))
            tasks = tasks.filter { !replaced.contains($0.key) } + merged
        }
        return tasks.sorted { $0.key < $1.key }
    }

    /// The source ids, in order, of the configuration `kpibridge sim --write-config` writes.
    public static let defaultSources = ["eoffice-hub", "ioffice", "party", "mass"]

    /// A mass task as the farmers' union tool serves it (Mappings/nongdan-tasks.yml): minute precision.
    static func nongdan(_ t: SimulatedTask) -> UnifiedTask {
        copy(t, key: "nongdan:ND-\(t.id)", namespace: "farmer-member", word: ToolRecords.nongdanWords[t.progress]!, due: VietnamTime.endOfDay(t.due), rounded: minute)
    }

    /// A Party task as the trade-union tool serves it (Mappings/congdoan-tasks.yml): second precision, people by
    /// staff code (no e-mail).
    static func congdoan(_ t: SimulatedTask) -> UnifiedTask {
        copy(t, key: "congdoan:CD-\(t.id)", namespace: "union-staff", word: ToolRecords.congdoanWords[t.progress]!, due: t.dueTime, rounded: second)
    }

    /// A task as one of the two extra tools serves it: times at the tool's precision, returns by its own count.
    static func copy(
        _ t: SimulatedTask, key: String, namespace: String, word: String, due: Timestamp, rounded: (Timestamp) -> Timestamp
    ) -> UnifiedTask {
        var u = UnifiedTask(key: TaskKey(key))
        u.block = .mass
        u.agency = t.handler.agency
        u.unit = t.handler.unit
        u.title = t.title
        u.mainHandler = PersonRef(namespace: namespace, id: t.handler.account, name: t.handler.name)
        u.dueAt = rounded(due)
        u.deadlines = [u.dueAt!]
        u.status = unified[t.progress]!
        u.statusCode = word
        u.returns = t.returns.count
        if t.progress >= .assigned && t.progress != .cancelled { u.assignedAt = rounded(t.assignedAt) }
        if t.progress == .completed { u.completedAt = rounded(t.completedAt) }
        return u
    }

    static func minute(_ t: Timestamp) -> Timestamp { Timestamp(millis: t.millis - ((t.millis % 60_000) + 60_000) % 60_000) }
    static func second(_ t: Timestamp) -> Timestamp { Timestamp(millis: t.millis - ((t.millis % 1000) + 1000) % 1000) }

    static func task(_ t: SimulatedTask) -> UnifiedTask {
        switch t.system {
        case .hub: return hub(t)
        case .ioffice: return tool(t, key: "ioffice:\(t.id)", block: .state, namespace: "email", word: ToolRecords.iofficeWords[t.progress]!, dateOnlyDue: true, names: true, document: true)
        case .party: return tool(t, key: "party:\(t.id)", block: .party, namespace: "party-member", word: ToolRecords.partyWords[t.progress]!, dateOnlyDue: false, names: false, document: false)
        case .mass: return tool(t, key: "mass:\(t.id)", block: .mass, namespace: "union-member", word: ToolRecords.massWords[t.progress]!, dateOnlyDue: true, names: true, document: false)
        }
    }

    static func hub(_ t: SimulatedTask) -> UnifiedTask {
        var u = UnifiedTask(key: TaskKey("\(t.id)@\(t.handler.agency)"))
        u.block = .state
        u.agency = t.handler.agency
        u.title = t.title
        u.document.documentId = t.id
        u.document.issuerId = HubMessages.issuer.id
        u.document.issuerName = HubMessages.issuer.name
        u.document.number = String(t.number)
        u.document.notation = t.notation
        u.document.promulgationDate = t.promulgated
        u.document.documentType = t.documentType
        u.productType = t.documentType
        u.priority = 0
        u.dueAt = VietnamTime.endOfDay(t.due)
        u.deadlines = (t.earlierDues + [t.due]).map { VietnamTime.endOfDay($0) }.sorted()
        let statuses = HubMessages.statuses(t)
        let codes: [String: TaskStatus] = ["02": .cancelled, "03": .received, "04": .assigned, "05": .inProgress, "06": .completed]
        if let last = statuses.last {
            u.status = codes[last.code]!
            u.statusCode = last.code
        }
        if let assigned = statuses.first(where: { $0.code == "04" }) {
            u.mainHandler = PersonRef(namespace: "email", id: t.handler.account.lowercased(), name: t.handler.name)
            u.unit = t.handler.unit
            u.assignedAt = assigned.at
        }
        if let done = statuses.first(where: { $0.code == "06" }) { u.completedAt = done.at }
        return u
    }

    static func tool(
        _ t: SimulatedTask, key: String, block: Block, namespace: String, word: String, dateOnlyDue: Bool, names: Bool, document: Bool
    ) -> UnifiedTask {
        var u = UnifiedTask(key: TaskKey(key))
        u.block = block
        u.agency = t.handler.agency
        u.unit = t.handler.unit
        u.title = t.title
        u.mainHandler = PersonRef(namespace: namespace, id: namespace == "email" ? t.handler.account.lowercased() : t.handler.account, name: t.handler.name)
        u.coordinators = t.coordinators.map {
            PersonRef(namespace: namespace, id: namespace == "email" ? $0.account.lowercased() : $0.account, name: names ? $0.name : nil)
        }.sorted()
        u.dueAt = dateOnlyDue ? VietnamTime.endOfDay(t.due) : t.dueTime
        u.deadlines = [u.dueAt!]
        u.status = unified[t.progress]!
        u.statusCode = word.precomposedStringWithCanonicalMapping
        u.returns = t.returns.count
        if t.progress >= .assigned && t.progress != .cancelled { u.assignedAt = t.assignedAt }
        if t.progress == .completed { u.completedAt = t.completedAt }
        if document {
            u.document.documentId = t.id
            u.document.number = "\(t.number)/\(t.notation)"
            u.document.issuerName = "UBND tỉnh Khánh Hòa"
            u.document.promulgationDate = t.promulgated
            u.document.documentType = t.documentType
            u.productType = t.documentType
        }
        return u
    }
}
