import BridgeModel
import Foundation

/// How the ledger stores task patches and task values: a compact binary record of typed values (lengths and
/// integers as LEB128 varints, times as milliseconds, days as days since 1970, enumerations by their names), read
/// and written field by field in one pass. It replaced storage JSON, whose writing and reading (through a parsed
/// tree) were the largest costs of committing facts and of the projector. The encoding is canonical — the field
/// map, event sets and lists in a fixed order — but nothing compares bytes: tasks are compared as values.
///
/// The first byte names the format: `P` (0x50) a patch (version 1), `T` (0x54) a task (version 2: version 1 and
/// a trailing `TaskLink`, absent in version 1 bodies, which are still read). A body that starts with `{` is the
/// JSON of a release before this format: the migration `v12-stored-bodies` rewrote every one (`LegacyBody`), and
/// one met here is refused with the command that rewrites it.
public enum StoredBody {
    /// A JSON body of an earlier release, not rewritten yet.
    static func unmigrated(_ what: String) -> LedgerError {
        LedgerError("stored \(what): in the JSON of an earlier release (before ledger schema v12), not rewritten yet; run kpibridge migrate")
    }

    static let patchFormat: UInt8 = 0x50
    static let taskFormat: UInt8 = 0x54
    static let patchVersion: UInt8 = 1
    static let taskVersion: UInt8 = 2

