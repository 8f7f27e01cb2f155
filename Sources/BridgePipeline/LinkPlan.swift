import BridgeLedger
import BridgeModel
import BridgeReconciliation

/// What the projector writes for a batch of queued tasks once work seen in several systems is taken into account
/// (docs/reconciliation.md): every task the batch reaches — the queued ones, the tasks they match exactly or are
/// linked to by decision, and the members of the units they were in — folded from its own records, grouped into
/// units, merged by survivorship; and the conflicts of all of them.
struct LinkPlan {
    /// The value to write for each reached task that any record derives.
    var tasks: [TaskKey: UnifiedTask] = [:]
    /// Every reached task as stored now.
    var stored: [TaskKey: LedgerTransaction.StoredTask] = [:]
    /// Every reached key, in order: their conflicts are replaced by `conflicts`.
    var keys: [TaskKey] = []
    /// The match keys whose candidates were computed again: their candidates are replaced too.
    var matchKeys: [String] = []
    var conflicts: [Conflict] = []

    /// A reach this large stops growing (a document code shared by a whole province would otherwise pull in
    /// everything); the tasks beyond it are linked when they are projected themselves.
    static let reachLimit = 2_000

    /// Plans the batch `queued`, storing the queued tasks' match keys on the way.
    static func make(
        _ tx: LedgerTransaction, queued: [TaskKey], directory: Directory, precedence: Precedence, parallelFrom: Int = Parallel.threshold
    ) throws -> LinkPlan {
        var plan = LinkPlan()
        var own: [TaskKey: UnifiedTask] = [:]
        var sources: [TaskKey: String] = [:]
        var match: [TaskKey: MatchKeys] = [:]
        func load(_ keys: [TaskKey]) throws {
            let patches = try tx.tasks.patches(of: keys)
            plan.stored.merge(try tx.tasks.storedTasks(keys)) { $1 }
            // Folding is pure: every core folds a share of the batch.
            let present = keys.compactMap { key in patches[key].flatMap { $0.isEmpty ? nil : (key, $0) } }
            let folded = try Parallel.map(present, minimum: parallelFrom) { key, list in
                let task = directory.resolved(TaskFolder.fold(key: key, patches: list))
                return (task, UnitMember.source(of: task), MatchKeys.of(task))
            }
            for (task, source, matchKeys) in folded {
                own[task.key] = task
                sources[task.key] = source
                match[task.key] = matchKeys
            }
        }
        try load(queued)
        var rows: [TaskKey: (source: String, keys: [String])] = [:]
        for key in queued { if let keys = match[key] { rows[key] = (sources[key]!, [keys.exact].compactMap { $0 } + keys.near) } }
        let formerKeys = try tx.links.writeMatchKeys(rows)

        let decisions = try tx.links.decisions()
        let pairs = UnitPlanner.pairDecisions(decisions)
        var partners: [TaskKey: [TaskKey]] = [:]
        for (pair, decision) in pairs where decision.action == .link {
            partners[pair.first, default: []].append(pair.second)
            partners[pair.second, default: []].append(pair.first)
        }

        // Everything the batch reaches: exact matches, decided links, former unit members.
        var reached = Set(queued)
        var frontier = queued
        var exactGroups: [String: [TaskKey]] = [:]
        while !frontier.isEmpty, reached.count < reachLimit {
            var next = Set<TaskKey>()
            for (key, found) in try tx.links.tasksSharing(frontier.compactMap { match[$0]?.exact }) {
                exactGroups[key] = found.map(\.task).sorted()
                next.formUnion(found.map(\.task))
            }
            for key in frontier {
                next.formUnion(partners[key] ?? [])
                next.formUnion(plan.stored[key]?.task.link?.members ?? [])
            }
            next.subtract(reached)
            reached.formUnion(next)
            frontier = next.sorted()
            try load(frontier)
        }
        plan.keys = reached.sorted()

        // Units, each merged into one task.
        // (A key no record derives any more is kept as it was, outside every unit.)
        let joinGroups = exactGroups.values.map { $0.filter { own[$0] != nil } }
        let units = UnitPlanner.units(sources: sources, exactGroups: joinGroups, pairs: pairs)
        var unitOf: [TaskKey: TaskKey] = [:]
        var linked = Set<TaskKey>()
        let decided = Set(decisions.filter { $0.field != nil }.map(\.task))
        for unit in units {
            // Most tasks are in no unit and no decision names them: they are their own fold.
            if unit.count == 1, !decided.contains(unit[0]) {
                plan.tasks[unit[0]] = own[unit[0]]
                unitOf[unit[0]] = unit[0]
                continue
            }
            let members = unit.map { UnitMember(task: own[$0]!, source: sources[$0]!) }
            let outcome = Survivorship.merge(members, precedence: precedence, decisions: decisions, directory: directory)
            for task in outcome.tasks {
                plan.tasks[task.key] = task
                unitOf[task.key] = outcome.tasks[0].key
            }
            if unit.count > 1 { linked.insert(outcome.tasks[0].key) }
            plan.conflicts += outcome.conflicts
        }

        // Candidates: every group the batch touches — each reached task's near keys, the keys the queued tasks
        // were stored under before, and the exact groups that cannot be joined — computed again whole, with
        // tasks anywhere in the ledger.
        var touched = Set(own.values.flatMap { match[$0.key]!.near }).union(formerKeys.filter { !$0.hasPrefix("x|") })
        touched.formUnion(exactGroups.filter { !UnitPlanner.joinable($0.value.filter { own[$0] != nil }, sources: sources) }.keys)
        touched.formUnion(formerKeys.filter { $0.hasPrefix("x|") })
        var groups: [String: [TaskKey]] = [:]
        var outside = Set<TaskKey>()
        for (key, found) in try tx.links.tasksSharing(Array(touched)) {
            groups[key] = found.map(\.task)
            for row in found where own[row.task] == nil {
                outside.insert(row.task)
                sources[row.task] = row.source
            }
        }
        // An exact group is a candidate group only while it cannot be joined.
        groups = groups.filter { !$0.key.hasPrefix("x|") || !UnitPlanner.joinable($0.value, sources: sources) }
        // Of the tasks outside the batch only their units are needed (a column), and the values of those that end
        // up in a candidate pair.
        for (key, primary) in try tx.tasks.unitPrimaries(outside.sorted()) {
            unitOf[key] = primary
            linked.insert(primary)
        }
        let candidates = UnitPlanner.candidates(groups: groups, sources: sources, unitOf: unitOf, linked: linked, pairs: pairs)
        let wanted = Set(candidates.flatMap { [$0.pair.first, $0.pair.second] }).filter { plan.tasks[$0] == nil }
        let others = try tx.tasks.storedTasks(wanted.sorted())
        func task(_ key: TaskKey) -> UnifiedTask? { plan.tasks[key] ?? others[key]?.task }
        for candidate in candidates {
            guard let a = task(candidate.pair.first), let b = task(candidate.pair.second) else { continue }
            plan.conflicts.append(candidate.conflict(a, b, sources: sources))
        }
        plan.matchKeys = touched.sorted()
        return plan
    }
}
