import BridgeModel

extension Loader {
    func paging(_ node: YAMLNode) throws -> PagingSpec {
        _ = try node.entries(allowed: ["style", "method", "path", "params", "page", "cursor", "next", "since"])
        let styleNode = try node.required("style")
        guard let style = PagingSpec.Style(rawValue: try styleNode.string()) else {
            throw styleNode.error("style '\(try styleNode.string())' is not page, cursor or next")
        }
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
        case .cursor:
            let cursor = try node.required("cursor")
            _ = try cursor.entries(allowed: ["param", "from"])
            cursorParam = try cursor.required("param").string()
            from = try path(try cursor.required("from"))
        case .next:
            let next = try node.required("next")
            _ = try next.entries(allowed: ["from"])
            from = try path(try next.required("from"))
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
        return PagingSpec(
            style: style, method: method, path: try node.required("path").string(), params: params, pageParam: pageParam,
            firstPage: firstPage, sizeParam: sizeParam, size: size, cursorParam: cursorParam, from: from,
            sinceParam: sinceParam, itemTime: itemTime, sinceFormat: sinceFormat, overlapSeconds: overlap, sinceOffsetSeconds: offset)
    }
}
