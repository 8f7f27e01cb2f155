import BridgeModel

extension Loader {
    func rule(_ node: YAMLNode, statuses: [String: MappingSpec.StatusEntry]) throws -> RecordRule {
        let allowed: Set<String> = ["name", "when", "each", "task", "recordId", "version", "time", "status", "fields", "events"]
        _ = try node.entries(allowed: allowed)
        let name = try node.required("name").string()
        let conditions = try node.optional("when").map(conditions) ?? []
        let each = try node.optional("each")?.entries().map { (name: $0.key, path: try path($0.value)) } ?? []
        var task = try expression(try node.required("task"))
        task.required = true
        var recordId = try expression(try node.required("recordId"))
        recordId.required = true
        var version = try expression(try node.required("version"))
        version.required = true
        let timeNode = try node.required("time")
        var time = try expression(timeNode)
        time.required = true
        if time.dates.isEmpty { throw timeNode.error("time needs a date format (date: …)") }
        let status = try node.optional("status").map { try statusExpression($0, statuses: statuses) }
        let fields = try node.optional("fields")?.entries().map { try fieldRule($0.key, $0.value) } ?? []
        return RecordRule(
            name: name, line: node.line, conditions: conditions, each: each, task: task, recordId: recordId,
            version: version, time: time, status: status, fields: fields,
            events: try node.optional("events").map(events) ?? [])
    }

    private func statusExpression(_ node: YAMLNode, statuses: [String: MappingSpec.StatusEntry]) throws -> ValueExpression {
        let expression = try expression(node)
        if statuses.isEmpty { throw node.error("status needs a statuses table at the top of the mapping") }
        for case let target? in expression.map?.values ?? [:].values where statuses[target] == nil {
            throw node.error("map gives '\(target)', which is not in statuses")
        }
        return expression
    }

    func conditions(_ node: YAMLNode) throws -> [Condition] {
        let list = node.isSequence ? try node.items() : [node]
        return try list.map(condition)
    }

    /// One condition: `all`, `any` or `not`, or a path with one test.
    func condition(_ item: YAMLNode) throws -> Condition {
        let tests = ["exists", "equals", "in", "matches"] + Condition.Comparison.allCases.map(\.rawValue)
        let entries = try item.entries(allowed: Set(["path", "all", "any", "not"] + tests))
        if let v = try item.optional("all") {
            guard entries.count == 1 else { throw item.error("all stands alone: all: [ conditions ]") }
            return .all(try v.items().map(condition))
        }
        if let v = try item.optional("any") {
            guard entries.count == 1 else { throw item.error("any stands alone: any: [ conditions ]") }
            return .any(try v.items().map(condition))
        }
        if let v = try item.optional("not") {
            guard entries.count == 1 else { throw item.error("not stands alone: not: condition") }
            return .not(try condition(v))
        }
        let path = try path(try item.required("path"))
        guard entries.count == 2 else { throw item.error("a condition has a path and one of \(tests.joined(separator: ", ")) (or is all, any, not)") }
        if let v = try item.optional("exists") { return .test(path, .exists(try v.bool())) }
        if let v = try item.optional("equals") { return .test(path, .equals(try v.string())) }
        if let v = try item.optional("in") { return .test(path, .oneOf(Set(try v.strings()))) }
        if let v = try item.optional("matches") {
            let text = try v.string()
            do { return .test(path, .matches(.init(regex: try Regex(text)))) } catch { throw v.error("'\(text)' is not a regular expression: \(error)") }
        }
        for comparison in Condition.Comparison.allCases {
            if let v = try item.optional(comparison.rawValue) { return .test(path, .compare(comparison, try v.string())) }
        }
        throw item.error("a condition has a path and one of \(tests.joined(separator: ", "))")
    }

    func fieldRule(_ name: String, _ node: YAMLNode) throws -> FieldRule {
        guard let field = TaskField(rawValue: name) else {
            throw node.error("'\(name)' is not a task field (\(TaskField.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        switch field.kind {
        case .person:
            return FieldRule(field: field, value: .person(try person(node)))
        case .people:
            let each = try path(try node.required("each"))
            return FieldRule(field: field, value: .people(each: each, person: try person(node, extra: ["each"])))
        case .time, .day:
            let expression = try expression(node)
            if expression.dates.isEmpty { throw node.error("\(name) needs a date format (date: …)") }
            return FieldRule(field: field, value: .scalar(expression))
        case .text, .int:
            return FieldRule(field: field, value: .scalar(try expression(node)))
        }
    }

    private func person(_ node: YAMLNode, extra: Set<String> = []) throws -> PersonExpression {
        _ = try node.entries(allowed: Set(["namespace", "id", "name", "identities"]).union(extra))
        let name = try node.optional("name").map { try expression($0) }
        if let list = try node.optional("identities") {
            if try node.optional("namespace") != nil || node.optional("id") != nil {
                throw node.error("a person has identities or one namespace and id, not both")
            }
            let identities = try list.items().map { item -> PersonExpression.Identity in
                _ = try item.entries(allowed: ["namespace", "id"])
                return .init(namespace: try item.required("namespace").string(), id: try expression(try item.required("id")))
            }
            guard !identities.isEmpty else { throw list.error("identities needs at least one {namespace, id}") }
            return PersonExpression(identities: identities, name: name)
        }
        let id = try node.optional("id").map { try expression($0) }
        if id == nil, name == nil { throw node.error("a person needs an id or a name") }
        return PersonExpression(identities: [.init(namespace: try node.required("namespace").string(), id: id)], name: name)
    }
}
