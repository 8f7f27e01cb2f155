import BridgeModel

extension Loader {
    static let expressionKeys: Set<String> = [
        "path", "const", "concat", "first", "pick", "trim", "nfc", "lower", "upper", "map", "else", "default",
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
}
