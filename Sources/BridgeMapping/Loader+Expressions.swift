import BridgeModel

extension Loader {
    static let expressionKeys: Set<String> = [
        "path", "const", "concat", "first", "pick", "trim", "nfc", "lower", "upper", "map", "else", "default",
        "replace", "split", "capture", "substring", "pad",
        "required", "when", "date", "endOfDay", "zone",
    ]

    /// A value expression: a bare string is a path; a mapping has one source key and transformations.
    /// Inside `concat` and `first`, a bare string is a literal.
    func expression(_ node: YAMLNode, scalarIsLiteral: Bool = false) throws -> ValueExpression {
        if node.isScalar {
            let source: ValueExpression.Source =
                scalarIsLiteral ? .constant(try node.string()) : .path(try path(node), .first)
            return ValueExpression(source: source, trim: !scalarIsLiteral, place: node.place, line: node.line)
        }
        let entries = try node.entries(allowed: Self.expressionKeys)
        let sources = entries.map(\.key).filter { ["path", "const", "concat", "first"].contains($0) }
        guard sources.count == 1 else {
            throw node.error("an expression needs exactly one of path, const, concat, first")
        }
        var e = ValueExpression(source: .constant(""), place: node.place, line: node.line)
        switch sources[0] {
        case "path":
            var pick = ValueExpression.Pick.first
            if let p = try node.optional("pick") {
                guard let parsed = ValueExpression.Pick(rawValue: try p.string()) else { throw p.error("pick is first or last") }
                pick = parsed
            }
            e.source = .path(try path(try node.required("path")), pick)
        case "const":
            e.source = .constant(try node.required("const").string())
            e.trim = false
        case "concat":
            e.source = .concat(try node.required("concat").items().map { try expression($0, scalarIsLiteral: true) })
        default:
            e.source = .first(try node.required("first").items().map { try expression($0) })
        }
        if let v = try node.optional("trim") { e.trim = try v.bool() }
        if let v = try node.optional("nfc") { e.nfc = try v.bool() }
        if let v = try node.optional("lower") { e.lower = try v.bool() }
        if let v = try node.optional("upper") { e.upper = try v.bool() }
        if let v = try node.optional("required") { e.required = try v.bool() }
        if let v = try node.optional("default") { e.defaultValue = try v.string() }
        if let v = try node.optional("when") { e.conditions = try conditions(v) }
        if let v = try node.optional("endOfDay") { e.endOfDay = try v.bool() }
        e.offsetSeconds = try node.optional("zone").map(Loader.offset) ?? offset
        if let v = try node.optional("map") {
            var map: [String: String?] = [:]
            for (key, value) in try v.entries() { map[key] = value.isNull ? nil : try value.string() }
            e.map = map
        }
        e.text = try textFunctions(node)
        if let v = try node.optional("else") {
            guard e.map != nil else { throw v.error("else goes with map: it says what a value the map does not list becomes") }
            e.mapElse = v.isNull ? .value(nil) : (try v.string() == "keep" ? .keep : .value(try v.string()))
        }
        if let v = try node.optional("date") {
            e.dates = try v.strings().map { pattern in
                do { return try DatePatternParser(pattern: pattern) } catch { throw v.error("\(error)") }
            }
        }
        return e
    }

    /// `replace`, `split`, `capture`, `substring`, `pad` (see `TextFunctions`).
    func textFunctions(_ node: YAMLNode) throws -> TextFunctions {
        var f = TextFunctions()
        func regex(_ v: YAMLNode) throws -> TextFunctions.Pattern {
            let text = try v.string()
            do { return .init(regex: try Regex(text)) } catch { throw v.error("'\(text)' is not a regular expression: \(error)") }
        }
        if let v = try node.optional("replace") {
            _ = try v.entries(allowed: ["pattern", "with"])
            f.replace = .init(pattern: try regex(try v.required("pattern")), with: try v.optional("with")?.string() ?? "")
        }
        if let v = try node.optional("split") {
            _ = try v.entries(allowed: ["by", "part"])
            let separator = try v.required("by").string()
            guard !separator.isEmpty else { throw v.error("split by an empty text") }
            f.split = .init(separator: separator, part: try v.required("part").int())
        }
        if let v = try node.optional("capture") {
            _ = try v.entries(allowed: ["regex", "group"])
            let pattern = try regex(try v.required("regex"))
            let group = try v.optional("group")?.int() ?? 1
            guard group >= 0 else { throw v.error("group is 0 (the whole match) or more") }
            f.capture = .init(pattern: pattern, group: group)
        }
        if let v = try node.optional("substring") {
            _ = try v.entries(allowed: ["from", "length"])
            let from = try v.optional("from")?.int() ?? 0
            let length = try v.optional("length")?.int()
            guard from >= 0, length.map({ $0 > 0 }) ?? true else { throw v.error("substring from ≥ 0 and length > 0") }
            f.substring = (from, length)
        }
        if let v = try node.optional("pad") {
            _ = try v.entries(allowed: ["width", "with"])
            let with = try v.optional("with")?.string() ?? "0"
            guard with.count == 1, let character = with.first else { throw v.error("pad with one character") }
            f.pad = (try v.required("width").int(), character)
        }
        return f
    }
}
