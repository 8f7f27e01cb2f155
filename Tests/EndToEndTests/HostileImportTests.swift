import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Hostile and broken payloads through the real import: each ends as one dead letter with a clear reason.
struct HostileImportTests {
    static func importOne(_ bytes: [UInt8]) throws -> (DeadLetter?, [String: Int]) {
        let dir = try TemporaryDirectory()
        let file = try dir.write("payload.edxml", bytes)
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"))
        let (summary, _) = try bridge.importFiles([file], source: "eoffice")
        #expect(summary.records == 1)
        #expect(summary.deadLetters == 1)
        return (try bridge.store.deadLetters.list(includeResolved: false).first, try bridge.store.counts())
    }

    static let bomb: String = {
        var decl = #"<!ENTITY a0 "lol">"#
        for i in 1...9 { decl += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">" }
        return "<?xml version=\"1.0\"?><!DOCTYPE bomb [\(decl)]><bomb>&a9;</bomb>"
    }()

    @Test(arguments: [
        ("external entity (file)", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DOCTYPE"),
        ("external entity (loopback)", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]><a>&x;</a>", "DOCTYPE"),
        ("entity bomb", bomb, "DOCTYPE"),
        ("deep nesting", String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000), "nested deeper"),
        ("wrong encoding", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>x</a>", "only UTF-8"),
        ("truncated", "<?xml version=\"1.0\"?><edXML><edXMLEnvelope><MessageHeader>", "line"),
    ])
    func hostileXMLBecomesAParseDeadLetter(name: String, xml: String, reasonContains: String) throws {
        let (letter, counts) = try Self.importOne(Array(xml.utf8))
        let dead = try #require(letter, "\(name)")
        #expect(dead.failureClass == .parse)
        #expect(dead.reason.contains(reasonContains), "\(name): \(dead.reason)")
        #expect(!dead.reason.contains("\n"))
        #expect(!dead.reason.contains("root:"))  // nothing from /etc/passwd leaked into the reason
        #expect(counts["task"] == 0)
        #expect(counts["payload"] == 1)  // the raw bytes are kept for replay
    }

    /// A hostile page through the Party tool's mapping.
    static func importJSON(_ bytes: [UInt8]) throws -> (DeadLetter?, [String: Int]) {
        let dir = try TemporaryDirectory()
        let file = try dir.write("page.json", bytes)
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        let (summary, _) = try bridge.importFiles([file], source: "party")
        #expect(summary.deadLetters == 1)
        return (try bridge.store.deadLetters.list(includeResolved: false).first, try bridge.store.counts())
    }

    static let item = #"{"taskId":"P-1","title":"Việc","organ":"TU-BTC","assignee":{"memberCode":"DV00001"},"status":"in_progress","updatedAt":"2026-03-30T14:30:00.000+07:00"}"#

    @Test(arguments: [
        ("deep nesting", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), "nested deeper than 128"),
        ("huge number", #"{"items":[1"# + String(repeating: "0", count: 5_000) + "]}", "number longer than 100"),
        ("duplicate keys", #"{"items":[{"taskId":"P-1","status":"done","status":"in_progress"}]}"#, "duplicate key \"status\""),
        ("trailing comma", #"{"items":[\#(item),]}"#, "where a value was expected"),
        ("truncated", #"{"items":[\#(item)"#, "ends inside an array"),
        ("long string", #"{"items":[{"title":""# + String(repeating: "a", count: 11 << 20) + #""}]}"#, "string longer than 10485760 bytes"),
    ])
    func hostileJSONBecomesAParseDeadLetter(name: String, json: String, reasonContains: String) throws {
        let (letter, counts) = try Self.importJSON(Array(json.utf8))
        let dead = try #require(letter, "\(name)")
        #expect(dead.failureClass == .parse)
        #expect(dead.reason.contains(reasonContains), "\(name): \(dead.reason)")
        #expect(dead.reason.count < 200 && !dead.reason.contains("\n"))
        #expect(counts["task"] == 0)
        #expect(counts["payload"] == 1)
    }

    @Test func invalidUTF8InJSONBecomesAParseDeadLetter() throws {
        let bytes = Array(#"{"items":[{"title":"S"#.utf8) + [0xC3, 0x28] + Array(#""}]}"#.utf8)
        let (letter, _) = try Self.importJSON(bytes)
        #expect(letter?.failureClass == .parse)
        #expect(letter?.reason.contains("not valid UTF-8") == true)
    }

    @Test func aHugeNumberWhereTheMappingWantsADateIsAMappingDeadLetter() throws {
        let json = #"{"items":[{"taskId":"P-1","title":"Việc","organ":"TU-BTC","assignee":{"memberCode":"DV00001"},"status":"in_progress","updatedAt":1e999999}]}"#
        let (letter, _) = try Self.importJSON(Array(json.utf8))
        #expect(letter?.failureClass == .mapping)
        #expect(letter?.reason.contains("1e999999") == true)
    }

    @Test func invalidUTF8BecomesAParseDeadLetter() throws {
        let bytes = Array(#"<?xml version="1.0" encoding="UTF-8"?><a>S"#.utf8) + [0xC3, 0x28] + Array("</a>".utf8)
        let (letter, _) = try Self.importOne(bytes)
        #expect(letter?.failureClass == .parse)
        #expect(letter?.reason.contains("XML encoding") == true)
    }

    @Test func aLargeAttachmentIsStreamedAndTheDocumentStillMaps() throws {
        let dir = try TemporaryDirectory()
        var text = String(decoding: try Fixtures.sample("doc-02-107.edxml"), as: UTF8.self)
        let marker = "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K"
        #expect(text.contains(marker))
        text = text.replacingOccurrences(of: marker, with: String(repeating: "QUJD", count: 2_000_000))  // 8 MB
        let file = try dir.write("big.edxml", Array(text.utf8))
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"))
        let (summary, _) = try bridge.importFiles([file], source: "eoffice")
        #expect(summary.newTasks == 1)
        #expect(summary.deadLetters == 0)
        let hash = try #require(try bridge.store.tasks.list(TaskFilter()).first?.provenance.first?.payloadHash)
        #expect(try bridge.store.facts.payload(hash: hash)?.count == text.utf8.count)
    }
}
