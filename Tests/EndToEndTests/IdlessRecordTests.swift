import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A record whose id cannot be read is a dead letter of its own (named by its position in the payload), never
/// resolved by the next good record of the same payload, and found again by `replay` and `--reprocess`.
struct IdlessRecordTests {
    /// v1 reads the id from `id` only; v2 falls back to the tool's `code`.
    static func mapping(version: Int) -> String {
        let id = version < 2 ? #"{ path: "@.id" }"# : #"{ first: [ "@.id", "@.code" ] }"#
        return """
            id: tool
            version: \(version)
            format: json
            items: $.items[*]
            statuses:
              open: { status: received, rank: 1 }
            rules:
              - name: task
                task: { concat: [ "tool:", \(id) ] }
                recordId: \(id)
                version: "@.at"
                time: { path: "@.at", date: "dd-MM-yyyy HH:mm" }
                status: "@.state"
                fields:
                  title: "@.title"
                  mainHandler: { namespace: tool-staff, id: "@.owner" }
            """
    }

    /// `ids[i]` nil writes record i with a `code` and no `id`.
    static func page(_ dir: TemporaryDirectory, _ name: String, _ ids: [String?]) throws -> String {
        let items = ids.enumerated().map { i, id in
            let identity = id.map { #""id":"\#($0)""# } ?? #""code":"C\#(i + 1)""#
            return #"{\#(identity),"title":"Việc \#(i + 1)","owner":"S1","state":"open","at":"10-03-2026 08:00"}"#
        }
        return try dir.write(name, Array(#"{"items":[\#(items.joined(separator: ","))]}"#.utf8))
    }

    static let at = Timestamp(iso8601: "2026-04-15T00:00:00+07:00")!

    /// The shapes the issue names: bad then good, two bad, bad last.
    static let shapes: [(name: String, ids: [String?], bad: [String])] = [
        ("bad-then-good", [nil, "T2"], ["#1"]),
        ("two-bad", [nil, nil, "T3"], ["#1", "#2"]),
        ("bad-last", ["T1", "T2", nil], ["#3"]),
        ("good-bad-good-bad", ["T1", nil, "T3", nil], ["#2", "#4"]),
    ]

    @Test(arguments: shapes.indices)
    func everyIdlessRecordIsListedAndReplayedAfterTheFix(_ index: Int) throws {
        let shape = Self.shapes[index]
        let dir = try TemporaryDirectory()
        let page = try Self.page(dir, "\(shape.name).json", shape.ids)
        let v1 = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: Self.mapping(version: 1))
        let (summary, results) = try v1.importFiles([page], source: "tool")
        #expect(summary.deadLetters == shape.bad.count)
        #expect(results[0].failures.allSatisfy { $0.contains("(no readable id)") })

        let letters = try v1.store.deadLetters.list(includeResolved: false)
        #expect(letters.compactMap(\.recordId).sorted() == shape.bad)  // one row each, none resolved by the good ones
        let v1Tasks = try v1.store.tasks.list(TaskFilter()).map(\.key.rawValue)
        #expect(v1Tasks.count == shape.ids.count - shape.bad.count, "\(v1Tasks)")
        let listed = try DeadLetterFormatter.render(letters, as: .table)
        for identity in shape.bad { #expect(listed.contains(identity)) }

        // Importing the same page again finds the same letters: an attempt more each, no new rows.
        _ = try v1.importFiles([page], source: "tool")
        #expect(try v1.store.deadLetters.list(includeResolved: false).map(\.attempts) == Array(repeating: 2, count: shape.bad.count))

        let v2 = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: Self.mapping(version: 2))
        let outcomes = try v2.replay(ReplaySelection(reason: "mapping"), dryRun: false, actor: "operator", at: Self.at)
        #expect(outcomes.count == shape.bad.count && outcomes.allSatisfy(\.resolved))
        #expect(try v2.store.deadLetters.list(includeResolved: false).isEmpty)
        #expect(try v2.store.tasks.list(TaskFilter()).count == shape.ids.count)
    }

    @Test func aReplayOfOneIdlessLetterReportsItsOwnRecordOnly() throws {
        let dir = try TemporaryDirectory()
        let page = try Self.page(dir, "p.json", ["T1", nil, nil])
        let v1 = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: Self.mapping(version: 1))
        _ = try v1.importFiles([page], source: "tool")
        let letters = try v1.store.deadLetters.list(includeResolved: false).sorted { $0.id < $1.id }
        #expect(letters.map(\.recordId) == ["#2", "#3"])
        // Still failing under v1: each letter is told its own record's failure.
        let outcomes = try v1.replay(ReplaySelection(ids: [letters[1].id]), dryRun: true, actor: "x", at: Self.at)
        #expect(outcomes.count == 1 && outcomes[0].failures.count == 1)
        #expect(outcomes[0].failures[0].contains("record #3 (no readable id)"))
        #expect(DeadLetterFormatter.detail(letters[1], payload: nil).contains("#3 in the payload (its id could not be read)"))
    }

    @Test func reprocessingUnderTheFixResolvesIdlessLettersAndEqualsARightImport() throws {
        let dir = try TemporaryDirectory()
        let pages = [try Self.page(dir, "a.json", [nil, "T2", nil]), try Self.page(dir, "b.json", ["T4", nil])]
        let v1 = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: Self.mapping(version: 1))
        _ = try v1.importFiles(pages, source: "tool")
        #expect(try v1.store.deadLetters.list(includeResolved: false).count == 3)

        let v2 = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: Self.mapping(version: 2))
        let outcome = try v2.reprocess(source: "tool", dryRun: false, actor: "operator", at: Self.at)
        #expect(outcome.failures.isEmpty)
        #expect(try v2.store.deadLetters.list(includeResolved: false).isEmpty)
        #expect(try v2.store.deadLetters.list(includeResolved: true).count == 3)

