import Foundation

/// Which conflicts of the reconciliation queue to list: of one kind, state or agency, each when given.
public struct ConflictFilter: Sendable, Hashable {
    public var kind: Conflict.Kind?
    public var state: Conflict.State?
    public var agency: String?

    public init(kind: Conflict.Kind? = nil, state: Conflict.State? = nil, agency: String? = nil) {
        self.kind = kind
        self.state = state
        self.agency = agency
    }

    /// True when `conflict` is one the filter lists.
    public func matches(_ conflict: Conflict) -> Bool {
        (kind == nil || conflict.kind == kind) && (state == nil || conflict.state == state) && (agency == nil || conflict.agency == agency)
    }
}
