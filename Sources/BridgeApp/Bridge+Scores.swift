import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation

/// Which officers a score table shows.
public struct ScoreFilter: Sendable {
    public var agency: String?
    public var unit: String?
    public var block: String?

    public init(agency: String? = nil, unit: String? = nil, block: String? = nil) {
        self.agency = agency
        self.unit = unit
        self.block = block
    }

    func admits(_ row: ScoreRow) -> Bool {
        (agency == nil || row.agency == agency) && (unit == nil || row.unit == unit) && (block == nil || row.block == block)
    }
}

extension Bridge {
    /// Everyone's scores for `period` evaluated at `time`, computed from the tasks (full computation).
    public func scores(period: Period, at time: Timestamp) throws -> [OfficerScore] {
        scoreBook.report(
            period: period, tasksByOfficer: try store.tasks.byOfficer(),
            assessments: try store.scores.assessments(period: period.description), at: time, directory: try store.directory.current())
    }

    /// The stored scores of `period`, brought up to `time` first: the projector drains what is queued, and every
    /// stored score that time has moved since it was computed (a deadline or completion it had not reached) is
    /// computed again at `time`. Equal, number for number, to `scores(period:at:)` at that time.
    /// Of one agency or unit only, when `filter` names one (read alone: a unit's page does not read the period).
    /// Without `refresh`, the stored numbers as the projector last left them (`serve`, whose projector service
    /// keeps them current: a page read never waits for the writer).
    public func storedScores(period: Period, at time: Timestamp, filter: ScoreFilter = ScoreFilter(), refresh: Bool = true) throws -> [ScoreRow] {
        if refresh { try bringScoresUpToDate(period: period.description, at: time) }
        let stored = try store.scores.stored(period: period.description, agency: filter.agency, unit: filter.unit)
        let decoder = JSONDecoder()
        return try stored.keys.sorted().map { try decoder.decode(ScoreRow.self, from: Data(stored[$0]!.utf8)) }
    }

    /// Drains the projector's queue and computes again every stored score (of `period`, or of every period) that
    /// time has moved by `time`; does nothing — not even a write transaction — when nothing is owed (the usual
    /// case between syncs). With `maxSteps`, at most that many projector transactions (see `Projector.run`).
    /// Returns whether work is left for another turn.
    @discardableResult
    public func bringScoresUpToDate(period: String? = nil, at time: Timestamp, maxSteps: Int = .max) throws -> Bool {
        guard try !importer.projector.isCaughtUp() || store.scores.hasStale(period: period, at: time) else { return false }
        // Another instance holds the projector's lease: it keeps the scores (nothing is left for this one).
        guard try importer.projector.holdsLease(at: time) else { return false }
        try store.write(failure: "owing the scores that time has moved failed") { tx in
            try tx.scores.oweStaleScores(period: period, at: time)
        }
        try importer.projector.run(at: time, cause: "score", maxSteps: maxSteps)
        try store.makeDurable()
        return try !importer.projector.isCaughtUp()
    }