        let right = try ReplayTests.bridge(dir, database: "right.sqlite", mapping: Self.mapping(version: 2))
        _ = try right.importFiles(pages, source: "tool")
        let tasks = { (b: Bridge) in try UnifiedTask.listJSON(try b.store.tasks.list(TaskFilter()).map { var t = $0; t.provenance = []; return t }) }
        #expect(try tasks(v2) == tasks(right))
    }

    /// edXML: one record per document, so an id-less document is `#1` of its payload, and two such documents
    /// are two letters (two payloads), each told its own failure by a replay.
    @Test func anEdxmlDocumentWithoutAnIdIsALetterOfItsOwn() throws {
        let dir = try TemporaryDirectory()
        let sample = String(decoding: try Fixtures.sample("doc-02-107.edxml"), as: UTF8.self)
        let noId = sample.replacingOccurrences(of: "<edXML:DocumentId>000.00.00.H34,2026/03/03,107/UBND-VP</edXML:DocumentId>", with: "")
        #expect(noId != sample)
        let files = [
            try dir.write("a.edxml", Array(noId.utf8)),
            try dir.write("b.edxml", Array(noId.replacingOccurrences(of: "<edXML:Subject>", with: "<edXML:Subject>B ").utf8)),
        ]
        let mapping = try String(contentsOfFile: "\(Fixtures.home)/Mappings/eoffice-edxml.yml", encoding: .utf8)
        try mapping.write(toFile: dir.file("eoffice.yml"), atomically: true, encoding: .utf8)
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: eoffice, kind: edxml-files, mapping: eoffice.yml, block: state }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { Self.at })
        _ = try bridge.importFiles(files, source: "eoffice")
        let letters = try bridge.store.deadLetters.list(includeResolved: false)
        #expect(letters.map(\.recordId) == ["#1", "#1"] && Set(letters.map(\.payloadHash)).count == 2)
        #expect(letters.allSatisfy { $0.failureClass == .mapping })
        let outcomes = try bridge.replay(ReplaySelection(source: "eoffice"), dryRun: true, actor: "x", at: Self.at)
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.failures.count == 1 && !$0.resolved })
    }
}
