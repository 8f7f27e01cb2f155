import BridgeMapping
import BridgeModel
import BridgeParsing
import Foundation
import Testing

/// Each construct of docs/mapping-language.md "Expressions", on one record.
struct ExpressionTests {
    static let record = #"{"id":"T1","code":"123","notation":"SNV-CCVC","name":"  Lê Văn Hùng  ","nfd":"Hu\#u{0300}ng","kind":"cv","email":"Lan.NT@X.VN","when":"05/04/2026 07:05","day":"05/04/2026","empty":"   ","nothing":null,"tags":["a","b","c"]}"#

    /// The `title` (or `field`) a field expression gives for the record, or the mapping error.
    static func evaluate(_ expression: String, field: String = "title", record: String = record) throws -> Result<FieldValue?, RecordFailure> {
        let text = """
            id: t
            version: 1
            format: json
            rules:
              - name: r
                task: "$.id"
                recordId: "$.id"
                version: { const: "1" }
                time: { const: "2026-01-01T00:00:00Z", date: iso8601 }
                fields:
                  \(field): \(expression)
            """
        let spec = try MappingSpec.load(text: text, file: "t.yml")
        let outcome = Mapper(spec: spec).map(try JSONReader.parse(Data(record.utf8)), defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        switch outcome.first! {
        case .patches(let mapped): return .success(mapped.patches.first?.fields[TaskField(rawValue: field)!])
        case .failure(_, let reason): return .failure(reason)
        }
    }

    @Test(arguments: [
        (#""$.name""#, "Lê Văn Hùng"),  // a bare string is a path; trimmed
        (#"{ path: "$.name", trim: false }"#, "  Lê Văn Hùng  "),
        (#"{ path: "$.email", lower: true }"#, "lan.nt@x.vn"),
        (#"{ path: "$.email", upper: true }"#, "LAN.NT@X.VN"),
        (#"{ concat: [ { path: "$.code" }, "/", { path: "$.notation" } ] }"#, "123/SNV-CCVC"),
        (#"{ first: [ "$.missing", "$.empty", "$.code" ] }"#, "123"),  // blank counts as missing
        (#"{ path: "$.kind", map: { cv: "Công văn", qd: "Quyết định" } }"#, "Công văn"),
        (#"{ path: "$.missing", default: "Văn bản" }"#, "Văn bản"),
        (#"{ path: "$.nothing", default: "null is missing" }"#, "null is missing"),
        (#"{ path: "$.tags[*]", pick: last }"#, "c"),
        (#"{ const: "cố định" }"#, "cố định"),
        (#"{ path: "$.code", when: { path: "$.kind", equals: "cv" } }"#, "123"),
        (#"{ path: "$.code", when: { path: "$.kind", in: [ "qd", "cv" ] } }"#, "123"),
    ])
    func textExpressions(expression: String, expected: String) throws {
        #expect(try Self.evaluate(expression).get() == .text(expected))
    }

    @Test(arguments: [
        #"{ path: "$.code", when: { path: "$.kind", equals: "qd" } }"#,
        #"{ path: "$.code", when: { path: "$.missing", exists: true } }"#,
        #"{ path: "$.kind", map: { cv: ~ } }"#,
        #""$.empty""#,
    ])
    func expressionsThatSetNothing(expression: String) throws {
        #expect(try Self.evaluate(expression).get() == nil)
    }

    /// Swift compares strings by canonical equivalence, so the test looks at the scalars.
    @Test func nfcIsTheDefaultAndCanBeTurnedOff() throws {
        func scalars(_ value: FieldValue?) -> [Unicode.Scalar] {
            if case .text(let text)? = value { return Array(text.unicodeScalars) }
            return []
        }
        #expect(scalars(try Self.evaluate(#""$.nfd""#).get()) == Array("H\u{F9}ng".unicodeScalars))
        #expect(scalars(try Self.evaluate(#"{ path: "$.nfd", nfc: false }"#).get()) == Array("Hu\u{0300}ng".unicodeScalars))
    }

    @Test(arguments: [
        (#"{ path: "$.when", date: "dd/MM/yyyy HH:mm" }"#, "2026-04-05T07:05:00.000+07:00"),
        (#"{ path: "$.when", date: "dd/MM/yyyy HH:mm", zone: "Z" }"#, "2026-04-05T14:05:00.000+07:00"),
        (#"{ path: "$.day", date: "dd/MM/yyyy" }"#, "2026-04-05T00:00:00.000+07:00"),
        (#"{ path: "$.day", date: "dd/MM/yyyy", endOfDay: true }"#, "2026-04-05T23:59:59.999+07:00"),
        (#"{ path: "$.when", date: [ "yyyy-MM-dd", "dd/MM/yyyy HH:mm" ] }"#, "2026-04-05T07:05:00.000+07:00"),
    ])
    func datesInTheSourcesFormatAndZone(expression: String, expected: String) throws {
        #expect(try Self.evaluate(expression, field: "dueAt").get() == .time(Timestamp(iso8601: expected)!))
    }

    @Test(arguments: [
        (#"{ path: "$.missing", required: true }"#, "no value at $.missing"),
        (#"{ path: "$.kind", map: { qd: "Quyết định" } }"#, "value 'cv' is not in the value map"),
    ])
    func failuresNameTheRuleAndLine(expression: String, message: String) throws {
        guard case .failure(let failure) = try Self.evaluate(expression) else { Issue.record("no failure"); return }
        #expect(failure.description.contains(message))
        #expect(failure.description.hasPrefix("rules[0].fields.title (mapping line 11)"))
    }

    @Test func aDateThatDoesNotMatchIsAMappingFailure() throws {
        guard case .failure(let failure) = try Self.evaluate(#"{ path: "$.when", date: "yyyy-MM-dd" }"#, field: "dueAt") else {
            Issue.record("no failure")
            return
        }
        #expect(failure.message == "'05/04/2026 07:05' does not match date format yyyy-MM-dd")
    }

    @Test func aMissingRequiredRuleKeyIsALoadError() {
        let text = "id: t\nversion: 1\nformat: json\nrules:\n  - name: r\n    task: \"$.id\"\n    version: \"$.v\"\n    time: { path: \"$.t\", date: iso8601 }\n"
        #expect(throws: MappingError.self) { try MappingSpec.load(text: text, file: "t.yml") }
        do { _ = try MappingSpec.load(text: text, file: "t.yml") } catch {
            #expect("\(error)" == "t.yml:5: rules[0]: missing required key 'recordId'")
        }
    }
}

/// `map` with `else:`, and date errors that say what is wrong.
struct MapFallbackAndDateErrorTests {
    @Test(arguments: [
        (#"{ path: "$.kind", map: { cv: "Công văn" } }"#, "Công văn"),
        (#"{ path: "$.code", map: { cv: "Công văn" }, else: keep }"#, "123"),  // unlisted, kept as it is
        (#"{ path: "$.code", map: { cv: "Công văn" }, else: "Văn bản khác" }"#, "Văn bản khác"),
        (#"{ path: "$.code", map: { cv: "Công văn" }, else: ~, default: "Văn bản" }"#, "Văn bản"),  // none, then the default
    ])
    func anUnlistedValueFallsBackAsElseSays(_ expression: String, _ expected: String) throws {
        let value = try ExpressionTests.evaluate(expression).get()
        #expect(value == .text(expected))
    }

    @Test func withoutElseAnUnlistedValueIsStillAFailureThatNamesElse() throws {
        guard case .failure(let failure) = try ExpressionTests.evaluate(#"{ path: "$.code", map: { cv: "Công văn" } }"#) else {
            Issue.record("mapped")
            return
        }
        #expect(failure.message == "value '123' is not in the value map (cv; else: keep or a value accepts others)")
    }

    @Test func elseWithoutAMapIsRefusedAtLoad() {
        #expect(throws: (any Error).self) { try ExpressionTests.evaluate(#"{ path: "$.code", else: keep }"#) }
    }

    @Test(arguments: [
        ("31/02/2026", "dd/MM/yyyy", "'31/02/2026' is not a date: February 2026 has 28 days"),
        ("29/02/2028", "dd/MM/yyyy", nil),
        ("10/13/2026", "dd/MM/yyyy", "'10/13/2026' is not a date: there is no month 13"),
        ("05/04/2026 25:10", "dd/MM/yyyy HH:mm", "'05/04/2026 25:10' is not a time of day: 25:10:00"),
        ("2026-04-05", "dd/MM/yyyy", "'2026-04-05' does not match date format dd/MM/yyyy"),
    ])
    func dateErrorsSayWhatIsWrong(_ text: String, _ pattern: String, _ message: String?) throws {
        let outcome = try ExpressionTests.evaluate(#"{ path: "$.when", date: "\#(pattern)" }"#, field: "dueAt", record: #"{"id":"T1","when":"\#(text)"}"#)
        switch outcome {
        case .success: #expect(message == nil)
        case .failure(let reason): #expect(reason.message == message)
        }
    }
}

/// Counts mapped from a source's own numbers.
struct CountFieldTests {
    @Test(arguments: ["majorErrors", "returns", "missedDeadlines"])
    func aCountMapsFromANumberInTheRecord(_ field: String) throws {
        #expect(try ExpressionTests.evaluate(#""$.code""#, field: field).get() == .int(123))
    }

    @Test func aNegativeCountIsAValidationFailure() throws {
        guard case .failure(let failure) = try ExpressionTests.evaluate(#"{ const: "-2" }"#, field: "returns") else {
            Issue.record("mapped")
            return
        }
        #expect(failure.kind == .validation && failure.message == "returns -2 is a count and cannot be negative")
    }
}

/// People with an ordered list of identities: the first present is the person.
struct PersonIdentityTests {
    static func mainHandler(_ record: String) throws -> Result<FieldValue?, RecordFailure> {
        try ExpressionTests.evaluate(
            #"{ identities: [ { namespace: email, id: { path: "$.email", lower: true } }, { namespace: tool-staff, id: "$.maCanBo" } ], name: "$.hoTen" }"#,
            field: "mainHandler", record: record)
    }

    @Test(arguments: [
        (#"{"id":"1","email":"Lan@X.vn","maCanBo":"CB7","hoTen":"Lan"}"#, PersonRef(namespace: "email", id: "lan@x.vn", name: "Lan")),
        (#"{"id":"1","maCanBo":"CB7","hoTen":"Lan"}"#, PersonRef(namespace: "tool-staff", id: "CB7", name: "Lan")),
        (#"{"id":"1","email":"  ","maCanBo":"CB7"}"#, PersonRef(namespace: "tool-staff", id: "CB7", name: nil)),
        (#"{"id":"1","hoTen":"Lan"}"#, PersonRef(namespace: "email", id: nil, name: "Lan")),
    ])
    func theFirstIdentityPresentIsThePerson(_ record: String, _ expected: PersonRef) throws {
        #expect(try Self.mainHandler(record).get() == .person(expected))
    }

    @Test func nobodyNamedIsNoPerson() throws {
        #expect(try Self.mainHandler(#"{"id":"1"}"#).get() == nil)
    }
}

/// String functions and conditions: enough to split `125-KH/TĐTN-PT` as edXML keeps it, and to compute a value
/// from two fields.
struct TextFunctionAndConditionTests {
    static let symbol = #"{"id":"1","so":"125-KH/TĐTN-PT","word":"  Đã xử lý ","done":"12/03/2026","n":"7","code":"5"}"#

    @Test(arguments: [
        (#"{ path: "$.so", split: { by: "-", part: 0 } }"#, "125"),  // the number
        (#"{ path: "$.so", capture: { regex: "^[0-9]+-(.+)$" } }"#, "KH/TĐTN-PT"),  // the notation, as edXML keeps it
        (#"{ path: "$.so", split: { by: "-", part: -1 } }"#, "PT"),
        (#"{ path: "$.so", replace: { pattern: "[/-]", with: "." } }"#, "125.KH.TĐTN.PT"),
        (#"{ path: "$.so", substring: { from: 4, length: 2 } }"#, "KH"),
        (#"{ path: "$.code", pad: { width: 3 } }"#, "005"),
        (#"{ path: "$.so", lower: true, split: { by: "/", part: 1 } }"#, "tđtn-pt"),
    ])
    func stringFunctions(_ expression: String, _ expected: String) throws {
        #expect(try ExpressionTests.evaluate(expression, record: Self.symbol).get() == .text(expected))
    }

    @Test(arguments: [
        #"{ path: "$.so", split: { by: "-", part: 5 } }"#,  // no such part
        #"{ path: "$.so", capture: { regex: "^X(.*)$" } }"#,  // not this shape
    ])
    func aPartThatIsNotThereIsNoValue(_ expression: String) throws {
        #expect(try ExpressionTests.evaluate(expression, record: Self.symbol).get() == nil)
    }

    @Test(arguments: [
        // a status from a status word plus a completion date
        (#"{ first: [ { const: "xong", when: { all: [ { path: "$.word", equals: "Đã xử lý" }, { path: "$.done", exists: true } ] } }, { const: "dang" } ] }"#, "xong"),
        (#"{ first: [ { const: "xong", when: { all: [ { path: "$.word", equals: "Đã xử lý" }, { path: "$.missing", exists: true } ] } }, { const: "dang" } ] }"#, "dang"),
        (#"{ const: "a", when: { any: [ { path: "$.word", equals: "x" }, { path: "$.n", gt: "5" } ] } }"#, "a"),
        (#"{ const: "b", when: { not: { path: "$.n", lt: "10" } } }"#, nil),
        (#"{ const: "c", when: { path: "$.n", ge: "7" } }"#, "c"),
        (#"{ const: "d", when: { path: "$.n", gt: "10" } }"#, nil),  // 7 > 10 as numbers: no (as text it would be yes)
        (#"{ const: "e", when: { path: "$.so", matches: "^[0-9]+-KH/" } }"#, "e"),
        (#"{ const: "f", when: { path: "$.done", le: "12/03/2026" } }"#, "f"),
    ])
    func conditions(_ expression: String, _ expected: String?) throws {
        #expect(try ExpressionTests.evaluate(expression, record: Self.symbol).get() == expected.map(FieldValue.text))
    }

    @Test(arguments: [
        #"{ path: "$.so", capture: { regex: "(" } }"#,
        #"{ const: "x", when: { path: "$.n", matches: "[" } }"#,
        #"{ const: "x", when: { all: [], path: "$.n" } }"#,
    ])
    func badFunctionsAndConditionsAreRefusedAtLoad(_ expression: String) {
        #expect(throws: (any Error).self) { try ExpressionTests.evaluate(expression, record: Self.symbol) }
    }
}

/// The documented way to map "Quá hạn" (overdue): a status that changes nothing plus a missed-deadline count,
/// which stays once the task is finished.
struct OverdueWordTests {
    @Test func anOverdueWordKeepsTheStateAndCountsAMissedDeadline() throws {
        let spec = try MappingSpec.load(text: """
            id: t
            version: 1
            format: json
            items: $.items[*]
            description: a tool that says Quá hạn
            statuses:
              "Đang xử lý": { status: in_progress, rank: 5 }
              "Hoàn thành": { status: completed, rank: 6 }
              "Quá hạn": { status: ~, rank: 0 }
            rules:
              - name: task
                task: "@.id"
                recordId: "@.id"
                version: "@.v"
                time: { path: "@.v", date: "dd-MM-yyyy HH:mm" }
                status: "@.trangThai"
                fields:
                  missedDeadlines: { path: "@.trangThai", map: { "Quá hạn": "1" }, else: ~ }
            """, file: "t.yml")
        #expect(spec.summary == "a tool that says Quá hạn")
        let page = #"{"items":[{"id":"T","v":"01-03-2026 08:00","trangThai":"Đang xử lý"},{"id":"T","v":"05-03-2026 08:00","trangThai":"Quá hạn"},{"id":"T","v":"09-03-2026 08:00","trangThai":"Hoàn thành"}]}"#
        let outcomes = Mapper(spec: spec).map(try JSONReader.parse(Data(page.utf8)), defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        let patches = outcomes.flatMap { outcome -> [TaskPatch] in
            if case .patches(let record) = outcome { return record.patches } else { return [] }
        }
        let task = TaskFolder.fold(key: TaskKey("T"), patches: patches)
        #expect(task.status == .completed)
        #expect(task.reportedMissedDeadlines == 1)
        #expect(task.missedDeadlines(at: Timestamp(millis: 0)) == 1)
        // Before it finished, the overdue word left it in progress.
        let midway = TaskFolder.fold(key: TaskKey("T"), patches: Array(patches.prefix(2)))
        #expect(midway.status == .inProgress && midway.reportedMissedDeadlines == 1)
    }
}
