import BridgeModel

/// Distinct events a record lists — returns (trả lại) or major errors — each with its own id, so that counts
/// are derived from the set of events and reading a record again never adds one.
struct EventRule: Sendable {
    enum Kind: String, Sendable {
        case returns, majorErrors
    }

    let kind: Kind
    /// The list of events, relative to the record (`@.lich_su[*]`).
    let each: SourcePath
    /// An event's id, relative to the event (`@.luc`).
    let id: ValueExpression
    let conditions: [Condition]

    /// The ids of the events in this record.
    func ids(in context: PathContext) throws -> Set<String> {
        var out = Set<String>()
        for match in each.evaluate(in: context) {
            guard let node = match.node else { continue }
            var inner = context
            inner.current = node
            guard conditions.allSatisfy({ $0.holds(in: inner) }) else { continue }
            if let id = try id.string(in: inner) { out.insert(id) }
        }
        return out
    }
}

extension Loader {
    func events(_ node: YAMLNode) throws -> [EventRule] {
        try node.entries(allowed: ["returns", "majorErrors"]).map { name, value in
            _ = try value.entries(allowed: ["each", "id", "when"])
            return EventRule(
                kind: EventRule.Kind(rawValue: name)!, each: try path(try value.required("each")),
                id: try expression(try value.required("id")), conditions: try value.optional("when").map(conditions) ?? [])
        }
    }
}
