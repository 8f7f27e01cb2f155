import BridgeLedger
import BridgeModel
import BridgeReconciliation
import Foundation

/// Brings the projections up to the facts: drains the ledger's queue of touched tasks (fold every patch,
/// resolve people through the directory, write the task, its revision and officer rows), then the queue of
/// owed scores (score each officer and period again). Each step is one transaction that also takes its keys
/// off the queue, so a crash anywhere leaves the rest queued for the next run, and running it twice changes
/// nothing the second time. The ledger only stores; what a task and a score are is decided here.
public struct Projector: Sendable {
    /// The ledger whose queues it drains.
    public let store: LedgerStore
    /// What a score is: the scoring rules in force, told to the projector by whoever composes it.
    public let scoreBook: ScoreBook
    /// Which source a unit of work seen in several systems takes each field from.
    public var precedence = Precedence()
    /// Task keys folded per transaction.
    public var taskBatch = 1_000
    /// Scores computed per transaction.
    public var scoreBatch = 2_000
    /// From how many tasks or scores a step's pure work is spread over the cores (tests lower it, so their small
    /// batches take the same path as a province's).
    public var parallelFrom = Parallel.threshold

    /// A projector over `store` scoring with `scoreBook`.
    public init(store: LedgerStore, scoreBook: ScoreBook) {
        self.store = store
        self.scoreBook = scoreBook
    }

    /// Drains both queues, each step in its own transaction; scores are evaluated at `time` (a closed period's at
    /// its closing time). `cause` names the run in revisions and adjustments. Without `scores`, only the task
    /// queue is drained (what an import does between its group commits, while the next group is mapped): the
    /// scores it owes wait for the run that ends the import. With `maxSteps`, it stops after that many
    /// transactions and leaves the rest queued for the next run (`serve`'s projector service takes its turns at
    /// the writer in bounded steps, so a long catch-up lets sync passes in between).
    @discardableResult
    public func run(at time: Timestamp, cause: String, scores: Bool = true, maxSteps: Int = .max) throws -> ProjectionSummary {
        var summary = ProjectionSummary()
        // Another instance holds the projector's lease: it projects these facts (see `Lease`).
        guard try holdsLease(at: time) else { return summary }
        var step = Step.tasks(first: true)
        var steps = 0
        while step != .done && steps < maxSteps {
            steps += 1
            let current = step
            let (done, part) = try store.write(failure: current.failure) { tx in try self.step(current, tx, at: time, cause: cause) }
            summary.add(part)
            KillPoint.projectorCommitted.reach()
            step = current.next(done: done, scores: scores)
        }
        return summary
    }

    /// Where a run is: folding tasks (the first transaction also checks the scoring rules), scoring, or done.
    private enum Step: Equatable, Sendable {
        case tasks(first: Bool)
        case scores
        case done

        var failure: String { self == .scores ? "projecting scores failed" : "projecting tasks failed" }

        func next(done: Bool, scores: Bool) -> Step {
            switch self {
            case .tasks: done ? (scores ? .scores : .done) : .tasks(first: false)
            case .scores: done ? .done : .scores
            case .done: .done
            }
        }
    }

    /// One transaction's work: whether its queue is empty afterwards, and what it did.
    private func step(_ step: Step, _ tx: LedgerTransaction, at time: Timestamp, cause: String) throws -> (Bool, ProjectionSummary) {
        // The fence: with several instances on one ledger, only the holder of the projector's lease projects.
        try tx.leases.require(Lease.projector, at: time)
        var summary = ProjectionSummary()
        switch step {
        case .tasks(let first):
            if first { try checkRules(tx) }
            return (try projectTasks(tx, limit: taskBatch, at: time, into: &summary), summary)
        case .scores:
            return (try projectScores(tx, limit: scoreBatch, at: time, cause: cause, into: &summary), summary)
        case .done:
            return (true, summary)
        }
    }

    /// Drains both queues inside one open transaction (a dry run, a reprocess: all or nothing); `keepChanges`
    /// keeps each changed task's values before and after in the summary.
    @discardableResult
    public func drain(_ tx: LedgerTransaction, at time: Timestamp, cause: String, keepChanges: Bool = false) throws -> ProjectionSummary {
        var summary = ProjectionSummary(keepsChanges: keepChanges)
        try checkRules(tx)
        while try !projectTasks(tx, limit: taskBatch, at: time, into: &summary) {}
        while try !projectScores(tx, limit: scoreBatch, at: time, cause: cause, into: &summary) {}
        return summary
    }

