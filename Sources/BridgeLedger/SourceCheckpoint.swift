/// Where a source's polling stands: committed in the same transaction as the records it covers, so a crash at
/// any instant resumes from a point that skips nothing.
public struct SourceCheckpoint: Sendable, Hashable, Codable {
    /// The source's own resume token: a cursor, a next link, or an updated-since time; nil to start over.
    public var cursor: String?
    /// The updated-since lower bound for the next pass (already minus the overlap window), as the source writes it.
    public var since: String?
    /// Validators for conditional requests, by request URL: ETag and Last-Modified.
    public var etags: [String: String]
    public var lastModified: [String: String]
    /// How many items each page URL held when last fetched, so a 304 page can still say whether to go on.
    public var items: [String: Int]

    public init(
        cursor: String? = nil, since: String? = nil, etags: [String: String] = [:], lastModified: [String: String] = [:],
        items: [String: Int] = [:]
    ) {
        self.cursor = cursor
        self.since = since
        self.etags = etags
        self.lastModified = lastModified
        self.items = items
    }
}
