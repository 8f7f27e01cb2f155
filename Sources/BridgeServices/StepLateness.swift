import BridgeModel

/// How one step of a dossier ended against its own deadline: the late step is charged to the officer who held
/// it, with the days it ran over.
public struct StepLateness: Sendable, Hashable, Codable {
    /// The step's place in the log, from 1.
    public let step: Int
    public let officer: String
    public let deadline: Timestamp?
    /// When the step ended: the next step's start, or the dossier's end for the last one; nil while it runs.
    public let endedAt: Timestamp?
    public let late: Bool
    /// Days past the deadline (counted to `at` while the step runs).
    public let daysOver: Int
}

extension Dossier {
    /// Each step's lateness at `time`: a step ends when the next one starts, the last when the dossier's
    /// processing ends; one that has not ended by `time` is judged at `time`. A step without a deadline is never
    /// late. A step still held when the applicant withdrew the dossier is no one's work (its task is cancelled):
    /// it is left out.
    public func stepLateness(at time: Timestamp, settings: ServiceSettings) -> [StepLateness] {
        steps.enumerated().compactMap { index, step in
            let next = index + 1 < steps.count ? steps[index + 1].startedAt : end
            let endedAt = next.flatMap { $0 <= time ? $0 : nil }
            if endedAt == nil && status == .withdrawn { return nil }
            let over = step.deadline.map { settings.noLater(endedAt ?? time, than: $0) ? 0 : max(1, settings.daysOver(endedAt ?? time, $0)) } ?? 0
            return StepLateness(step: index + 1, officer: step.officer, deadline: step.deadline, endedAt: endedAt, late: over > 0, daysOver: over)
        }
    }
}
