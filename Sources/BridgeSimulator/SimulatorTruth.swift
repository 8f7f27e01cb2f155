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

    /// With `extraTools`, also the copies the farmers' union and trade-union tools serve. Work that several
    /// systems track (`SimulatedWorld.overlap`) is reconciled by the rules alone (`BatchReconciler`, the
    /// configuration's source order `sources`): a hub document and its iOffice record are one unit of work.
    public static func tasks(
        _ world: SimulatedWorld, extraTools: Bool = false, dossiers: [SimulatedDossier] = [], sources: [String] = defaultSources
    ) -> [UnifiedTask] {
        // A dossier's steps are its one-stop system's alone: no other system tracks them.
        let tasks = reconciled(world, extraTools: extraTools, sources: sources).tasks
        return dossiers.isEmpty ? tasks : (tasks + dossiers.flatMap(\.tasks)).sorted { $0.key < $1.key }
    }

    /// What a dossier must give: its verdict at the world's now and each step's lateness, by the scenario.
    public struct DossierTruth: Sendable, Hashable, Codable {
        public struct Step: Sendable, Hashable, Codable {
            public let step: Int
            public let officer: String
            public let late: Bool
            public let daysOver: Int

            public init(step: Int, officer: String, late: Bool, daysOver: Int) {
                self.step = step
                self.officer = officer
                self.late = late
                self.daysOver = daysOver
            }
        }

        public let code: String
        public let scenario: String
        public let verdict: String
        public let steps: [Step]
    }

    /// The dossiers' truth, by code.
    public static func dossiers(_ dossiers: [SimulatedDossier]) -> [DossierTruth] {
        dossiers.map { d in
            DossierTruth(
                code: d.code, scenario: d.scenario.rawValue, verdict: d.expected,
                steps: d.steps.enumerated().compactMap { k, step in
                    // The step held when the dossier was withdrawn is no one's.
                    step.endedAt == nil && d.status == 7
                        ? nil : DossierTruth.Step(step: k + 1, officer: "motcua:" + SimulatedDossier.account(step.officer), late: step.late, daysOver: step.daysOver)
                })
        }.sorted { $0.code < $1.code }
    }

    /// The reconciliation queue the data must produce, as `kpibridge reconcile list` gives it: candidates,
    /// disagreements, then the accounts no officer holds (the simulator has no directory: every account).
    public static func queue(_ world: SimulatedWorld, extraTools: Bool = false, sources: [String] = defaultSources) -> [Conflict] {
        let (tasks, conflicts) = reconciled(world, extraTools: extraTools, sources: sources)
        // Who each counted task names, by account then task and role, as the ledger's officer rows list them.
        var named: [String: [Conflict.Side]] = [:]
        for task in tasks where task.countsForKPI {
            var roles = Set(task.coordinators.map { [$0.officerKey, "coordinator"] })
            if let main = task.mainHandler { roles.insert([main.officerKey, "main"]) }
            for role in roles { named[role[0], default: []].append(Conflict.Side(task: task.key, source: "", value: role[1], records: [])) }
        }
        let people = named.keys.sorted().map { account in
            let sides = named[account]!.sorted { ($0.task, $0.value) < ($1.task, $1.value) }
            return Conflict(
                kind: .person, state: .open, task: nil, subject: account,
                agency: tasks.first { $0.key == sides[0].task }?.agency, sides: sides,
                note: "\(sides.count) task(s) name \(account), which no directory officer holds: kpibridge directory link \(account) OFFICER --reason …")
        }
        return conflicts + people
    }

    /// The source ids, in order, of the configuration `kpibridge sim --write-config` writes.
    public static let defaultSources = ["eoffice-hub", "ioffice", "party", "mass", "nongdan", "congdoan"]

    static func reconciled(_ world: SimulatedWorld, extraTools: Bool, sources: [String]) -> (tasks: [UnifiedTask], conflicts: [Conflict]) {
        let systems: [SimulatedTask.System: String] = [.hub: "eoffice-hub", .ioffice: "ioffice", .party: "party", .mass: "mass"]
        var members = SimulatedTask.System.allCases.flatMap { system in
            world.tasks(in: system).map { UnitMember(task: task($0), source: systems[system]!) }
        }
        if extraTools {
            members += world.tasks(in: .mass).map { UnitMember(task: nongdan($0), source: "nongdan") }
            members += world.tasks(in: .party).filter { !$0.cites }.map { UnitMember(task: congdoan($0), source: "congdoan") }
        }
        return BatchReconciler.run(members, precedence: Precedence(sources: sources))
    }

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
        case .party:
            var u = tool(t, key: "party:\(t.id)", block: .party, namespace: "party-member", word: ToolRecords.partyWords[t.progress]!, dateOnlyDue: false, names: false, document: false)
            if t.cites {
                u.document.number = "\(t.number)/\(t.notation)"
                u.document.promulgationDate = t.promulgated
            }
            return u
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
        // A tool serves only the current deadline: one replaced before the simulator started was never seen, one
        // replaced while it ran was (a bridge keeps every deadline it saw set).
        u.deadlines = dateOnlyDue ? (t.replacedWhileServed + [t.due]).map { VietnamTime.endOfDay($0) }.sorted() : [u.dueAt!]
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
