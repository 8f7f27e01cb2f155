import BridgeModel

/// The ledger's JSON for task patches and task bodies, written by hand instead of through `JSONEncoder`
/// (whose generic `Codable` boxing was a fifth of every commit). The shape is exactly the one the types'
/// `Codable` conformances give, so `JSONDecoder` reads it back and bodies written before stay readable; keys are
/// sorted as `.sortedKeys` sorts them, and — unlike `JSONEncoder`, which writes sets and the field map in hash
/// order — so are sets and fields, so equal values always give equal bytes.
public enum StorageJSON {
    public static func encode(_ patch: TaskPatch) -> String {
        var out = JSONWriter()
        out.patch(patch)
        return out.text
    }

    public static func encode(_ task: UnifiedTask) -> String {
        var out = JSONWriter()
        out.task(task)
        return out.text
    }
}

/// The model's types, keys in sorted order.
extension JSONWriter {
    fileprivate mutating func patch(_ p: TaskPatch) {
        open()
        key("fields", first: true)
        array(p.fields.keys.sorted { $0.rawValue < $1.rawValue }) { out, field in
            out.string(field.rawValue)
            out.comma()
            out.value(p.fields[field]!)
        }
        key("majorErrors")
        array(p.majorErrors.sorted()) { $0.string($1) }
        key("record")
        record(p.record)
        key("returns")
        array(p.returns.sorted()) { $0.string($1) }
        key("sourceTime")
        string(p.sourceTime.description)
        if let status = p.status {
            key("status")
            open()
            key("code", first: true)
            string(status.code)
            key("rank")
            int(status.rank)
            key("reopens")
            bool(status.reopens)
            if let value = status.status {
                key("status")
                string(value.rawValue)
            }
            close()
        }
        key("taskKey")
        string(p.taskKey.rawValue)
        close()
    }

    fileprivate mutating func task(_ t: UnifiedTask) {
        open()
        var first = true  // the optional keys before "coordinators" may all be absent
        func optional(_ name: StaticString, _ text: String?) {
            guard let text else { return }
            key(name, first: first)
            first = false
            string(text)
        }
        optional("agency", t.agency)
        optional("assignedAt", t.assignedAt?.description)
        if let person = t.assignedBy {
            key("assignedBy", first: first)
            first = false
            self.person(person)
        }
        optional("block", t.block?.rawValue)
        optional("completedAt", t.completedAt?.description)
        key("coordinators", first: first)
        first = false
        array(t.coordinators) { $0.person($1) }
        key("deadlines")
        array(t.deadlines) { $0.string($1.description) }
        key("document")
        document(t.document)
        optional("dueAt", t.dueAt?.description)
        key("key")
        string(t.key.rawValue)
        if let person = t.mainHandler {
            key("mainHandler")
            self.person(person)
        }
        key("majorErrors")
        int(t.majorErrors)
        if let priority = t.priority {
            key("priority")
            int(priority)
        }
        optional("productType", t.productType)
        key("provenance")
        array(t.provenance) { $0.record($1) }
        optional("replacedBy", t.replacedBy?.rawValue)
        optional("replaces", t.replaces?.rawValue)
        if let missed = t.reportedMissedDeadlines {
            key("reportedMissedDeadlines")
            int(missed)
        }
        key("returns")
        int(t.returns)
        key("status")
        string(t.status.rawValue)
        optional("statusCode", t.statusCode)
        optional("title", t.title)
        optional("unit", t.unit)
        close()
    }

    fileprivate mutating func record(_ r: RecordRef) {
        open()
        key("mappingId", first: true)
        string(r.mappingId)
        key("mappingVersion")
        int(r.mappingVersion)
        key("payloadHash")
        string(r.payloadHash)
        key("recordId")
        string(r.recordId)
        key("recordVersion")
        string(r.recordVersion)
        key("source")
        string(r.source)
        close()
    }

    fileprivate mutating func person(_ p: PersonRef) {
        open()
        var first = true
        if let id = p.id {
            key("id", first: true)
            string(id)
            first = false
        }
        if let name = p.name {
            key("name", first: first)
            string(name)
            first = false
        }
        key("namespace", first: first)
        string(p.namespace)
        if let officer = p.officer {
            key("officer")
            string(officer)
        }
        close()
    }

    fileprivate mutating func document(_ d: DocumentReference) {
        open()
        var first = true
        for (name, text) in [
            ("documentId", d.documentId), ("documentType", d.documentType), ("issuerId", d.issuerId),
            ("issuerName", d.issuerName), ("notation", d.notation), ("number", d.number),
            ("promulgationDate", d.promulgationDate?.description),
        ] as [(StaticString, String?)] {
            guard let text else { continue }
            key(name, first: first)
            string(text)
            first = false
        }
        close()
    }

    fileprivate mutating func value(_ v: FieldValue) {
        open()
        switch v {
        case .text(let text):
            key("text", first: true)
            string(text)
        case .time(let time):
            key("time", first: true)
            string(time.description)
        case .day(let day):
            key("day", first: true)
            string(day.description)
        case .int(let number):
            key("int", first: true)
            int(number)
        case .person(let person):
            key("person", first: true)
            self.person(person)
        case .people(let people):
            key("people", first: true)
            array(people) { $0.person($1) }
        }
        close()
    }
}
