import BridgeModel

/// Scores officers under Decree 335/2025 (docs/scoring.md). Pure: tasks, period and time in, numbers out.
public struct Scorer: Sendable {
    public let policy: ScoringPolicy
    public let catalog: ProductCatalog

    public init(policy: ScoringPolicy = ScoringPolicy(), catalog: ProductCatalog = ProductCatalog()) {
        self.policy = policy
        self.catalog = catalog
    }

    /// The officer's score for `period` evaluated at `time`, from every task that names them.
    public func score(
        _ profile: OfficerProfile, tasks: [UnifiedTask], period: Period, at time: Timestamp, assessment: Assessment?
    ) -> OfficerScore {
        var contributions: [TaskContribution] = []
        for task in tasks.sorted(by: { $0.key < $1.key }) {
            if let contribution = contribution(of: task, for: profile.officer, position: profile.position, period: period, at: time) {
                contributions.append(contribution)
            }
        }
        let assigned = contributions.reduce(Rational.zero) { $0 + $1.units }
        let done = contributions.filter(\.completed)
        let completed = done.reduce(Rational.zero) { $0 + $1.units }
        let quality = done.reduce(Rational.zero) { $0 + $1.units * $1.qualityFactor }
        let timely = done.reduce(Rational.zero) { $0 + $1.units * $1.timelinessFactor }
        let hundred = Rational(100)
        var q: Rational?, l: Rational?, t: Rational?, points: Rational?
        if assigned > .zero {
            q = hundred * completed / assigned
            l = hundred * quality / assigned
            t = hundred * timely / assigned
            let weights = policy.quantityWeight + policy.qualityWeight + policy.timelinessWeight
            let mix = policy.quantityWeight * q! + policy.qualityWeight * l! + policy.timelinessWeight * t!
            points = policy.taskPointsMax * mix / (hundred * weights)
        }
        let general = assessment?.generalPoints ?? policy.provisionalGeneralPoints
        let total = points.map { general + $0 }
        let sanction = assessment?.sanction ?? false
        let level: Level? = sanction ? .notCompleted : total.map { Level.of(total: $0, policy: policy) }
        return OfficerScore(
            profile: profile, period: period, evaluatedAt: time, contributions: contributions,
            assignedUnits: assigned, completedUnits: completed, quantity: q, quality: l, timeliness: t,
            taskPoints: points, generalPoints: general, provisional: assessment?.generalPoints == nil, total: total,
            sanction: sanction, level: level)
    }

    /// The task's part for `officer`, or nil when it is not in the assigned set A.
    func contribution(of task: UnifiedTask, for officer: String, position: String?, period: Period, at time: Timestamp) -> TaskContribution? {
        // Cancelled work counts for no one.
        guard task.status != .cancelled, let (role, weight) = role(of: task, for: officer) else { return nil }
        let done = task.completion(by: time) != nil
        // Due by `time` or completed by then; a task without a deadline, assigned by `time`.
        guard let placed = Self.placement(of: task), period.contains(placed), placed <= time || (done && task.dueAt != nil) else { return nil }
        let missed = task.missedDeadlines(at: time)
        return TaskContribution(
            task: task, role: role, weight: weight, coefficient: catalog.coefficient(for: task.productType, position: position),
            qualityFactor: factor(deduction: policy.qualityDeduction, count: task.qualityDeductions),
            timelinessFactor: factor(deduction: policy.timelinessDeduction, count: missed),
            missedDeadlines: missed, completed: done)
    }

    /// The officer's role in a task and its weight: the main handler with 1; a coordinator with the coordinator
    /// share when it is above 0 (someone both main handler and coordinator counts once, as main handler); nil
    /// when the task does not count for the officer — a record absorbed into a linked unit counts under its
    /// primary only. The one home of "who a task counts for" (docs/scoring.md, "Assigned A").
    public func role(of task: UnifiedTask, for officer: String) -> (role: TaskContribution.Role, weight: Rational)? {
        guard task.countsForKPI else { return nil }
        if task.mainHandler?.officerKey == officer { return (.main, .one) }
        if policy.coordinatorShare > .zero, task.coordinators.contains(where: { $0.officerKey == officer }) {
            return (.coordinator, policy.coordinatorShare)
        }
        return nil
    }

    /// The instant that places a task in periods: its current due time, or its assigned time when it has no
    /// deadline (docs/scoring.md, "Assigned A"); nil when it has neither and counts in no period.
    public static func placement(of task: UnifiedTask) -> Timestamp? { task.dueAt ?? task.assignedAt }

    /// Every officer (scoring key) a version of a task may count for, by `role(of:for:)`.
    public func officers(of task: UnifiedTask) -> [String] {
        guard task.countsForKPI else { return [] }
        var out = task.mainHandler.map { [$0.officerKey] } ?? []
        if policy.coordinatorShare > .zero { out += task.coordinators.map(\.officerKey) }
        return out
    }

    private func factor(deduction: Rational, count: Int) -> Rational {
        let value = Rational.one - deduction * Rational(count)
        return value < .zero ? .zero : value
    }

    /// Level counts and the quota flag per unit.
    public func units(_ scores: [OfficerScore]) -> [UnitSummary] {
        units(scores.map { (unit: $0.profile.unit, agency: $0.profile.agency, level: $0.level, provisional: $0.provisional) })
    }

    /// Level counts and the quota flag per unit, from each officer's unit, agency, level and whether their general
    /// points are provisional. The counts are of every officer; the quota (docs/scoring.md) is judged on entered
    /// scores only — a provisional level, made with general points nobody entered, neither fills nor frees it.
    public func units(_ officers: [(unit: String?, agency: String?, level: Level?, provisional: Bool)]) -> [UnitSummary] {
        let groups = Dictionary(grouping: officers) { $0.unit ?? "" }
        return groups.keys.sorted().map { unit in
            let members = groups[unit]!
            var counts: [Level: Int] = [:]
            for level in Level.allCases { counts[level] = 0 }
            for member in members { if let level = member.level { counts[level, default: 0] += 1 } }
            let entered = members.filter { !$0.provisional }
            let excellent = Rational(entered.count { $0.level == .excellent })
            let good = Rational(entered.count { $0.level == .good })
            return UnitSummary(
                unit: unit, agency: members.compactMap(\.agency).first, officers: members.count, counts: counts,
                quotaExceeded: excellent > policy.excellentQuota * good, provisional: members.count - entered.count)
        }
    }
}
