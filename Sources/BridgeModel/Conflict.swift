/// One item of the reconciliation queue (docs/reconciliation.md): something the systems disagree on, or might,
/// that an admin should decide. A projection: rebuilt from the facts and the decisions, with an id that stays
/// the same across rebuilds.
public struct Conflict: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Two records of different systems that may be the same work (a near match): never merged without a decision.
        case candidate
        /// Linked records disagree on a field the KPI uses.
        case disagreement
        /// An override whose sources have changed since the admin set it.
        case override
        /// An account no directory officer holds, named by tasks.
        case person
        /// A record the ledger holds that its source no longer lists (`kpibridge audit-source`).
        case missing
        /// An officer says one of their tasks is wrong (`Dispute`): accepted, the decisions it asks for are
        /// recorded; rejected, nothing changes.
        case dispute
    }

    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for a decision.
        case open
        /// Decided; the evidence is what it was when decided.
        case resolved
        /// Decided, but the sources changed since: the decision still applies and an admin should look again.
        case reopened
    }

    /// One source's side of a conflict.
    public struct Side: Hashable, Codable, Sendable {
        public var task: TaskKey
        public var source: String
        /// The value this side gives the field (a candidate: the document code and title it shows).
        public var value: String
        /// The records, with their payload hashes, that gave it.
        public var records: [RecordRef]

        public init(task: TaskKey, source: String, value: String, records: [RecordRef]) {
            self.task = task
            self.source = source
            self.value = value
            self.records = records
        }
    }

    public var id: String
    public var kind: Kind
    public var state: State
    /// The task the conflict is about (a unit's primary; a candidate's first task; a person: nil).
    public var task: TaskKey?
    /// A candidate's second task.
    public var other: TaskKey?
    /// The field (disagreement, override), the account (person), or why a candidate may be the same work
    /// (`code`, `document`, `title`, `duplicate`).
    public var subject: String?
    /// The match key a candidate's pair shares (docs/reconciliation.md).
    public var key: String?
    public var agency: String?
    public var sides: [Side]
    /// What the queue says about it, e.g. `same code 170UBNDVP at 000.00.12.H34, notation spelled differently`.
    public var note: String
    /// The decision that settles it (resolved) or settled it (reopened).
    public var decision: Int?

    public init(
        kind: Kind, state: State, task: TaskKey?, other: TaskKey? = nil, subject: String? = nil, key: String? = nil, agency: String?,
        sides: [Side], note: String, decision: Int? = nil
    ) {
        self.key = key
        self.kind = kind
        self.state = state
        self.task = task
        self.other = other
        self.subject = subject
        self.agency = agency
        self.sides = sides
        self.note = note
        self.decision = decision
        id = Self.id(kind: kind, task: task, other: other, subject: subject)
    }

    /// A short id that names the conflict's kind and subject, the same in every rebuild: `C` and eight letters
    /// and digits of a 64-bit FNV-1a hash (without 0/O and 1/I, so it can be read out on the phone).
    public static func id(kind: Kind, task: TaskKey?, other: TaskKey?, subject: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(kind.rawValue)|\(task?.rawValue ?? "")|\(other?.rawValue ?? "")|\(subject ?? "")".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        var out = "C"
        for _ in 0..<8 {
            out.append(alphabet[Int(hash & 31)])
            hash >>= 5
        }
        return out
    }
}
