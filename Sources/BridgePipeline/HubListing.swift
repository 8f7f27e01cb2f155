/// How a hub pages its list of received messages, as the configuration declares it (`listing:` of an
/// `edxml-hub` source). Without it the hub is read as one list that acknowledged messages drop off; with it
/// the bridge walks the list by cursor, keeps the cursor in the source's checkpoint (committed with the messages
/// it covers), and never reports a pass complete while the hub says there is more.
public struct HubListing: Sendable, Hashable {
    /// The parameter that carries the page size, and the size asked for.
    public var limitParam: String?
    public var limit: Int
    /// The parameter that carries the cursor back to the hub, and the field of the answer that holds the next one.
    public var cursorParam: String
    public var cursorField: String
    /// The field of the answer that says whether more messages follow (true/false); absent means no more.
    public var hasMoreField: String?

    public init(limitParam: String? = "limit", limit: Int = 100, cursorParam: String, cursorField: String, hasMoreField: String? = "hasMore") {
        self.limitParam = limitParam
        self.limit = limit
        self.cursorParam = cursorParam
        self.cursorField = cursorField
        self.hasMoreField = hasMoreField
    }
}
