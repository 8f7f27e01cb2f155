import BridgeModel
import BridgeParsing
import Foundation

/// Reading stored patches and task bodies back: the bridge's own strict JSON reader, then the fields by name,
/// instead of `JSONDecoder` (more than half of a full score recomputation, which reads every task). Accepts
/// everything the types' `Codable` conformances wrote (bodies stored before `StorageJSON`): keys in any order,
/// unknown keys ignored, optional keys absent or `null`, times as ISO 8601 text or milliseconds.
extension StorageJSON {
    public static func decodeTask(_ body: Data) throws -> UnifiedTask {
        try StoredObject(root(body), "task").task()
    }

    public static func decodePatch(_ body: Data) throws -> TaskPatch {
        try StoredObject(root(body), "patch").patch()
    }

    private static func root(_ body: Data) throws -> SourceNode {
        do {
            return try JSONReader.parse(body).root
        } catch {
            throw LedgerError("a stored body is not JSON: \(error)")
        }
    }
}

/// One JSON object of a stored body, read field by field; errors name the path of the field.
private struct StoredObject {
    let node: SourceNode
    let path: String

    init(_ node: SourceNode, _ path: String) throws {
        guard node.kind == .object else { throw LedgerError("stored \(path) is not an object") }
        self.node = node
        self.path = path
    }

    private func fail(_ key: String, _ what: String) -> LedgerError {
        LedgerError("stored \(path).\(key): \(what)")
    }

    /// Calls `body` with each member; then throws if one of `required` was not among them.
    private func members(required: Set<String>, _ body: (String, SourceNode) throws -> Void) throws {
        var missing = required
        for child in node.children {
            missing.remove(child.name)
            try body(child.name, child)
        }
        if let key = missing.sorted().first { throw fail(key, "missing") }
    }

    private func text(_ key: String, _ node: SourceNode) throws -> String {
        guard node.kind == .string, let text = node.text else { throw fail(key, "not a string") }
        return text
    }

    private func optionalText(_ key: String, _ node: SourceNode) throws -> String? {
        node.kind == .null ? nil : try text(key, node)
    }

    private func int(_ key: String, _ node: SourceNode) throws -> Int {
        guard node.kind == .number, let value = node.text.flatMap({ Int($0) }) else { throw fail(key, "not an integer") }
        return value
    }

    private func time(_ key: String, _ node: SourceNode) throws -> Timestamp {
        if node.kind == .number, let millis = node.text.flatMap({ Int64($0) }) { return Timestamp(millis: millis) }
        guard let time = Timestamp(iso8601: try text(key, node)) else { throw fail(key, "not an ISO 8601 time") }
        return time
    }

    private func optionalTime(_ key: String, _ node: SourceNode) throws -> Timestamp? {
        node.kind == .null ? nil : try time(key, node)
    }

    private func day(_ key: String, _ node: SourceNode) throws -> CalendarDay {
        guard let day = CalendarDay(iso: try text(key, node)) else { throw fail(key, "not a yyyy-MM-dd date") }
        return day
    }

    private func array<T>(_ key: String, _ node: SourceNode, _ element: (Int, SourceNode) throws -> T) throws -> [T] {
        guard node.kind == .array else { throw fail(key, "not an array") }
        return try node.children.enumerated().map { try element($0.offset, $0.element) }
    }

    private func object(_ key: String, _ node: SourceNode) throws -> StoredObject {
        try StoredObject(node, "\(path).\(key)")
    }

    private func optionalObject(_ key: String, _ node: SourceNode) throws -> StoredObject? {
        node.kind == .null ? nil : try object(key, node)
    }

    func task() throws -> UnifiedTask {
        var task = UnifiedTask(key: TaskKey(""))
        try members(required: ["coordinators", "deadlines", "document", "key", "majorErrors", "provenance", "returns", "status"]) { key, node in
            switch key {
            case "agency": task.agency = try optionalText(key, node)
            case "assignedAt": task.assignedAt = try optionalTime(key, node)
            case "assignedBy": task.assignedBy = try optionalObject(key, node)?.person()
            case "block":
                guard let text = try optionalText(key, node) else { task.block = nil; return }
                guard let block = Block(rawValue: text) else { throw fail(key, "unknown block '\(text)'") }
                task.block = block
            case "completedAt": task.completedAt = try optionalTime(key, node)
            case "coordinators": task.coordinators = try array(key, node) { try object("\(key)[\($0)]", $1).person() }
            case "deadlines": task.deadlines = try array(key, node) { try time("\(key)[\($0)]", $1) }
            case "document": task.document = try object(key, node).document()
            case "dueAt": task.dueAt = try optionalTime(key, node)
            case "key": task.key = TaskKey(try text(key, node))
            case "mainHandler": task.mainHandler = try optionalObject(key, node)?.person()
            case "majorErrors": task.majorErrors = try int(key, node)
            case "priority": task.priority = node.kind == .null ? nil : try int(key, node)
            case "productType": task.productType = try optionalText(key, node)
            case "provenance": task.provenance = try array(key, node) { try object("\(key)[\($0)]", $1).record() }
            case "replacedBy": task.replacedBy = try optionalText(key, node).map { TaskKey($0) }
            case "replaces": task.replaces = try optionalText(key, node).map { TaskKey($0) }
            case "returns": task.returns = try int(key, node)
            case "reportedMissedDeadlines": task.reportedMissedDeadlines = node.kind == .null ? nil : try int(key, node)
            case "status":
                let text = try text(key, node)
                guard let status = TaskStatus(rawValue: text) else { throw fail(key, "unknown status '\(text)'") }
                task.status = status
            case "statusCode": task.statusCode = try optionalText(key, node)
            case "title": task.title = try optionalText(key, node)
            case "unit": task.unit = try optionalText(key, node)
            default: break  // as JSONDecoder: keys the type does not know are ignored
            }
        }
        return task
    }

