import BridgeApp
import BridgeLedger
import BridgeModel
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
        return (try bridge.store.deadLetters(includeResolved: false).first, try bridge.store.counts())
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
        let hash = try #require(try bridge.store.tasks(TaskFilter()).first?.provenance.first?.payloadHash)
        #expect(try bridge.store.payload(hash: hash)?.count == text.utf8.count)
    }
}
