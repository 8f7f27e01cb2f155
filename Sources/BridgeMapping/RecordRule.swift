import BridgeModel

/// One rule of a mapping: which records it applies to and the patches it makes from them. A class: every record
/// of a payload reads it, and a struct this wide was copied (a retain per field) each time.
final class RecordRule: Sendable {
    let name: String
    let line: Int?
    let conditions: [Condition]
    /// Named bindings; the rule runs once per combination of their matches.
    let each: [(name: String, path: SourcePath)]
    let task: ValueExpression
    let recordId: ValueExpression
    let version: ValueExpression
    let time: ValueExpression
    let status: ValueExpression?
    let fields: [FieldRule]
    /// Returns and major errors the record lists.
    let events: [EventRule]

    init(
        name: String, line: Int?, conditions: [Condition], each: [(name: String, path: SourcePath)], task: ValueExpression,
        recordId: ValueExpression, version: ValueExpression, time: ValueExpression, status: ValueExpression?, fields: [FieldRule],
        events: [EventRule]
    ) {
        self.name = name
        self.line = line
        self.conditions = conditions
        self.each = each
        self.task = task
        self.recordId = recordId
        self.version = version
        self.time = time
        self.status = status
        self.fields = fields
        self.events = events
    }

    func applies(in context: PathContext) -> Bool {
        conditions.allSatisfy { $0.holds(in: context) }
    }

    /// Every binding combination, in document order.
    func contexts(from context: PathContext) -> [PathContext] {
        var result = [context]
        for (name, path) in each {
            result = result.flatMap { base in
                path.evaluate(in: base).compactMap(\.node).map { node in
                    var next = base
                    next.bindings[name] = node
                    return next
                }
            }
        }
        return result
    }
}
