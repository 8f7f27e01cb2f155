import BridgeModel

/// Decides which tasks are one unit of work and which pairs are candidates for an admin (docs/reconciliation.md,
/// "Matching"). Pure: the tasks' sources, the groups of tasks sharing a match key, and the admins' pair decisions in.
public enum UnitPlanner {
    /// The latest link or unlink of each pair.
    public static func pairDecisions(_ decisions: [ReconcileDecision]) -> [TaskPair: ReconcileDecision] {
        var out: [TaskPair: ReconcileDecision] = [:]
        for decision in decisions.sorted(by: { $0.sequence < $1.sequence }) where decision.action == .link || decision.action == .unlink {
            if let pair = decision.pair { out[pair] = decision }
        }
        return out
    }

    /// True when a group's tasks may be joined without a decision: one task per source, and more than one source.
    /// (Two tasks of one system under one exact key are a duplicate or a mistake: candidates, not a unit.)
    public static func joinable(_ group: [TaskKey], sources: [TaskKey: String]) -> Bool {
        let named = group.compactMap { sources[$0] }
        return named.count == group.count && Set(named).count == group.count && group.count > 1
    }

    /// The units among `sources`' keys, each sorted, in key order of their first member: tasks of a joinable
    /// exact group are joined pairwise unless an unlink separates the pair; pairs linked by decision are joined.
    /// (A pair kept apart can still meet through a third task both match: unlink that one too.)
    public static func units(sources: [TaskKey: String], exactGroups: [[TaskKey]], pairs: [TaskPair: ReconcileDecision]) -> [[TaskKey]] {
        var parent: [TaskKey: TaskKey] = [:]
        for key in sources.keys { parent[key] = key }
        func root(_ key: TaskKey) -> TaskKey {
            var k = key
            while let p = parent[k], p != k { k = p }
            return k
        }
        func join(_ a: TaskKey, _ b: TaskKey) {
            guard parent[a] != nil, parent[b] != nil else { return }
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for group in exactGroups where joinable(group, sources: sources) {
            for (i, a) in group.enumerated() {
                for b in group[(i + 1)...] where pairs[TaskPair(a, b)]?.action != .unlink { join(a, b) }
            }
        }
        for (pair, decision) in pairs.sorted(by: { $0.key < $1.key }) where decision.action == .link { join(pair.first, pair.second) }
        var byRoot: [TaskKey: [TaskKey]] = [:]
        for key in sources.keys { byRoot[root(key), default: []].append(key) }
        return byRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// A pair an admin should look at, and why.
    public struct Candidate: Hashable, Sendable {
        public var pair: TaskPair
        /// `code` (same agency and number, notation or date differ), `document` (same code and date, another
        /// agency or organ code), `title` (same agency, title and promulgation date) or `duplicate` (one system has
        /// two tasks under the same exact key).
        public var reason: String
        /// The match key the pair shares.
        public var key: String
    }

    /// Why two tasks under a match key may be the same work, by the key's kind.
    public static func reason(of key: String) -> String {
        switch key.first {
        case "x": "duplicate"
        case "t": "title"
        case "d": "document"
        default: "code"
        }
    }

    /// The candidates under each of `groups` (a match key and every task stored under it; exact keys only when
    /// their group cannot be joined). Each task stands for its unit (`unitOf`: a member's primary; tasks not in
    /// a unit stand for themselves), so a record meets a linked unit once. A pair is a candidate when its sources
    /// differ (a duplicate may be of one source), when not both are already linked to other records (two linked
    /// units that merely share a key are the same document at two agencies), and when no decision has settled
    /// it. A key shared by more than `limit` units suggests nothing (a common title) and is skipped, and so is a
    /// title that one source uses for two units. What a group gives depends on that group alone — its tasks,
    /// their units and the pair decisions — so the projector recomputes exactly the groups a batch touches.
    public static func candidates(
        groups: [String: [TaskKey]], sources: [TaskKey: String], unitOf: [TaskKey: TaskKey], linked: Set<TaskKey>,
        pairs: [TaskPair: ReconcileDecision], limit: Int = 20
    ) -> [Candidate] {
        var out: [Candidate] = []
        for (key, group) in groups.sorted(by: { $0.key < $1.key }) {
            let reason = reason(of: key)
            let units = Array(Set(group.map { unitOf[$0] ?? $0 })).sorted()
            guard units.count > 1, units.count <= limit else { continue }
            // A title one system gives two documents of the same day at the same agency identifies neither.
            if reason == "title" {
                let named = units.compactMap { sources[$0] }
                guard Set(named).count == named.count else { continue }
            }
            for (i, a) in units.enumerated() {
                for b in units[(i + 1)...] {
                    guard let sa = sources[a], let sb = sources[b], sa != sb || reason == "duplicate" else { continue }
                    guard !(linked.contains(a) && linked.contains(b)), pairs[TaskPair(a, b)] == nil else { continue }
                    out.append(Candidate(pair: TaskPair(a, b), reason: reason, key: key))
                }
            }
        }
        return out
    }
}
