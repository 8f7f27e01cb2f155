@testable import BridgeLedger
import BridgeModel
import Foundation
import Testing

/// Stored bodies read back into the same value, equal values give equal bytes, a damaged body is a one-line error
/// and never a crash, and bodies written as JSON by earlier releases (`JSONEncoder`'s shape) are read by the migration
/// that rewrites them.
struct StoredBodyTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Texts that exercise escaping: quotes, backslashes, slashes, every kind of control character, Vietnamese,
    /// characters outside the BMP, and the empty string.
    static let texts = [
        "", "Công văn số 101/UBND-VP", "a\"b\\c/d", "line\nbreak\r\ttab", "\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
        "Nguyễn Thị Ánh", "😀 \u{2028} end", "{\"json\":[1,2]}",
    ]

    static func text(_ g: inout SeededGenerator) -> String { texts.randomElement(using: &g)! }
    static func maybe<T>(_ g: inout SeededGenerator, _ make: (inout SeededGenerator) -> T) -> T? {
        Bool.random(using: &g) ? make(&g) : nil
    }
    static func time(_ g: inout SeededGenerator) -> Timestamp { Timestamp(millis: Int64.random(in: 0...2_000_000_000_000, using: &g)) }
    static func person(_ g: inout SeededGenerator) -> PersonRef {
        PersonRef(namespace: text(&g), id: maybe(&g, text), name: maybe(&g, text), officer: maybe(&g, text))
    }
    static func record(_ g: inout SeededGenerator) -> RecordRef {
        RecordRef(source: text(&g), recordId: text(&g), recordVersion: text(&g), payloadHash: text(&g), mappingId: text(&g),
                  mappingVersion: Int.random(in: -5...1_000_000, using: &g))
    }
    static func value(of field: TaskField, _ g: inout SeededGenerator) -> FieldValue {
        switch field.kind {
        case .text: .text(text(&g))
        case .time: .time(time(&g))
        case .day: .day(CalendarDay(year: Int.random(in: 1...9999, using: &g), month: 2, day: 28)!)
        case .int: .int(Int.random(in: Int.min...Int.max, using: &g))
        case .person: .person(person(&g))
        case .people: .people((0..<Int.random(in: 0...3, using: &g)).map { _ in person(&g) })
        }
    }

    /// A patch; with `single`, at most one field and one element per set (JSONEncoder writes those in hash order).
    static func patch(_ g: inout SeededGenerator, single: Bool) -> TaskPatch {
        let limit = single ? 1 : 5
        var fields: [TaskField: FieldValue] = [:]
        for field in TaskField.allCases.shuffled(using: &g).prefix(Int.random(in: 0...limit, using: &g)) {
            fields[field] = value(of: field, &g)
        }
        let status = maybe(&g) { g in
            StatusChange(code: text(&g), status: maybe(&g) { TaskStatus.allCases.randomElement(using: &$0)! },
                         rank: Int.random(in: 0...9, using: &g), reopens: Bool.random(using: &g))
        }
        return TaskPatch(
            taskKey: TaskKey(text(&g)), record: record(&g), sourceTime: time(&g), fields: fields, status: status,
            majorErrors: Set((0..<Int.random(in: 0...limit, using: &g)).map { "e\($0)" }),
            returns: Set((0..<Int.random(in: 0...limit, using: &g)).map { "r\($0)" }))
    }

    static func task(_ g: inout SeededGenerator) -> UnifiedTask {
        var t = UnifiedTask(key: TaskKey(text(&g)))
        t.block = maybe(&g) { Block.allCases.randomElement(using: &$0)! }
        t.agency = maybe(&g, text)
        t.unit = maybe(&g, text)
        t.title = maybe(&g, text)
        t.document.documentId = maybe(&g, text)
        t.document.issuerId = maybe(&g, text)
        t.document.issuerName = maybe(&g, text)
        t.document.number = maybe(&g, text)
        t.document.notation = maybe(&g, text)
        t.document.promulgationDate = maybe(&g) { _ in CalendarDay(year: 2026, month: 3, day: 31)! }
        t.document.documentType = maybe(&g, text)
        t.productType = maybe(&g, text)
        t.mainHandler = maybe(&g, person)
        t.coordinators = (0..<Int.random(in: 0...3, using: &g)).map { _ in person(&g) }
        t.assignedBy = maybe(&g, person)
        t.assignedAt = maybe(&g, time)
        t.dueAt = maybe(&g, time)
        t.completedAt = maybe(&g, time)
        t.status = TaskStatus.allCases.randomElement(using: &g)!
        t.statusCode = maybe(&g, text)
        t.priority = maybe(&g) { Int.random(in: -3...3, using: &$0) }
        t.replacedBy = maybe(&g) { TaskKey(text(&$0)) }
        t.replaces = maybe(&g) { TaskKey(text(&$0)) }
        t.deadlines = (0..<Int.random(in: 0...3, using: &g)).map { _ in time(&g) }
        t.majorErrors = Int.random(in: 0...4, using: &g)
        t.returns = Int.random(in: 0...4, using: &g)
        t.provenance = (0..<Int.random(in: 0...3, using: &g)).map { _ in record(&g) }
        return t
    }

    @Test func tasksAndPatchesReadBackAsTheSameValues() throws {
        var g = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let task = Self.task(&g)
            #expect(try StoredBody.decodeTask(StoredBody.encode(task)) == task)
            let patch = Self.patch(&g, single: false)
            #expect(try StoredBody.decodePatch(StoredBody.encode(patch)) == patch)
        }
    }

    @Test func equalPatchesGiveEqualBytesWhateverOrderTheyWereBuiltIn() {
        var g = SeededGenerator(seed: 9)
        for _ in 0..<2_000 {
            let patch = Self.patch(&g, single: false)
            // A copy built in another order hashes differently; its bytes do not.
            let copy = TaskPatch(taskKey: patch.taskKey, record: patch.record, sourceTime: patch.sourceTime,
                                 fields: Dictionary(uniqueKeysWithValues: patch.fields.reversed()), status: patch.status,
                                 majorErrors: Set(patch.majorErrors.reversed()), returns: Set(patch.returns.reversed()))
            #expect(StoredBody.encode(copy) == StoredBody.encode(patch))
        }
    }

    /// The migration that rewrites them reads the JSON bodies of earlier releases; anything else refuses one and
    /// names the command that rewrites it.
    @Test func bodiesWrittenAsJSONByEarlierReleasesAreReadByTheMigrationOnly() throws {
        var g = SeededGenerator(seed: 10)
        for _ in 0..<2_000 {
            let task = Self.task(&g)
            #expect(try LegacyBody.task(Self.encoder.encode(task)) == task)
            let patch = Self.patch(&g, single: false)
            #expect(try LegacyBody.patch(Self.encoder.encode(patch)) == patch)
        }
        let error = #expect(throws: LedgerError.self) { try StoredBody.decodeTask(Self.encoder.encode(Self.task(&g))) }
        #expect(error?.description == "stored task: in the JSON of an earlier release (before ledger schema v12), not rewritten yet; run kpibridge migrate")
    }

    @Test func aDamagedBodyIsAOneLineErrorAtEveryLength() throws {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<50 {
            let task = StoredBody.encode(Self.task(&g))
            let patch = StoredBody.encode(Self.patch(&g, single: false))
            for (body, decode) in [(task, { _ = try StoredBody.decodeTask($0) }), (patch, { _ = try StoredBody.decodePatch($0) })] as [(Data, (Data) throws -> Void)] {
                for length in 0..<body.count {
                    let error = #expect(throws: LedgerError.self) { try decode(body.prefix(length)) }
                    #expect(error?.description.contains("\n") == false)
                }
                let longer = #expect(throws: LedgerError.self) { try decode(body + [0]) }
                #expect(longer?.description.contains("left over") == true)
            }
        }
        var newer = StoredBody.encode(Self.task(&g))
        newer[1] = 9
        let error = #expect(throws: LedgerError.self) { try StoredBody.decodeTask(newer) }
        #expect(error?.description == "stored task: format version 9 is newer than this release reads")
        let patchAsTask = #expect(throws: LedgerError.self) { try StoredBody.decodeTask(StoredBody.encode(Self.patch(&g, single: true))) }
        #expect(patchAsTask?.description == "stored task: not a task body")
    }

    @Test func timesStoredAsMillisecondsAndUnknownKeysAreRead() throws {
        let body = #"{"coordinators":[],"deadlines":[0,"2026-03-31T08:00:00.000+07:00"],"document":{},"key":"k","majorErrors":0,"#
            + #""provenance":[],"returns":0,"status":"received","later":{"added":[1,2]},"title":null}"#
        let task = try LegacyBody.task(Data(body.utf8))
        #expect(task.deadlines == [Timestamp(millis: 0), Timestamp(iso8601: "2026-03-31T08:00:00.000+07:00")!])
        #expect(task.title == nil && task.key == TaskKey("k"))
    }

    @Test(arguments: [
        ("{", "a task in the JSON of an earlier release: The given data was not valid JSON."),
        ("[]", "a task in the JSON of an earlier release: Expected to decode Dictionary<String, Any> but found an array instead."),
        (#"{"coordinators":[],"deadlines":[],"document":{},"majorErrors":0,"provenance":[],"returns":0,"status":"received"}"#, "a task in the JSON of an earlier release: key: missing"),
        (#"{"coordinators":[],"deadlines":[],"document":{},"key":"k","majorErrors":"2","provenance":[],"returns":0,"status":"received"}"#,
         "majorErrors: Expected to decode Int but found a string instead."),
        (#"{"coordinators":[{"id":"1"}],"deadlines":[],"document":{},"key":"k","majorErrors":0,"provenance":[],"returns":0,"status":"received"}"#,
         "coordinators[0].namespace: missing"),
        (#"{"coordinators":[],"deadlines":["soon"],"document":{},"key":"k","majorErrors":0,"provenance":[],"returns":0,"status":"received"}"#,
         "deadlines[0]: not an ISO 8601 time: soon"),
        (#"{"coordinators":[],"deadlines":[],"document":{},"key":"k","majorErrors":0,"provenance":[],"returns":0,"status":"lost"}"#,
         "status: Cannot initialize TaskStatus from invalid String value lost"),
    ])
    func anUnreadableBodyIsAOneLineErrorNamingTheField(body: String, message: String) {
        let error = #expect(throws: LedgerError.self) { try LegacyBody.task(Data(body.utf8)) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("\n") == false)
    }
}