    public static func encode(_ patch: TaskPatch) -> Data {
        var out = BodyWriter(format: patchFormat)
        out.string(patch.taskKey.rawValue)
        out.record(patch.record)
        out.int(patch.sourceTime.millis)
        out.count(patch.fields.count)
        for field in patch.fields.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            out.string(field.rawValue)
            out.value(patch.fields[field]!)
        }
        out.flag(patch.status != nil)
        if let status = patch.status {
            out.string(status.code)
            out.optional(status.status?.rawValue)
            out.int(Int64(status.rank))
            out.flag(status.reopens)
        }
        out.strings(patch.majorErrors.sorted())
        out.strings(patch.returns.sorted())
        return out.data
    }

    public static func encode(_ task: UnifiedTask) -> Data {
        var out = BodyWriter(format: taskFormat, version: taskVersion)
        out.string(task.key.rawValue)
        out.optional(task.block?.rawValue)
        out.optional(task.agency)
        out.optional(task.unit)
        out.optional(task.title)
        let d = task.document
        for text in [d.documentId, d.issuerId, d.issuerName, d.number, d.notation, d.documentType] { out.optional(text) }
        out.optionalInt(d.promulgationDate.map { Int64($0.daysSinceEpoch) })
        out.optional(task.productType)
        out.optionalPerson(task.mainHandler)
        out.count(task.coordinators.count)
        for person in task.coordinators { out.person(person) }
        out.optionalPerson(task.assignedBy)
        out.optionalInt(task.assignedAt?.millis)
        out.optionalInt(task.dueAt?.millis)
        out.optionalInt(task.completedAt?.millis)
        out.string(task.status.rawValue)
        out.optional(task.statusCode)
        out.optionalInt(task.priority.map(Int64.init))
        out.optional(task.replacedBy?.rawValue)
        out.optional(task.replaces?.rawValue)
        out.count(task.deadlines.count)
        for deadline in task.deadlines { out.int(deadline.millis) }
        out.int(Int64(task.majorErrors))
        out.int(Int64(task.returns))
        out.optionalInt(task.reportedMissedDeadlines.map(Int64.init))
        out.count(task.provenance.count)
        for record in task.provenance { out.record(record) }
        out.flag(task.link != nil)
        if let unit = task.link {
            out.string(unit.primary.rawValue)
            out.strings(unit.members.map(\.rawValue))
            let sources = unit.sources.sorted { $0.key < $1.key }
            out.count(sources.count)
            for (field, source) in sources {
                out.string(field)
                out.string(source)
            }
            out.strings(unit.disputed)
        }
        return out.data
    }

    /// A stored patch, in whichever format it was written.
    public static func decodePatch(_ body: Data) throws -> TaskPatch {
        if body.first == UInt8(ascii: "{") { throw Self.unmigrated("patch") }
        return try body.withUnsafeBytes { bytes in
            var r = try BodyReader(bytes, format: patchFormat, versions: patchVersion...patchVersion, what: "patch")
            var patch = TaskPatch(taskKey: TaskKey(try r.string()), record: try r.record(), sourceTime: Timestamp(millis: try r.int()))
            for _ in 0..<(try r.count()) {
                let name = try r.string()
                guard let field = TaskField(rawValue: name) else { throw r.fail("unknown field '\(name)'") }
                patch.fields[field] = try r.value()
            }
            if try r.flag() {
                let code = try r.string()
                let status = try r.optional().map { name in
                    guard let status = TaskStatus(rawValue: name) else { throw r.fail("unknown status '\(name)'") }
                    return status
                }
                patch.status = StatusChange(code: code, status: status, rank: Int(try r.int()), reopens: try r.flag())
            }
            patch.majorErrors = Set(try r.strings())
            patch.returns = Set(try r.strings())
            try r.end()
            return patch
        }
    }

    /// A stored task, in whichever format it was written.
    public static func decodeTask(_ body: Data) throws -> UnifiedTask {
        if body.first == UInt8(ascii: "{") { throw Self.unmigrated("task") }
        return try body.withUnsafeBytes { bytes in
            var r = try BodyReader(bytes, format: taskFormat, versions: 1...taskVersion, what: "task")
            var task = UnifiedTask(key: TaskKey(try r.string()))
            if let block = try r.optional() {
                guard let value = Block(rawValue: block) else { throw r.fail("unknown block '\(block)'") }
                task.block = value
            }
            task.agency = try r.optional()
            task.unit = try r.optional()
            task.title = try r.optional()
            task.document.documentId = try r.optional()
            task.document.issuerId = try r.optional()
            task.document.issuerName = try r.optional()
            task.document.number = try r.optional()
            task.document.notation = try r.optional()
            task.document.documentType = try r.optional()
            task.document.promulgationDate = try r.optionalInt().map { try r.day($0) }
            task.productType = try r.optional()
            task.mainHandler = try r.optionalPerson()
            task.coordinators = try (0..<r.count()).map { _ in try r.person() }
            task.assignedBy = try r.optionalPerson()
            task.assignedAt = try r.optionalInt().map(Timestamp.init(millis:))
            task.dueAt = try r.optionalInt().map(Timestamp.init(millis:))
            task.completedAt = try r.optionalInt().map(Timestamp.init(millis:))
            let status = try r.string()
            guard let value = TaskStatus(rawValue: status) else { throw r.fail("unknown status '\(status)'") }
            task.status = value
            task.statusCode = try r.optional()
            task.priority = try r.optionalInt().map { Int($0) }
            task.replacedBy = try r.optional().map { TaskKey($0) }
            task.replaces = try r.optional().map { TaskKey($0) }
            task.deadlines = try (0..<r.count()).map { _ in Timestamp(millis: try r.int()) }
            task.majorErrors = Int(try r.int())
            task.returns = Int(try r.int())
            task.reportedMissedDeadlines = try r.optionalInt().map { Int($0) }
            task.provenance = try (0..<r.count()).map { _ in try r.record() }
            if r.version >= 2, try r.flag() {
                var unit = TaskLink(primary: TaskKey(try r.string()), members: try r.strings().map(TaskKey.init(rawValue:)))
                for _ in 0..<(try r.count()) { unit.sources[try r.string()] = try r.string() }
                unit.disputed = try r.strings()
                task.link = unit
            }
            try r.end()
            return task
        }
    }
}

/// Appends typed values to a stored body.
struct BodyWriter {
    private(set) var bytes: [UInt8] = []

    init(format: UInt8, version: UInt8 = StoredBody.patchVersion) {
        bytes.reserveCapacity(256)
        bytes.append(format)
        bytes.append(version)
    }

    var data: Data { Data(bytes) }

