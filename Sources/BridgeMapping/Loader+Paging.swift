import BridgeModel

extension Loader {
    func paging(_ node: YAMLNode) throws -> PagingSpec {
        _ = try node.entries(allowed: ["style", "method", "path", "params", "page", "offset", "cursor", "next", "since", "total"])
        let styleNode = try node.required("style")
        guard let style = PagingSpec.Style(rawValue: try styleNode.string()) else {
            throw styleNode.error("style '\(try styleNode.string())' is not page, offset, cursor or next")
        }
        var fromHeader: String?
        var offset: (param: String, start: Int, step: Int, limitParam: String?, limit: Int?)?
        let method = try node.optional("method")?.string().uppercased() ?? "GET"
        guard method == "GET" || method == "POST" else { throw try node.required("method").error("method is GET or POST") }
        let params = try node.optional("params")?.entries().map { (name: $0.key, value: try $0.value.string()) } ?? []
        var pageParam: String?, firstPage = 1, sizeParam: String?, size: Int?
        var cursorParam: String?, from: SourcePath?
        switch style {
        case .page:
            let page = try node.required("page")
            _ = try page.entries(allowed: ["param", "first", "sizeParam", "size"])
            pageParam = try page.required("param").string()
            firstPage = try page.optional("first")?.int() ?? 1
            sizeParam = try page.optional("sizeParam")?.string()
            size = try page.optional("size")?.int()
        case .offset:
            let node = try node.required("offset")
            _ = try node.entries(allowed: ["param", "start", "step", "limitParam", "limit"])
            let limit = try node.optional("limit")?.int()
            let step = try node.optional("step")?.int() ?? limit ?? 0
            guard step > 0 else { throw node.error("offset needs a step (or a limit, which is the step by default)") }
            offset = (try node.required("param").string(), try node.optional("start")?.int() ?? 0, step,
                      try node.optional("limitParam")?.string(), limit)
            firstPage = 0
        case .cursor:
            let cursor = try node.required("cursor")
            _ = try cursor.entries(allowed: ["param", "from", "header"])
            cursorParam = try cursor.required("param").string()
            (from, fromHeader) = try origin(cursor)
        case .next:
            let next = try node.required("next")
            _ = try next.entries(allowed: ["from", "header"])
            (from, fromHeader) = try origin(next)
        }
        var totalPath: SourcePath?, totalHeader: String?
        if let total = try node.optional("total") {
            guard style == .page || style == .offset else { throw total.error("total ends page and offset walks; cursor and next styles end when no next is given") }
            _ = try total.entries(allowed: ["from", "header"])
            (totalPath, totalHeader) = try origin(total)
        }
        var sinceParam: String?, itemTime: ValueExpression?, sinceFormat = "iso8601", overlap = 0
        if let since = try node.optional("since") {
            _ = try since.entries(allowed: ["param", "time", "send", "overlap"])
            sinceParam = try since.required("param").string()
            let timeNode = try since.required("time")
            itemTime = try expression(timeNode)
            if itemTime!.dates.isEmpty { throw timeNode.error("time needs a date format (date: …)") }
            sinceFormat = try since.optional("send")?.string() ?? "iso8601"
            do {
                _ = try DatePatternParser(pattern: sinceFormat)
            } catch {
                throw try since.required("send").error("send is iso8601, epoch-ms, epoch-s or a date pattern such as dd-MM-yyyy HH:mm (\(error))")
            }
            overlap = try since.optional("overlap")?.int() ?? 0
        }
        var spec = PagingSpec(
            style: style, method: method, path: try node.required("path").string(), params: params, pageParam: pageParam,
            firstPage: firstPage, sizeParam: sizeParam, size: size, cursorParam: cursorParam, from: from,
            sinceParam: sinceParam, itemTime: itemTime, sinceFormat: sinceFormat, overlapSeconds: overlap, sinceOffsetSeconds: self.offset)
        if let offset {
            spec.offsetParam = offset.param
            spec.offsetStart = offset.start
            spec.offsetStep = offset.step
            spec.limitParam = offset.limitParam
            spec.limit = offset.limit
        }
        spec.fromHeader = fromHeader
        spec.totalPath = totalPath
        spec.totalHeader = totalHeader
        return spec
    }

    /// Where a value is read: `from:` a path in the body, or `header:` a response header (exactly one).
    private func origin(_ node: YAMLNode) throws -> (SourcePath?, String?) {
        let from = try node.optional("from")
        let header = try node.optional("header")
        guard (from == nil) != (header == nil) else { throw node.error("give from (a path in the body) or header (a response header), one of them") }
        return (try from.map { try path($0) }, try header?.string())
    }
}
