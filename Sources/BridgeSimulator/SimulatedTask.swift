import BridgeModel

/// One piece of work in one simulated system, in the simulator's own terms; each system renders it its own way.
public struct SimulatedTask: Sendable, Hashable {
    /// Where it lives.
    public enum System: String, Sendable, Hashable, CaseIterable {
        case hub, ioffice, party, mass
    }

    /// Progress, in the simulator's terms (each system has its own words for these).
    public enum Progress: Int, Sendable, Hashable, Comparable {
        /// `returned`: sent back for rework after completion; it completes again later.
        case received, assigned, inProgress, returned, completed, cancelled
        public static func < (a: Progress, b: Progress) -> Bool { a.rawValue < b.rawValue }
    }

    public internal(set) var system: System
    /// The system's own id (a DocumentId for the hub).
    public internal(set) var id: String
    public let title: String
    public internal(set) var handler: SimulatedOfficer
    public let coordinators: [SimulatedOfficer]
    /// Number/notation and type of the underlying document (hub and E-Office).
    public let number: Int
    public let notation: String
    public let documentType: String
    public let promulgated: CalendarDay
    public var due: CalendarDay
    /// Earlier deadlines, before extensions (oldest first).
    public var earlierDues: [CalendarDay] = []
    /// The earlier deadlines replaced while the simulator ran (`--evolve`): a system that serves only the current
    /// deadline (iOffice's copy of a hub document) showed each of them to a bridge polling it, which keeps them.
    public var replacedWhileServed: [CalendarDay] = []
    /// When the work was sent back (trả lại), each a distinct return event.
    public var returns: [Timestamp] = []
    /// When each extension was announced (the hub sends an update document for it).
    public var extendedAt: [Timestamp] = []
    /// Party tasks carry a time of day on their deadline.
    public let dueTime: Timestamp
    public var progress: Progress
    /// When each step happened.
    public var assignedAt: Timestamp
    public var startedAt: Timestamp
    public var completedAt: Timestamp
    public var updatedAt: Timestamp
    /// A Party task that follows up an E-Office dispatch names it (its number/notation and date).
    public var cites = false
}
