import BridgeModel

/// Reconciliation of a whole set of tasks at once, from the rules alone: match keys, units, survivorship and the
/// conflict queue (docs/reconciliation.md). The projector reaches the same result incrementally, batch by batch;
/// this is the reference it is checked against (the simulator's truth is computed with it).
public enum BatchReconciler {
    /// Every task, merged into units, and every candidate, disagreement and contradicted override, by kind and id.
    public static func run(
        _ members: [UnitMember], precedence: Precedence, decisions: [ReconcileDecision] = [], directory: Directory = .empty
    ) -> (tasks: [UnifiedTask], conflicts: [Conflict]) {
        var own: [TaskKey: UnitMember] = [:]
        var sources: [TaskKey: String] = [:]
        var groups: [String: [TaskKey]] = [:]
        var exact: [String: [TaskKey]] = [:]
        for member in members {
            own[member.task.key] = member
            sources[member.task.key] = member.source
            let keys = MatchKeys.of(member.task)
            if let key = keys.exact { exact[key, default: []].append(member.task.key) }
            for key in keys.near { groups[key, default: []].append(member.task.key) }
        }
        let pairs = UnitPlanner.pairDecisions(decisions)
        var tasks: [UnifiedTask] = []
        var conflicts: [Conflict] = []
        var unitOf: [TaskKey: TaskKey] = [:]
        var linked = Set<TaskKey>()
        for unit in UnitPlanner.units(sources: sources, exactGroups: Array(exact.values), pairs: pairs) {
            let outcome = Survivorship.merge(unit.map { own[$0]! }, precedence: precedence, decisions: decisions, directory: directory)
            for task in outcome.tasks { unitOf[task.key] = outcome.tasks[0].key }
            if unit.count > 1 { linked.insert(outcome.tasks[0].key) }
            tasks += outcome.tasks
            conflicts += outcome.conflicts
        }
        for (key, group) in exact where !UnitPlanner.joinable(group, sources: sources) { groups[key] = group }
        let byKey = Dictionary(uniqueKeysWithValues: tasks.map { ($0.key, $0) })
        for candidate in UnitPlanner.candidates(groups: groups, sources: sources, unitOf: unitOf, linked: linked, pairs: pairs) {
            guard let a = byKey[candidate.pair.first], let b = byKey[candidate.pair.second] else { continue }
            conflicts.append(candidate.conflict(a, b, sources: sources))
        }
        return (tasks.sorted { $0.key < $1.key }, conflicts.sorted { ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) })
    }
}

extension UnitPlanner.Candidate {
    /// The queue's entry for this pair: each side's document code, date, agency and title, and the records behind it.
    public func conflict(_ a: UnifiedTask, _ b: UnifiedTask, sources: [TaskKey: String]) -> Conflict {
        func side(_ task: UnifiedTask) -> Conflict.Side {
            let shown = [task.document.code, task.document.promulgationDate?.description, task.agency, task.title].compactMap { $0 }
            return Conflict.Side(task: task.key, source: sources[task.key] ?? UnitMember.source(of: task), value: shown.joined(separator: " · "), records: task.provenance)
        }
        let note =
            switch reason {
            case "title": "same agency, title and promulgation date, another document code or issuing organ: the same work?"
            case "document": "the same document code and date under another agency or organ code: the same work?"
            case "duplicate": "one system has two records of the same document at the same agency: the same work?"
            default: "same agency and document number, notation or date written differently: the same work?"
            }
        return Conflict(
            kind: .candidate, state: .open, task: pair.first, other: pair.second, subject: reason, key: key, agency: a.agency ?? b.agency,
            sides: [side(a), side(b)], note: note)
    }
}
