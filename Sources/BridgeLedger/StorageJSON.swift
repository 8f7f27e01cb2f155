import BridgeModel

/// The ledger's JSON for task patches and task bodies, written by hand instead of through `JSONEncoder`
/// (whose generic `Codable` boxing was a fifth of every commit). The shape is exactly the one the types'
/// `Codable` conformances give, so `JSONDecoder` reads it back and bodies written before stay readable; keys are
/// sorted as `.sortedKeys` sorts them, and — unlike `JSONEncoder`, which writes sets and the field map in hash
/// order — so are sets and fields, so equal values always give equal bytes.
public struct StorageJSON: Sendable {
    private var bytes: [UInt8] = []

    private init() { bytes.reserveCapacity(1024) }

    public static func encode(_ patch: TaskPatch) -> String {
        var out = StorageJSON()
        out.patch(patch)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    public static func encode(_ task: UnifiedTask) -> String {
        var out = StorageJSON()
        out.task(task)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    // MARK: The model's types, keys in sorted order

    private mutating func patch(_ p: TaskPatch) {
        open()
        key("fields", first: true)
        bytes.append(UInt8(ascii: "["))
        for (index, field) in p.fields.keys.sorted(by: { $0.rawValue < $1.rawValue }).enumerated() {
            if index > 0 { comma() }
            string(field.rawValue)
            comma()
            value(p.fields[field]!)
        }
        bytes.append(UInt8(ascii: "]"))
        key("majorErrors")
        strings(p.majorErrors.sorted())
        key("record")
        record(p.record)
        key("returns")
        strings(p.returns.sorted())
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
            literal(status.reopens ? "true" : "false")
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

    private mutating func task(_ t: UnifiedTask) {
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
        key("returns")
        int(t.returns)
        key("status")
        string(t.status.rawValue)
        optional("statusCode", t.statusCode)
        optional("title", t.title)
        optional("unit", t.unit)
        close()
    }

    private mutating func record(_ r: RecordRef) {
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

    private mutating func person(_ p: PersonRef) {
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

    private mutating func document(_ d: DocumentReference) {
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

    private mutating func value(_ v: FieldValue) {
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

    // MARK: JSON pieces

    private mutating func open() { bytes.append(UInt8(ascii: "{")) }
    private mutating func close() { bytes.append(UInt8(ascii: "}")) }
    private mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    private mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { comma() }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func int(_ number: Int) {
        bytes.append(contentsOf: String(number).utf8)
    }

    private mutating func strings(_ items: [String]) {
        array(items) { $0.string($1) }
    }

    private mutating func array<T>(_ items: [T], _ element: (inout StorageJSON, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { comma() }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A string as `JSONEncoder` writes it with `.withoutEscapingSlashes`: `"` and `\` escaped, control
    /// characters as `\b \f \n \r \t` or `\u00xx`, everything else (all of Unicode) as its UTF-8.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22, 0x5C: bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