    mutating func uint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zigzag, so small negative numbers stay short.
    mutating func int(_ value: Int64) { uint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    mutating func count(_ value: Int) { uint(UInt64(value)) }
    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            count(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Nil as 0, a text as its length + 1 and its bytes.
    mutating func optional(_ text: String?) {
        guard var text else { return bytes.append(0) }
        text.withUTF8 { utf8 in
            count(utf8.count + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalInt(_ value: Int64?) {
        flag(value != nil)
        if let value { int(value) }
    }

    mutating func strings(_ texts: [String]) {
        count(texts.count)
        for text in texts { string(text) }
    }

    mutating func person(_ p: PersonRef) {
        string(p.namespace)
        optional(p.id)
        optional(p.name)
        optional(p.officer)
    }

    mutating func optionalPerson(_ p: PersonRef?) {
        flag(p != nil)
        if let p { person(p) }
    }

    mutating func record(_ r: RecordRef) {
        string(r.source)
        string(r.recordId)
        string(r.recordVersion)
        string(r.payloadHash)
        string(r.mappingId)
        int(Int64(r.mappingVersion))
    }

    mutating func value(_ v: FieldValue) {
        switch v {
        case .text(let text): bytes.append(1); string(text)
        case .time(let time): bytes.append(2); int(time.millis)
        case .day(let day): bytes.append(3); int(Int64(day.daysSinceEpoch))
        case .int(let number): bytes.append(4); int(Int64(number))
        case .person(let person): bytes.append(5); self.person(person)
        case .people(let people):
            bytes.append(6)
            count(people.count)
            for person in people { self.person(person) }
        }
    }
}

/// Reads typed values from a stored body; every read is bounds-checked, and a body that ends early, runs on,
/// or holds an unknown tag is an error naming what was being read.
struct BodyReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private let what: String
    /// The body's format version.
    let version: UInt8

    init(_ bytes: UnsafeRawBufferPointer, format: UInt8, versions: ClosedRange<UInt8>, what: String) throws {
        self.bytes = bytes
        self.what = what
        guard bytes.count >= 2, bytes[0] == format else { throw LedgerError("stored \(what): not a \(what) body") }
        guard versions.contains(bytes[1]) else {
            throw LedgerError("stored \(what): format version \(bytes[1]) is \(bytes[1] > versions.upperBound ? "newer than this release reads" : "unknown")")
        }
        version = bytes[1]
        position = 2
    }

    func fail(_ message: String) -> LedgerError { LedgerError("stored \(what): \(message) at byte \(position)") }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func uint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw fail("number too long") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int() throws -> Int64 {
        let v = try uint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func count() throws -> Int {
        let v = try uint()
        guard v <= UInt64(bytes.count - position) + 1 else { throw fail("length \(v) runs past the end") }
        return Int(v)
    }

    mutating func flag() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw fail("bad flag")
        }
    }

    private mutating func text(length: Int) throws -> String {
        guard length <= bytes.count - position else { throw fail("text runs past the end") }
        defer { position += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
    }

    mutating func string() throws -> String { try text(length: try count()) }

    mutating func optional() throws -> String? {
        let n = try count()
        return n == 0 ? nil : try text(length: n - 1)
    }

    mutating func optionalInt() throws -> Int64? { try flag() ? try int() : nil }

    mutating func strings() throws -> [String] { try (0..<count()).map { _ in try string() } }

    mutating func person() throws -> PersonRef {
        PersonRef(namespace: try string(), id: try optional(), name: try optional(), officer: try optional())
    }

    mutating func optionalPerson() throws -> PersonRef? { try flag() ? try person() : nil }

    mutating func record() throws -> RecordRef {
        RecordRef(
            source: try string(), recordId: try string(), recordVersion: try string(), payloadHash: try string(),
            mappingId: try string(), mappingVersion: Int(try int()))
    }

    mutating func value() throws -> FieldValue {
        switch try byte() {
        case 1: return .text(try string())
        case 2: return .time(Timestamp(millis: try int()))
        case 3: return .day(try day(try int()))
        case 4: return .int(Int(try int()))
        case 5: return .person(try person())
        case 6: return .people(try (0..<count()).map { _ in try person() })
        case let tag: throw fail("unknown value tag \(tag)")
        }
    }

    /// A day stored as days since 1970, within years 1–9999 (a damaged number must not reach the calendar's
    /// arithmetic).
    func day(_ days: Int64) throws -> CalendarDay {
        guard (-719_162...2_932_896).contains(days) else { throw fail("day \(days) is out of range") }
        return CalendarDay(daysSinceEpoch: Int(days))
    }

    func end() throws {
        guard position == bytes.count else { throw fail("\(bytes.count - position) byte(s) left over") }
    }
}
