import BridgeModel

/// How to page through a JSON source, as its mapping declares it (`paging:`).
public struct PagingSpec: Sendable {
    /// How the next page is found.
    public enum Style: String, Sendable {
        /// `?page=N&size=M`, until a page has no items.
        case page
        /// A cursor token read from each answer, sent back as a parameter.
        case cursor
        /// A next link read from each answer.
        case next
    }

    public let style: Style
    /// `GET`, or `POST` with form-encoded parameters.
    public let method: String
    /// Path of the first request, relative to the source's base URL.
    public let path: String
    /// Constant parameters sent with every request.
    public let params: [(name: String, value: String)]
    /// Page style: parameter name, first page number, and the page-size parameter and value.
    public let pageParam: String?
    public let firstPage: Int
    public let sizeParam: String?
    public let size: Int?
    /// Cursor style: the parameter that carries the cursor.
    public let cursorParam: String?
    /// Cursor and next styles: where the answer holds the next cursor or link.
    let from: SourcePath?
    /// Updated-since, in addition to any style: the parameter, each item's update time, how to send the
    /// bound (`iso8601` or `epoch-ms`), and the overlap (lookback) window in seconds.
    public let sinceParam: String?
    let itemTime: ValueExpression?
    public let sinceFormat: String
    public let overlapSeconds: Int
    /// The zone a pattern without one is written in (the mapping's `zone`).
    public var sinceOffsetSeconds: Int = 7 * 3600

    /// The next cursor or link in a page, if any.
    public func nextToken(in document: SourceDocument) -> String? {
        guard let from else { return nil }
        let context = PathContext(root: document.root, format: document.format)
        return from.evaluate(in: context).lazy.compactMap(\.text).first { !$0.isEmpty }
    }

    /// The latest item update time in a page (for updated-since), using the mapping's `items` path.
    public func latestItemTime(in document: SourceDocument, items: [SourceNode]) -> Timestamp? {
        guard let itemTime else { return nil }
        var latest: Timestamp?
        for item in items {
            var context = PathContext(root: document.root, format: document.format)
            context.current = item
            if let time = try? itemTime.time(in: context), latest.map({ time > $0 }) ?? true { latest = time }
        }
        return latest
    }

    /// The bound to send for updated-since: `time` minus the overlap, in the source's format.
    public func sinceValue(after time: Timestamp) -> String {
        let bound = Timestamp(millis: time.millis - Int64(overlapSeconds) * 1000)
        guard let pattern = try? DatePatternParser(pattern: sinceFormat) else { return bound.description }
        return pattern.format(bound, offsetSeconds: sinceOffsetSeconds)
    }
}

extension MappingSpec {
    /// The records of a page: the nodes at `items`, or the whole payload.
    public func items(in document: SourceDocument) -> [SourceNode] {
        let context = PathContext(root: document.root, format: document.format)
        guard let items else { return [document.root] }
        return items.evaluate(in: context).compactMap(\.node)
    }
}
