import BridgeModel
import Foundation

extension Table {
    /// A row of `score`: an officer's current score for a period, its body (the `score --format json` row), the
    /// fingerprint of its numbers and its figures as columns. A projection `rebuild` recomputes.
    struct Score: LedgerRecord, Equatable {
        static let table = "score"
        static let columns = ["officer", "period", "evaluated_at", "fingerprint", "body", "stale_at"] + Figures.names
        static let key = ["officer", "period"]

        var officer: String
        var period: String
        var evaluatedAt: Timestamp
        var fingerprint: String
        var body: String
        /// When time alone can move the score next, in milliseconds (compared with the projector's clock).
        var staleAt: Int64?
        var figures: DerivedScore.Columns

        init(_ pair: ScorePair, _ derived: DerivedScore, evaluatedAt: Timestamp) {
            officer = pair.officer
            period = pair.period
            self.evaluatedAt = evaluatedAt
            fingerprint = derived.fingerprint
            body = derived.body
            staleAt = derived.staleAt?.millis
            figures = derived.columns
        }

        var values: [(any SQLBindable)?] {
            [officer, period, StoredInstant.value(evaluatedAt), fingerprint, body, staleAt] + Figures.values(figures)
        }
    }

    /// A row of `score_closed`: a score as it stood when its period was closed. A snapshot `rebuild` keeps.
    struct ScoreClosed: LedgerRecord, Equatable {
        static let table = "score_closed"
        static let columns = ["officer", "period", "fingerprint", "body"] + Figures.names
        static let key = ["officer", "period"]

        var officer: String
        var period: String
        var fingerprint: String
        var body: String
        var figures: DerivedScore.Columns

        var values: [(any SQLBindable)?] { [officer, period, fingerprint, body] + Figures.values(figures) }
    }

    /// The figure columns `score` and `score_closed` share.
    enum Figures {
        static let names = ["agency", "unit", "block", "level", "total_micros", "assigned_tasks", "provisional"]

        static func values(_ figures: DerivedScore.Columns) -> [(any SQLBindable)?] {
            [figures.agency, figures.unit, figures.block, figures.level, figures.totalMicros, figures.assignedTasks, figures.provisional]
        }

        static func read(_ row: LedgerRow) throws -> DerivedScore.Columns {
            DerivedScore.Columns(
                agency: try row["agency"], unit: try row["unit"], block: try row["block"], level: try row["level"],
                totalMicros: try row["total_micros"], assignedTasks: try row["assigned_tasks"], provisional: try row["provisional"])
        }
    }

    /// A row of `score_dirty`: a score the projector owes. A queue.
    struct ScoreDirty: LedgerRecord, Hashable {
        static let table = "score_dirty"
        static let columns = ["officer", "period"]
        static let key = ["officer", "period"]

        var officer: String
        var period: String

        init(_ pair: ScorePair) {
            officer = pair.officer
            period = pair.period
        }

        var values: [(any SQLBindable)?] { [officer, period] }
        var pair: ScorePair { ScorePair(officer: officer, period: period) }
    }

    /// A row of `period_close`: a closed period, when and by whom. A fact.
    struct PeriodClose: LedgerRecord, Equatable {
        static let table = "period_close"
        static let columns = ["period", "closed_at", "actor"]
        static let key = ["period"]

        var period: String
        var closedAt: Timestamp
        var actor: String

        var values: [(any SQLBindable)?] { [period, StoredInstant.value(closedAt), actor] }
    }

    /// A row of `score_adjustment`: a change to a closed period's score, with its cause, the body before and the
    /// body and fingerprint after (one per line). A snapshot `rebuild` keeps.
    struct ScoreAdjustment: LedgerRecord, Equatable {
        static let table = "score_adjustment"
        static let generatedId: String? = "id"
        static let columns = ["officer", "period", "at", "cause", "before", "after"]
        static let key: [String] = []

        var officer: String
        var period: String
        var at: Timestamp
        var cause: String
        var before: String?
        var after: String

        var values: [(any SQLBindable)?] { [officer, period, StoredInstant.value(at), cause, before, after] }
    }

    /// A row of `assessment`: the general points and sanction people entered for an officer and period. A fact.
    struct Assessment: LedgerRecord, Equatable {
        static let table = "assessment"
        static let columns = ["officer", "period", "general_points", "sanction", "origin", "entered_at"]
        static let key = ["officer", "period"]

        var officer: String
        var period: String
        /// Decimal text as entered, nil when only a sanction was recorded.
        var generalPoints: String?
        var sanction: Bool
        var origin: String?
        var enteredAt: Timestamp

        init(_ assessment: StoredAssessment, origin: String?, enteredAt: Timestamp) {
            officer = assessment.officer
            period = assessment.period
            generalPoints = assessment.generalPoints
            sanction = assessment.sanction
            self.origin = origin
            self.enteredAt = enteredAt
        }

        var values: [(any SQLBindable)?] { [officer, period, generalPoints, sanction, origin, StoredInstant.value(enteredAt)] }
        var stored: StoredAssessment { StoredAssessment(officer: officer, period: period, generalPoints: generalPoints, sanction: sanction) }
    }
}

extension Table.Score {
    init(row: LedgerRow) throws {
        officer = try row["officer"]
        period = try row["period"]
        evaluatedAt = try StoredInstant.read(row, "evaluated_at")
        fingerprint = try row["fingerprint"]
        body = try row["body"]
        staleAt = try row["stale_at"]
        figures = try Table.Figures.read(row)
    }
}

extension Table.ScoreClosed {
    init(row: LedgerRow) throws {
        officer = try row["officer"]
        period = try row["period"]
        fingerprint = try row["fingerprint"]
        body = try row["body"]
        figures = try Table.Figures.read(row)
    }
}

extension Table.ScoreDirty {
    init(row: LedgerRow) throws {
        officer = try row["officer"]
        period = try row["period"]
    }
}

extension Table.PeriodClose {
    init(row: LedgerRow) throws {
        period = try row["period"]
        closedAt = try StoredInstant.read(row, "closed_at")
        actor = try row["actor"]
    }
}

extension Table.ScoreAdjustment {
    init(row: LedgerRow) throws {
        officer = try row["officer"]
        period = try row["period"]
        at = try StoredInstant.read(row, "at")
        cause = try row["cause"]
        before = try row["before"]
        after = try row["after"]
    }
}

extension Table.Assessment {
    init(row: LedgerRow) throws {
        officer = try row["officer"]
        period = try row["period"]
        generalPoints = try row["general_points"]
        sanction = try row["sanction"]
        origin = try row["origin"]
        enteredAt = try StoredInstant.read(row, "entered_at")
    }
}
