import BridgeModel

/// The one-stop centre's figures for a period (`services report`, `/api/v1/services`, the web page): per unit,
/// per procedure and in total — dossiers, on time, late, in progress, overdue, supplements, withdrawn,
/// apologies, the on-time rate against the target — and per officer, the steps held, late and the days over.
public struct ServiceReport: Sendable, Hashable, Codable {
    /// The counts of a set of dossiers.
    public struct Counts: Sendable, Hashable, Codable {
        /// Dossiers in the agency's hands during the period (received by its end, not ended before its start).
        public var dossiers = 0
        /// Received within the period.
        public var received = 0
        /// Processing ended within the period.
        public var finished = 0
        public var onTime = 0
        public var late = 0
        public var inProgress = 0
        /// Not ended at the period's end and past their due: counted as late in the rate.
        public var overdue = 0
        /// Dossiers with at least one supplement request.
        public var supplements = 0
        public var withdrawn = 0
        /// Dossiers whose appointment was reset with an apology.
        public var apologies = 0
        /// Dossiers that could not be judged (no appointment, no statutory duration): fix their input.
        public var unjudged = 0

        public init() {}

        /// On time ÷ (on time + late + overdue); nil when none is counted.
        public var onTimeRate: Double? {
            let counted = onTime + late + overdue
            return counted == 0 ? nil : Double(onTime) / Double(counted)
        }

        mutating func add(_ dossier: Dossier, _ verdict: DossierVerdict, from: Timestamp, to: Timestamp) {
            dossiers += 1
            if let at = dossier.receivedAt, at >= from, at <= to { received += 1 }
            if let end = dossier.end, end >= from, end <= to { finished += 1 }
            switch verdict.outcome {
            case .onTime: onTime += 1
            case .late: late += 1
            case .inProgress: inProgress += 1
            case .overdue: overdue += 1
            case .withdrawn: withdrawn += 1
            case .unjudged: unjudged += 1
            case .notReceived: break
            }
            if !dossier.supplements.isEmpty { supplements += 1 }
            if dossier.appointments.contains(where: \.apology) { apologies += 1 }
        }
    }

    /// One row: a unit or a procedure, its counts, its rate and whether it is below the target.
    public struct Row: Sendable, Hashable, Codable {
        public let name: String
        public let counts: Counts
        public let onTimeRate: Double?
        public let belowTarget: Bool
    }

    /// One officer's dossier steps in the period.
    public struct OfficerSteps: Sendable, Hashable, Codable {
        public let officer: String
        public var steps: Int
        public var lateSteps: Int
        public var daysOver: Int
    }

    public let from: Timestamp
    public let to: Timestamp
    public let target: Double
    public let total: Row
    public let units: [Row]
    public let procedures: [Row]
    public let officers: [OfficerSteps]

    /// True when `dossier` was in the agency's hands during [from, to]: received by `to` and not ended before
    /// `from`. A withdrawn dossier counts where it would have (to be shown as withdrawn).
    public static func inPeriod(_ dossier: Dossier, from: Timestamp, to: Timestamp) -> Bool {
        guard let received = dossier.receivedAt, received <= to else { return false }
        return (dossier.end ?? to) >= from
    }

    /// The report over `dossiers`, each judged at `to` (the period's end, or now for a running period).
    public init(_ dossiers: [Dossier], from: Timestamp, to: Timestamp, settings: ServiceSettings) {
        var total = Counts()
        var units: [String: Counts] = [:]
        var procedures: [String: Counts] = [:]
        var officers: [String: OfficerSteps] = [:]
        for dossier in dossiers where Self.inPeriod(dossier, from: from, to: to) {
            let verdict = dossier.verdict(at: to, settings: settings)
            total.add(dossier, verdict, from: from, to: to)
            units[dossier.unit ?? "", default: Counts()].add(dossier, verdict, from: from, to: to)
            procedures[dossier.procedure ?? "", default: Counts()].add(dossier, verdict, from: from, to: to)
            for step in dossier.stepLateness(at: to, settings: settings) {
                var row = officers[step.officer] ?? OfficerSteps(officer: step.officer, steps: 0, lateSteps: 0, daysOver: 0)
                row.steps += 1
                if step.late { row.lateSteps += 1 }
                row.daysOver += step.daysOver
                officers[step.officer] = row
            }
        }
        func row(_ name: String, _ counts: Counts) -> Row {
            Row(name: name, counts: counts, onTimeRate: counts.onTimeRate, belowTarget: (counts.onTimeRate ?? 1) < settings.target)
        }
        self.from = from
        self.to = to
        target = settings.target
        self.total = row("", total)
        self.units = units.sorted { $0.key < $1.key }.map { row($0.key, $0.value) }
        self.procedures = procedures.sorted { $0.key < $1.key }.map { row($0.key, $0.value) }
        self.officers = officers.values.sorted { ($0.daysOver, $0.lateSteps, $1.officer) > ($1.daysOver, $1.lateSteps, $0.officer) }
    }
}