    func patch() throws -> TaskPatch {
        var key = TaskKey("")
        var record: RecordRef?
        var sourceTime = Timestamp(millis: 0)
        var fields: [TaskField: FieldValue] = [:]
        var status: StatusChange?
        var majorErrors: Set<String> = []
        var returns: Set<String> = []
        try members(required: ["fields", "majorErrors", "record", "returns", "sourceTime", "taskKey"]) { name, node in
            switch name {
            case "fields":
                // [name, value, name, value, …], as Codable writes a dictionary whose keys are not strings.
                let items = try array(name, node) { $1 }
                guard items.count % 2 == 0 else { throw fail(name, "an odd number of items") }
                for index in stride(from: 0, to: items.count, by: 2) {
                    let fieldName = try text("\(name)[\(index)]", items[index])
                    guard let field = TaskField(rawValue: fieldName) else { throw fail(name, "unknown field '\(fieldName)'") }
                    fields[field] = try object("\(name).\(fieldName)", items[index + 1]).fieldValue()
                }
            case "majorErrors": majorErrors = Set(try array(name, node) { try text("\(name)[\($0)]", $1) })
            case "record": record = try object(name, node).record()
            case "returns": returns = Set(try array(name, node) { try text("\(name)[\($0)]", $1) })
            case "sourceTime": sourceTime = try time(name, node)
            case "status": status = try optionalObject(name, node)?.statusChange()
            case "taskKey": key = TaskKey(try text(name, node))
            default: break
            }
        }
        return TaskPatch(
            taskKey: key, record: record!, sourceTime: sourceTime, fields: fields, status: status, majorErrors: majorErrors,
            returns: returns)
    }

    func person() throws -> PersonRef {
        var person = PersonRef(namespace: "", id: nil, name: nil)
        try members(required: ["namespace"]) { key, node in
            switch key {
            case "id": person.id = try optionalText(key, node)
            case "name": person.name = try optionalText(key, node)
            case "namespace": person.namespace = try text(key, node)
            case "officer": person.officer = try optionalText(key, node)
            default: break
            }
        }
        return person
    }

    func record() throws -> RecordRef {
        var ref = RecordRef(source: "", recordId: "", recordVersion: "", payloadHash: "", mappingId: "", mappingVersion: 0)
        let texts: [String: WritableKeyPath<RecordRef, String>] = [
            "mappingId": \.mappingId, "payloadHash": \.payloadHash, "recordId": \.recordId, "recordVersion": \.recordVersion,
            "source": \.source,
        ]
        try members(required: Set(texts.keys).union(["mappingVersion"])) { key, node in
            if let path = texts[key] {
                ref[keyPath: path] = try text(key, node)
            } else if key == "mappingVersion" {
                ref.mappingVersion = try int(key, node)
            }
        }
        return ref
    }

    func document() throws -> DocumentReference {
        var document = DocumentReference()
        let texts: [String: WritableKeyPath<DocumentReference, String?>] = [
            "documentId": \.documentId, "documentType": \.documentType, "issuerId": \.issuerId, "issuerName": \.issuerName,
            "notation": \.notation, "number": \.number,
        ]
        try members(required: []) { key, node in
            if let path = texts[key] {
                document[keyPath: path] = try optionalText(key, node)
            } else if key == "promulgationDate" {
                document.promulgationDate = node.kind == .null ? nil : try day(key, node)
            }
        }
        return document
    }

    func statusChange() throws -> StatusChange {
        var change = StatusChange(code: "", status: nil, rank: 0)
        try members(required: ["code", "rank", "reopens"]) { key, node in
            switch key {
            case "code": change.code = try text(key, node)
            case "rank": change.rank = try int(key, node)
            case "reopens":
                guard node.kind == .bool else { throw fail(key, "not a boolean") }
                change.reopens = node.text == "true"
            case "status":
                guard let text = try optionalText(key, node) else { return }
                guard let status = TaskStatus(rawValue: text) else { throw fail(key, "unknown status '\(text)'") }
                change.status = status
            default: break
            }
        }
        return change
    }

    func fieldValue() throws -> FieldValue {
        guard let member = node.children.first else { throw LedgerError("stored \(path): empty field value") }
        let key = member.name
        switch key {
        case "text": return .text(try text(key, member))
        case "time": return .time(try time(key, member))
        case "day": return .day(try day(key, member))
        case "int": return .int(try int(key, member))
        case "person": return .person(try object(key, member).person())
        case "people": return .people(try array(key, member) { try object("\(key)[\($0)]", $1).person() })
        default: throw fail(key, "unknown kind of value")
        }
    }
}
