import BridgeModel

/// Whether a dossier was handled on time, by Decision 766/QĐ-TTg's rule for the on-time index (docs/services.md),
/// with the instants it compared and why, in one line.
public struct DossierVerdict: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Ended (or asked for a supplement once) by its appointment.
        case onTime
        /// Ended after its appointment, or asked for more than one supplement.
        case late
        /// Not ended, and its appointment has not passed.
        case inProgress
        /// Not ended, and its appointment has passed: late if the period ended now.
        case overdue
        /// Withdrawn by the applicant (status 7): not counted.
        case withdrawn
        /// Not received yet (status 1): not counted.
        case notReceived
        /// No appointment and no statutory duration to compare with: listed, not counted, so the input is fixed.
        case unjudged
    }

    public let outcome: Outcome
    /// The end of the agency's time: processing ended, the one supplement request, or nil (judged at `at`).
    public let end: Timestamp?
    /// What the end was compared with: the appointment in force, or the statutory duration's deadline.
    public let due: Timestamp?
    public let reason: String

    /// True for the outcomes the on-time rate counts (on time, late and overdue).
    public var counted: Bool { [.onTime, .late, .overdue].contains(outcome) }
}

extension Dossier {
    /// Decision 766's on-time rule, judged at `time` (a period's end, or now) — the one home of the rule that the
    /// report, the API and the web pages all use:
    /// 1. a withdrawn dossier (7) is out, and so is one not received;
    /// 2. more than one supplement request makes it late;
    /// 3. one supplement request ends the agency's clock at that request (the citizen's time is not the agency's);
    /// 4. otherwise the clock ends when processing ended (finished, returned, stopped or refused);
    /// 5. that end is compared with the appointment in force — the first, or with `apologyKeepsOnTime` the
    ///    latest made with an apology — or, with no appointment, with the statutory duration from reception;
    /// 6. a dossier not ended by `time` is judged at `time`: in progress before its due, overdue after.
    public func verdict(at time: Timestamp, settings: ServiceSettings) -> DossierVerdict {
        if status == .withdrawn { return DossierVerdict(outcome: .withdrawn, end: nil, due: nil, reason: "withdrawn by the applicant (status 7): not counted") }
        guard let receivedAt, status != .submitted else {
            return DossierVerdict(outcome: .notReceived, end: nil, due: nil, reason: "not received yet: not counted")
        }
        let requests = supplements.filter { $0.requestedAt <= time }
        if requests.count > 1 {
            return DossierVerdict(
                outcome: .late, end: requests[1].requestedAt, due: appointment(settings)?.at,
                reason: "\(requests.count) supplement requests: more than one makes the dossier late")
        }
        if status.ended && end == nil {
            return DossierVerdict(
                outcome: .unjudged, end: nil, due: nil, reason: "status \(status.rawValue) ends processing but no end time (NgayKetThucXuLy, NgayTra) is given")
        }
        guard let due = dueAt(receivedAt, settings) else {
            return DossierVerdict(outcome: .unjudged, end: nil, due: nil, reason: "no appointment and no statutory duration to compare with")
        }
        let dueText = due.source == .appointment ? "appointment \(due.at)" : "statutory deadline \(due.at)"
        if let request = requests.first {
            let onTime = settings.noLater(request.requestedAt, than: due.at)
            return DossierVerdict(
                outcome: onTime ? .onTime : .late, end: request.requestedAt, due: due.at,
                reason: "one supplement request at \(request.requestedAt) ends the agency's time; \(onTime ? "by" : "after") its \(dueText)")
        }
        if let end, end <= time {
            let onTime = settings.noLater(end, than: due.at)
            return DossierVerdict(
                outcome: onTime ? .onTime : .late, end: end, due: due.at,
                reason: "\(status == .stopped || status == .refused ? "stopped" : "processed") at \(end); \(onTime ? "by" : "after") its \(dueText)")
        }
        let running = settings.noLater(time, than: due.at)
        return DossierVerdict(
            outcome: running ? .inProgress : .overdue, end: nil, due: due.at,
            reason: "not ended at \(time); \(running ? "its \(dueText) has not passed" : "its \(dueText) has passed")")
    }

    /// The appointment the dossier is judged against (see `verdict`).
    func appointment(_ settings: ServiceSettings) -> Appointment? {
        if settings.apologyKeepsOnTime, let apologised = appointments.last(where: \.apology) { return apologised }
        return appointments.first
    }

    /// Where a due time came from.
    enum DueSource { case appointment, statute }

    /// The due time: the appointment in force, else reception plus the statutory duration.
    func dueAt(_ receivedAt: Timestamp, _ settings: ServiceSettings) -> (at: Timestamp, source: DueSource)? {
        if let appointment = appointment(settings) { return (appointment.at, .appointment) }
        guard let duration = statutoryDuration, duration.amount >= 0 else { return nil }
        switch duration.unit {
        case .hours: return (Timestamp(millis: receivedAt.millis + Int64(duration.amount) * 3_600_000), .statute)
        case .days: return (Timestamp(millis: receivedAt.millis + Int64(duration.amount) * 86_400_000), .statute)
        case .workingDays:
            // The same time of day on the Nth working day after the day of reception.
            var day = receivedAt.day()
            var left = duration.amount
            while left > 0 {
                day = CalendarDay(daysSinceEpoch: day.daysSinceEpoch + 1)
                if settings.isWorkingDay(day) { left -= 1 }
            }
            let shift = Int64(day.daysSinceEpoch - receivedAt.day().daysSinceEpoch) * 86_400_000
            return (Timestamp(millis: receivedAt.millis + shift), .statute)
        }
    }
}
