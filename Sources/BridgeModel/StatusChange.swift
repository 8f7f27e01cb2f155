/// A status that a source record reports, ranked on its source's own scale.
public struct StatusChange: Hashable, Codable, Sendable {
    /// The source's own word or code, e.g. `04`.
    public var code: String
    /// The unified status, or nil for a status that is recorded without changing the task (edXML 13, 16).
    public var status: TaskStatus?
    /// Position on the source's scale: a later record with a lower rank does not move a task back.
    public var rank: Int
    /// True for statuses that may move a task back (e.g. "returned").
    public var reopens: Bool

    public init(code: String, status: TaskStatus?, rank: Int, reopens: Bool = false) {
        self.code = code
        self.status = status
        self.rank = rank
        self.reopens = reopens
    }
}
