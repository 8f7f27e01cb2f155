import BridgeModel

/// Which tasks to list.
public struct TaskFilter: Sendable, Hashable {
    public var officer: String?
    public var agency: String?
    public var status: TaskStatus?
    public var block: Block?
    /// Only tasks naming someone the directory does not resolve (the raw account or name is kept).
    public var unresolvedOnly: Bool

    /// `officer` is a scoring key: a directory officer id, or `namespace:account` while unresolved.
    public init(officer: String? = nil, agency: String? = nil, status: TaskStatus? = nil, block: Block? = nil, unresolvedOnly: Bool = false) {
        self.officer = officer
        self.agency = agency
        self.status = status
        self.block = block
        self.unresolvedOnly = unresolvedOnly
    }
}
