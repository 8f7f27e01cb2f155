/// An officer's dispute of one of their tasks (docs/reconciliation.md, "Disputes"): what they say is wrong, why,
/// and the evidence; a fact. It joins the admins' queue as a conflict of its own kind; an admin of the task's
/// agency accepts it — the decisions it asks for are recorded, and the syncs respect them — or rejects it.
public struct Dispute: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The task is not theirs: an admin names whose it is.
        case notMine = "not-mine"
        /// The deadline was extended on paper: the new deadline.
        case deadlineExtended = "deadline-extended"
        /// The task was completed on a day the systems do not show.
        case completedOn = "completed-on"
        /// The product type is wrong: the right one.
        case wrongProductType = "wrong-product-type"
        /// The task is the same work as another task: it should be counted once.
        case countedTwice = "counted-twice"
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case open, accepted, rejected
    }

    /// A file the officer gave as evidence, kept by its SHA-256 with the raw payloads.
    public struct Evidence: Sendable, Hashable, Codable {
        public let hash: String
        public let name: String
        public let size: Int

        public init(hash: String, name: String, size: Int) {
            self.hash = hash
            self.name = name
            self.size = size
        }
    }

    public var id: Int64
    /// The directory officer who raised it.
    public var officer: String
    public var task: TaskKey
    public var kind: Kind
    /// What the officer says is right: a day (`YYYY-MM-DD`), a product type, another task's key; nil for not-mine.
    public var value: String?
    public var reason: String
    /// A document number given as evidence.
    public var document: String?
    public var evidence: Evidence?
    public var raisedAt: Timestamp
    public var state: State
    public var decidedAt: Timestamp?
    public var decidedBy: String?
    public var decisionReason: String?
    /// What was applied on acceptance (for not-mine, the officer the admin named).
    public var decidedValue: String?
    /// The task's agency when read (not stored with the dispute).
    public var agency: String?

    public init(
        id: Int64 = 0, officer: String, task: TaskKey, kind: Kind, value: String?, reason: String, document: String? = nil, evidence: Evidence? = nil,
        raisedAt: Timestamp, state: State = .open, decidedAt: Timestamp? = nil, decidedBy: String? = nil, decisionReason: String? = nil,
        decidedValue: String? = nil, agency: String? = nil
    ) {
        self.id = id
        self.officer = officer
        self.task = task
        self.kind = kind
        self.value = value
        self.reason = reason
        self.document = document
        self.evidence = evidence
        self.raisedAt = raisedAt
        self.state = state
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.decisionReason = decisionReason
        self.decidedValue = decidedValue
        self.agency = agency
    }

    /// The conflict's subject in the queue: `dispute:ID`.
    public var subject: String { "dispute:\(id)" }
}
