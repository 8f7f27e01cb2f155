import BridgeModel

/// How a mapping sets one task field.
final class FieldRule: Sendable {
    enum Value: Sendable {
        case scalar(ValueExpression)
        case person(PersonExpression)
        case people(each: SourcePath, person: PersonExpression)
    }

    let field: TaskField
    let value: Value

    init(field: TaskField, value: Value) {
        self.field = field
        self.value = value
    }

    /// The field's value for this record, or nil when the record does not set it.
    func evaluate(in context: PathContext) throws -> FieldValue? {
        switch value {
        case .scalar(let expression):
            switch field.kind {
            case .time: return try expression.time(in: context).map(FieldValue.time)
            case .day: return try expression.day(in: context).map(FieldValue.day)
            case .int:
                guard let value = try expression.int(in: context) else { return nil }
                if field.isCount, value < 0 { throw expression.failure("\(field.rawValue) \(value) is a count and cannot be negative", .validation) }
                return .int(value)
            case .text:
                guard let text = try expression.string(in: context) else { return nil }
                if field == .block, Block(rawValue: text) == nil {
                    throw expression.failure("block '\(text)' is not party, state or mass", .validation)
                }
                return .text(text)
            case .person, .people:
                return nil  // refused when the mapping is loaded
            }
        case .person(let person):
            return try person.evaluate(in: context).map(FieldValue.person)
        case .people(let each, let person):
            var people: [PersonRef] = []
            for match in each.evaluate(in: context) {
                guard let node = match.node else { continue }
                var inner = context
                inner.current = node
                if let ref = try person.evaluate(in: inner), !people.contains(ref) { people.append(ref) }
            }
            return people.isEmpty ? nil : .people(people.sorted())
        }
    }
}

/// A person read from a record: `{namespace: email, id: <expr>, name: <expr>}`, or an ordered list of identities
/// (`identities: [{namespace: email, id: …}, {namespace: tool-staff, id: …}]`) of which the first present is
/// taken — a person without an e-mail is still someone, by the tool's staff code.
struct PersonExpression: Sendable {
    struct Identity: Sendable {
        let namespace: String
        let id: ValueExpression?
    }

    let identities: [Identity]
    let name: ValueExpression?

    func evaluate(in context: PathContext) throws -> PersonRef? {
        let name = try name?.string(in: context)
        for identity in identities {
            if let id = try identity.id?.string(in: context) { return PersonRef(namespace: identity.namespace, id: id, name: name) }
        }
        guard let name else { return nil }
        return PersonRef(namespace: identities[0].namespace, id: nil, name: name)
    }
}