    /// The score report. Without `time`: the stored numbers, brought up to now (the one scoring path that the
    /// API will read too); with it, numbers computed in memory at that time. For a closed period, unless
    /// `current`, the numbers kept at close.
    /// With `refresh` false, open periods show the stored numbers as they are (see `storedScores`).
    public func scoreReport(
        period: Period, at time: Timestamp?, filter: ScoreFilter, current: Bool, refresh: Bool = true
    ) throws -> (report: ScoreReport, note: String?) {
        var rows: [ScoreRow]
        let now = time ?? importer.now()
        var evaluatedAt = now.description
        var note: String?
        let closed = try store.scores.closed(period: period.description)
        // A closed period shows the numbers kept at close, unless asked for its numbers now (--current) or at a
        // given time (--at): those are computed, and the note says the kept ones differ.
        if !current, time == nil, let closed {
            let decoder = JSONDecoder()
            rows = try closed.keys.sorted().map { try decoder.decode(ScoreRow.self, from: Data(closed[$0]!.utf8)) }
            let adjustments = try store.scores.adjustments(period: period.description)
            evaluatedAt = "closed"
            note = "Period \(period) is closed: these are the numbers kept at close; \(adjustments.count) adjustment(s) recorded since (--current shows today's numbers)."
        } else if time == nil && closed == nil && !store.isReadOnly {
            rows = try storedScores(period: period, at: now, filter: filter, refresh: refresh)
        } else {
            rows = try scores(period: period, at: now).map(ScoreRow.init)
            if closed != nil {
                note = "Period \(period) is closed: these numbers are computed at \(now), not the ones kept at close (without --at and --current, score shows those)."
            }
        }
        rows = rows.filter(filter.admits)
        if let disputed = try disputedNote(rows, period: period) { note = [note, disputed].compactMap { $0 }.joined(separator: "\n") }
        let units = scoreBook.scorer.units(rows.map {
            (unit: $0.unit, agency: $0.agency, level: $0.level.flatMap(Level.init(rawValue:)), provisional: $0.provisional)
        })
        return (ScoreReport(period: period.description, evaluatedAt: evaluatedAt, officers: rows, units: units.map(UnitRow.init)), note)
    }

    /// Says which officers shown have disputed tasks counting in the period (docs/reconciliation.md): their
    /// numbers stand on a value an admin has not settled.
    func disputedNote(_ rows: [ScoreRow], period: Period) throws -> String? {
        let shown = Set(rows.map(\.officer))
        var count: [String: Int] = [:]
        for task in try store.reconcile.disputedTasks() where scoreBook.periods(of: task).contains(period.description) {
            for officer in Set(scoreBook.officers(of: task)) where shown.contains(officer) { count[officer, default: 0] += 1 }
        }
        guard !count.isEmpty else { return nil }
        let list = count.keys.sorted().map { "\($0) (\(count[$0]!))" }.joined(separator: ", ")
        return "Disputed tasks count for \(list): systems disagree on them and no admin has decided (kpibridge reconcile list --state open)."
    }

    /// One officer's score with its explanation, from that officer's tasks only; an error for an officer no task,
    /// assessment or directory entry names.
    public func explain(officer: String, period: Period, at time: Timestamp) throws -> OfficerScore {
        let directory = try store.directory.current()
        let identity = officerKey(for: officer, directory: directory)
        let tasks = try store.tasks.named(officer: identity)
        let assessment = try store.scores.assessment(officer: identity, period: period.description)
        // A directory officer with nothing yet has an empty record (their own page), not none.
        if tasks.isEmpty && assessment == nil && directory.officers[identity] == nil { throw AppError("no task or assessment names officer '\(identity)'") }
        return scoreBook.score(officer: identity, period: period, tasks: tasks, assessment: assessment, at: time, directory: directory)
    }

    /// True when `key` (a scoring key) is a directory officer or is named by some task.
    public func isKnownOfficer(_ key: String, directory: Directory) throws -> Bool {
        if directory.officers[key] != nil { return true }
        return try !store.tasks.named(officer: key).isEmpty
    }

    /// The scoring key for what a user typed: a directory officer id, `namespace:account`, or an e-mail.
    public func officerKey(for text: String, directory: Directory) -> String { Self.officerKey(for: text, directory: directory) }

    /// The scoring key for what a user typed (see the instance method), for readers without a bridge.
    public static func officerKey(for text: String, directory: Directory) -> String {
        if directory.officers[text] != nil { return text }
        let person: PersonRef
        if let colon = text.firstIndex(of: ":") {
            person = PersonRef(namespace: String(text[..<colon]), id: String(text[text.index(after: colon)...]), name: nil)
        } else {
            person = PersonRef(namespace: "email", id: text.lowercased(), name: nil)
        }
        return directory.resolve(person) ?? person.identity
    }
}
