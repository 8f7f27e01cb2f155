import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeServices

/// What the one-stop centre reads for a period (`services report`, `/api/v1/services`, the web page): the
/// report's counts, the dossiers due within a day and the apology register — one value, so the command, the API
/// and the page show the same numbers (docs/services.md gives every field).
public struct ServiceOverview: Sendable, Codable {
    public let period: String
    /// When the dossiers were judged: the period's end, or now while the period runs.
    public let judgedAt: Timestamp
    public let report: ServiceReport
    /// Running dossiers due within `dueWithinHours` of `judgedAt`, soonest first.
    public let dueSoon: [ServiceLists.DueSoon]
    public let dueWithinHours: Int
    public let apologies: [ServiceLists.Apology]
}

extension Bridge {
    /// The one-stop centre's figures for `period` over the dossiers of `agencies` (nil: all), judged at the
    /// period's end or at `now` while it runs; each step's officer named as the directory knows them.
    public func serviceOverview(period: Period, agencies: Set<String>? = nil, at now: Timestamp, dueWithinHours: Int = 24) throws -> ServiceOverview {
        let to = min(now, Timestamp(millis: period.end.millis - 1))
        let settings = configuration.services
        let dossiers = try self.dossiers(from: period.start, to: to, agencies: agencies)
        return ServiceOverview(
            period: period.description, judgedAt: to, report: ServiceReport(dossiers, from: period.start, to: to, settings: settings),
            dueSoon: ServiceLists.dueSoon(dossiers, at: to, within: dueWithinHours, settings: settings), dueWithinHours: dueWithinHours,
            apologies: ServiceLists.apologies(dossiers, from: period.start, to: to))
    }

    /// The dossiers in the agencies' hands during [from, to], with each step's officer resolved through the
    /// directory (`motcua:MC-0002` becomes the directory's officer when an account links them).
    public func dossiers(from: Timestamp, to: Timestamp, agencies: Set<String>? = nil) throws -> [Dossier] {
        let directory = try store.directory.current()
        return try store.dossiers.dossiers(from: from, to: to, agencies: agencies).map { dossier in
            var dossier = dossier
            dossier.steps = dossier.steps.map { step in
                var step = step
                step.officer = Self.officer(step.officer, directory: directory, agency: dossier.agency)
                return step
            }
            return dossier
        }
    }

    /// A step's `namespace:id` as the directory's officer, when an account links them; else as written.
    static func officer(_ account: String, directory: Directory, agency: String?) -> String {
        guard let colon = account.firstIndex(of: ":") else { return account }
        let person = PersonRef(namespace: String(account[..<colon]), id: String(account[account.index(after: colon)...]), name: nil)
        return directory.resolve(person, agency: agency) ?? account
    }
}

/// One dossier step an officer held in a period, as their page shows it beside their tasks.
public struct OfficerStep: Sendable, Codable {
    public let dossier: String
    public let procedure: String?
    public let step: Int
    public let content: String?
    public let startedAt: Timestamp
    public let deadline: Timestamp?
    public let endedAt: Timestamp?
    public let late: Bool
    public let daysOver: Int
}

extension Bridge {
    /// The dossier steps `officer` (a directory officer, or a step's `namespace:id`) held in `period`, judged at
    /// the period's end or now while it runs, in the order they started.
    public func steps(of officer: String, period: Period, at now: Timestamp) throws -> [OfficerStep] {
        let to = min(now, Timestamp(millis: period.end.millis - 1))
        return try dossiers(from: period.start, to: to).flatMap { dossier in
            dossier.stepLateness(at: to, settings: configuration.services).compactMap { judged -> OfficerStep? in
                let step = dossier.steps[judged.step - 1]
                guard step.officer == officer, step.startedAt <= to else { return nil }
                return OfficerStep(
                    dossier: dossier.code, procedure: dossier.procedureName ?? dossier.procedure, step: judged.step, content: step.content,
                    startedAt: step.startedAt, deadline: step.deadline, endedAt: judged.endedAt, late: judged.late, daysOver: judged.daysOver)
            }
        }.sorted { ($0.startedAt, $0.dossier) < ($1.startedAt, $1.dossier) }
    }
}
