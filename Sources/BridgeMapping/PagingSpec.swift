import BridgeModel
import Foundation

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
        /// `?offset=N&limit=M`, N growing by a step, until a page has no items or the total is reached.
        case offset
    }

    /// Page and offset styles walk numbered positions; cursor and next styles follow what each answer says.
    public var isNumbered: Bool { style == .page || style == .offset }

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
    /// Offset style: the offset parameter, where it starts and how much it grows per page; the limit parameter and
    /// value.
    public var offsetParam: String?
    public var offsetStart = 0
    public var offsetStep = 0
    public var limitParam: String?
    public var limit: Int?
    /// Cursor and next styles: a response header that holds the next cursor or link instead of the body (`Link`
    /// is read as RFC 8288: the URL with `rel="next"`).
    public var fromHeader: String?
    /// Page and offset styles: the total number of items, from the body or a header (`X-Total-Count`); the walk
    /// ends when as many items were read, without fetching an empty page.
    var totalPath: SourcePath?
    public var totalHeader: String?
    /// The zone a pattern without one is written in (the mapping's `zone`).
    public var sinceOffsetSeconds: Int = 7 * 3600

    /// The next cursor or link in a page (its body, or the header named), if any.
    public func nextToken(in document: SourceDocument, header: (String) -> String? = { _ in nil }) -> String? {
        if let name = fromHeader {
            guard let value = header(name), !value.isEmpty else { return nil }
            return name.lowercased() == "link" ? Self.nextLink(value) : value
        }
        guard let from else { return nil }
        let context = PathContext(root: document.root, format: document.format)
        return from.evaluate(in: context).lazy.compactMap(\.text).first { !$0.isEmpty }
    }

    /// The total number of items the source says it has, from the body or the header named.
    public func total(in document: SourceDocument, header: (String) -> String? = { _ in nil }) -> Int? {
        if let name = totalHeader { return header(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        guard let totalPath else { return nil }
        let context = PathContext(root: document.root, format: document.format)
        return totalPath.evaluate(in: context).lazy.compactMap(\.text).compactMap { Int($0) }.first
    }

    /// The URL of `rel="next"` in an RFC 8288 `Link` header: `<https://…?page=3>; rel="next", <…>; rel="last"`.
    static func nextLink(_ header: String) -> String? {
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = pieces.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = pieces.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return pair.count == 2 && pair[0].lowercased() == "rel"
                    && pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: " ").contains("next")
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
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