    /// Drops every projection and computes it again from the facts (`kpibridge rebuild`): every task folded,
    /// every officer row and stored score written anew. Tasks that no patch derives any more are kept as they
    /// were; a task whose rebuilt value differs from the stored one gets a revision caused by the rebuild. The
    /// drop and a mark saying a rebuild is under way are one transaction: a crash after it leaves the rest of
    /// the rebuild to whichever run of the projector comes next.
    @discardableResult
    public func rebuild(at time: Timestamp) throws -> ProjectionSummary {
        try startRebuild()
        return try run(at: time, cause: "rebuild")
    }

    /// The first step of a rebuild, in one transaction: the projections dropped, everything queued, the mark set.
    public func startRebuild() throws {
        try store.write(failure: "starting the rebuild failed") { tx in
            try tx.tasks.queueEveryTask(cause: "rebuild")
            try tx.tasks.dropOfficerRows()
            try tx.scores.dropScores()
            try tx.links.dropConflicts()
            try tx.refoldDossiers()
            try tx.scores.oweScores(tx.scores.assessedPairs())
            try tx.setProjectionState(Self.rebuilding, "queued")
        }
    }

    /// The projection state that marks a rebuild under way: until its queue is empty, every task's officer rows
    /// and scores are written, changed or not.
    static let rebuilding = "rebuild.tasks"

    /// Folds up to `limit` queued tasks; true when the queue is empty afterwards.
    public func projectTasks(_ tx: LedgerTransaction, limit: Int, at time: Timestamp, into summary: inout ProjectionSummary) throws -> Bool {
        let rebuilding = try tx.projectionState(Self.rebuilding) != nil
        let queued = try tx.tasks.queuedTasks(limit: limit)
        if queued.isEmpty {
            if rebuilding { try tx.clearProjectionState(Self.rebuilding) }
            return true
        }
        let keys = queued.map(\.key)
        var causes: [TaskKey: LedgerTransaction.QueuedTask] = [:]
        for item in queued { causes[item.key] = item }
        // The queued tasks and every task they reach across systems, each folded from its own records, grouped
        // into units of work and merged (docs/reconciliation.md).
        let plan = try LinkPlan.make(tx, queued: keys, directory: try tx.directory(), precedence: precedence, parallelFrom: parallelFrom)
        var owed = Set<ScorePair>()
        var folded: [LedgerTransaction.FoldedTask] = []
        for key in plan.keys {
            guard let task = plan.tasks[key] else {
                // No record derives it any more (reprocessing under a mapping that keys it differently): kept as
                // it was, never silently removed, and listed for the operator.
                if causes[key] != nil, plan.stored[key] != nil { summary.orphaned.insert(key) }
                continue
            }
            folded.append(.init(task, over: plan.stored[key], cause: causes[key]?.cause ?? "link"))
        }
        for (item, outcome) in zip(folded, try tx.tasks.write(folded, at: time, rewriteOfficers: rebuilding)) {
            summary.orphaned.remove(item.task.key)
            if rebuilding { owed.formUnion(pairs(of: item.task)) }
            guard case .revised(let revision) = outcome else { continue }
            summary.record(before: item.stored?.task, after: item.task, revision: revision, source: causes[item.task.key]?.source)
            owed.formUnion(pairs(of: item.task))
            if let old = item.stored?.task { owed.formUnion(pairs(of: old)) }
        }
        try tx.links.replaceConflicts(involving: plan.keys, candidatesUnder: plan.matchKeys, with: plan.conflicts)
        try tx.scores.oweScores(owed)
        KillPoint.projectorBatch.reach()
        try tx.tasks.dequeueTasks(keys)
        // Fewer than asked for: the queue is empty now (this transaction holds the only writer).
        let drained = queued.count < limit
        if drained && rebuilding { try tx.clearProjectionState(Self.rebuilding) }
        return drained
    }

