import BridgeModel

/// The one-stop centre's working lists beside its counts: the dossiers whose due comes within a window (to act on
/// today), and the apology register (every appointment reset with an apology).
public enum ServiceLists {
    /// A dossier due soon: its code, unit, due and how many hours are left.
    public struct DueSoon: Sendable, Hashable, Codable {
        public let code: String
        public let unit: String?
        public let procedure: String?
        public let due: Timestamp
        /// Whole hours left, rounded down (0 in the last hour).
        public let hoursLeft: Int
        /// The officer holding its current step, when the log names one.
        public let holder: String?
    }

    /// One apology: the dossier, the appointment it replaced and the new one.
    public struct Apology: Sendable, Hashable, Codable {
        public let code: String
        public let unit: String?
        public let previous: Timestamp
        public let new: Timestamp
    }

    /// The running dossiers whose due (`verdict`'s: the appointment in force or the statutory deadline) falls
    /// within `hours` after `time`, soonest first. Overdue ones are not here: the report counts them.
    public static func dueSoon(_ dossiers: [Dossier], at time: Timestamp, within hours: Int = 24, settings: ServiceSettings) -> [DueSoon] {
        let horizon = Timestamp(millis: time.millis + Int64(hours) * 3_600_000)
        return dossiers.compactMap { dossier -> DueSoon? in
            let verdict = dossier.verdict(at: time, settings: settings)
            guard verdict.outcome == .inProgress, let due = verdict.due, due >= time, due <= horizon else { return nil }
            return DueSoon(
                code: dossier.code, unit: dossier.unit, procedure: dossier.procedureName ?? dossier.procedure, due: due,
                hoursLeft: Int((due.millis - time.millis) / 3_600_000), holder: dossier.steps.last?.officer)
        }.sorted { ($0.due, $0.code) < ($1.due, $1.code) }
    }

    /// Every reset with an apology of the dossiers in the agency's hands during [from, to] (`ServiceReport.inPeriod`;
    /// the one-stop systems give no time for the reset itself), each with the appointment it replaced, by unit,
    /// then dossier, then new appointment.
    public static func apologies(_ dossiers: [Dossier], from: Timestamp, to: Timestamp) -> [Apology] {
        dossiers.flatMap { dossier in
            zip(dossier.appointments, dossier.appointments.dropFirst()).compactMap { previous, new -> Apology? in
                guard new.apology, ServiceReport.inPeriod(dossier, from: from, to: to) else { return nil }
                return Apology(code: dossier.code, unit: dossier.unit, previous: previous.at, new: new.at)
            }
        }.sorted { ($0.unit ?? "", $0.code, $0.new) < ($1.unit ?? "", $1.code, $1.new) }
    }
}
