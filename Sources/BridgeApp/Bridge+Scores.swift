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
            period: period, tasksByOfficer: try store.tasksByOfficer(),
            assessments: try store.assessments(period: period.description), at: time, directory: try store.directory())
    }

    /// The score report: live numbers at `time`, or, for a closed period unless `current`, the numbers kept at close.
    public func scoreReport(period: Period, at time: Timestamp, filter: ScoreFilter, current: Bool) throws -> (report: ScoreReport, note: String?) {
        var rows: [ScoreRow]
        var evaluatedAt = time.description
        var note: String?
        if !current, let closed = try store.closedScores(period: period.description) {
            let decoder = JSONDecoder()
            rows = try closed.keys.sorted().map { try decoder.decode(ScoreRow.self, from: Data(closed[$0]!.utf8)) }
            let adjustments = try store.adjustments(period: period.description)
            evaluatedAt = "closed"
            note = "Period \(period) is closed: these are the numbers kept at close; \(adjustments.count) adjustment(s) recorded since (--current shows today's numbers)."
        } else {
            rows = try scores(period: period, at: time).map(ScoreRow.init)
        }
        rows = rows.filter(filter.admits)
        let units = scoreBook.scorer.units(rows.map { (unit: $0.unit, agency: $0.agency, level: $0.level.flatMap(Level.init(rawValue:))) })
        return (ScoreReport(period: period.description, evaluatedAt: evaluatedAt, officers: rows, units: units.map(UnitRow.init)), note)
    }

    /// One officer's score with its explanation.
    public func explain(officer: String, period: Period, at time: Timestamp) throws -> OfficerScore {
        let directory = try store.directory()
        let identity = officerKey(for: officer, directory: directory)
        let tasks = try store.tasksByOfficer()[identity] ?? []
        let assessment = try store.assessments(period: period.description)[identity]
        if tasks.isEmpty && assessment == nil { throw AppError("no task or assessment names officer '\(identity)'") }
        return scoreBook.score(officer: identity, period: period, tasks: tasks, assessment: assessment, at: time, directory: directory)
    }

    /// The scoring key for what a user typed: a directory officer id, `namespace:account`, or an e-mail.
    public func officerKey(for text: String, directory: Directory) -> String {
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