    /// Scores up to `limit` owed pairs; true when none is owed afterwards. The pairs' tasks, assessments and
    /// closing times are read first, the scores derived on every core (scoring is pure), then stored in order.
    public func projectScores(_ tx: LedgerTransaction, limit: Int, at time: Timestamp, cause: String, into summary: inout ProjectionSummary) throws -> Bool {
        let owed = try tx.scores.owedScores(limit: limit)
        if owed.isEmpty { return true }
        let directory = try tx.directory()
        var work: [ScoreWork] = []
        work.reserveCapacity(owed.count)
        // The batch's tasks, assessments and stored fingerprints in a few queries, not a few per pair.
        let tasksOf = try tx.tasks.officerTasks(of: Array(Set(owed.map(\.officer))).sorted())
        let (fingerprints, assessments) = try tx.scores.scoreInputs(owed)
        var closedAt: [String: Timestamp?] = [:]  // per period, looked up once
        for pair in owed {
            // A closed period is evaluated at its closing time, so only real changes move its numbers.
            if closedAt[pair.period] == nil { closedAt[pair.period] = .some(try tx.scores.closedAt(pair.period)) }
            let closed = closedAt[pair.period]!
            work.append(ScoreWork(pair: pair, tasks: tasksOf[pair.officer] ?? [], assessment: assessments[pair], at: closed ?? time, closed: closed != nil))
        }
        let derived = try Parallel.map(work, minimum: parallelFrom) { item in
            try scoreBook.derive(item.pair, tasks: item.tasks, assessment: item.assessment, at: item.at, directory: directory)
        }
        let scores = zip(work, derived).map { item, score in
            LedgerTransaction.ScoreToStore(item.pair, score, at: item.at, closed: item.closed, stored: fingerprints[item.pair])
        }
        for (score, moved) in zip(scores, try tx.scores.storeScores(scores, cause: cause, recordedAt: time)) where moved {
            summary.movedScores.insert("\(score.pair.officer) \(score.pair.period)")
        }
        KillPoint.projectorBatch.reach()
        try tx.scores.settleScores(owed)
        return owed.count < limit
    }

    /// What one owed score is computed from.
    private struct ScoreWork: Sendable {
        let pair: ScorePair
        let tasks: [UnifiedTask]
        let assessment: StoredAssessment?
        let at: Timestamp
        let closed: Bool
    }

    /// The pairs a version of a task counts in.
    public func pairs(of task: UnifiedTask) -> [ScorePair] {
        let periods = scoreBook.periods(of: task)
        return scoreBook.officers(of: task).flatMap { officer in periods.map { ScorePair(officer: officer, period: $0) } }
    }

    /// The projection state naming how stored fingerprints are made.
    static let fingerprintState = "scoring.fingerprints"

    /// Names the precedence in force.
    var precedenceFingerprint: String {
        "sources " + precedence.sources.joined(separator: ",") + "\n"
            + UnitField.allCases.map { "\($0.rawValue) \(precedence.rule($0))" }.joined(separator: "\n")
    }

    /// True when a run would find nothing to do — no task or score queued, no rebuild under way, the
    /// projections made under the configured scoring rules and precedence — read without taking the writer's
    /// lock, so a reader between syncs writes nothing.
    /// True when this instance holds the projector's lease, taking it if free (on SQLite, always).
    public func holdsLease(at time: Timestamp) throws -> Bool {
        try store.takeLease(Lease.projector, at: time)
    }

    public func isCaughtUp() throws -> Bool {
        let queued = try store.facts.queued()
        guard queued.tasks == 0, queued.scores == 0, try store.facts.projectionState(Self.rebuilding) == nil else { return false }
        return try store.facts.projectionState("scoring.rules") == scoreBook.rulesFingerprint
            && store.facts.projectionState(Self.fingerprintState) == ScoreRow.fingerprintPrefix
            && store.facts.projectionState("reconciliation.precedence") == precedenceFingerprint
    }

    /// Stored scores were computed under some scoring rules; when the configured rules differ, every stored
    /// score is owed again and every task is queued as in a rebuild (new rules can make a task count for other
    /// officers: coordinators, once they get a share), so `score` never shows numbers made under rules no longer
    /// in force.
    func checkRules(_ tx: LedgerTransaction) throws {
        // Fingerprints are a score's numbers alone (`ScoreRow.fingerprint`); a ledger that kept them another way
        // has them written again first, so the comparisons below see only real moves.
        if try tx.projectionState(Self.fingerprintState) != ScoreRow.fingerprintPrefix {
            try tx.scores.refingerprintScores(prefix: ScoreRow.fingerprintPrefix, ScoreRow.fingerprint(ofBody:))
            try tx.setProjectionState(Self.fingerprintState, ScoreRow.fingerprintPrefix)
        }
        // Another precedence can give a linked task other values: every task is folded again, and the scores of
        // those that change are owed as usual.
        let order = precedenceFingerprint
        if try tx.projectionState("reconciliation.precedence") != order {
            try tx.tasks.queueEveryTask(cause: "reconciliation precedence")
            try tx.setProjectionState("reconciliation.precedence", order)
        }
        let rules = scoreBook.rulesFingerprint
        guard try tx.projectionState("scoring.rules") != rules else { return }
        try tx.scores.oweEveryStoredScore()
        try tx.tasks.queueEveryTask(cause: "scoring rules")
        try tx.setProjectionState(Self.rebuilding, "queued")
        try tx.setProjectionState("scoring.rules", rules)
    }
}
