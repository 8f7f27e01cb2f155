import BridgeModel
import BridgeParsing
import BridgeTestSupport
import Foundation
import Testing

struct XMLStreamParserTests {
    static func parse(_ text: String) throws -> SourceDocument {
        try XMLStreamParser.parse(Array(text.utf8))
    }

    static func failure(_ bytes: [UInt8]) -> ParseError? {
        do {
            _ = try XMLStreamParser.parse(bytes)
            return nil
        } catch let error as ParseError {
            return error
        } catch {
            return ParseError(.malformed, "unexpected \(error)")
        }
    }

    @Test func readsNamespacesPrefixesTextAndAttributes() throws {
        let doc = try Self.parse(#"<a xmlns="urn:x"><x:b xmlns:x="urn:x" k="v">Sở Nội vụ</x:b><c/></a>"#)
        #expect(doc.root.name == "a")
        #expect(doc.root.namespace == "urn:x")
        let b = doc.root.children[0]
        #expect(b.name == "b" && b.prefix == "x" && b.namespace == "urn:x")
        #expect(b.text == "Sở Nội vụ")
        #expect(b.attributes["k"] == "v")
        #expect(doc.root.children.count == 2)
    }

    @Test func toleratesStrayBytesBeforeTheDeclaration() throws {
        let bytes = try Fixtures.sample("st-14-05-stray-bytes.edxml")
        #expect(bytes.first != UInt8(ascii: "<"))
        #expect(try XMLStreamParser.parse(bytes).root.name == "edXML")
    }

    @Test func keepsAnUndeclaredPrefixSoMappingsCanMatchIt() throws {
        let doc = try XMLStreamParser.parse(try Fixtures.sample("st-12-05-undeclared-prefix.edxml"))
        let envelope = doc.root.children[0]
        #expect(envelope.name == "edXMLEnvelope")
        #expect(envelope.prefix == "edXML")
        #expect(envelope.namespace == nil)
    }

    @Test func attachmentsAreStreamedPastNotKept() throws {
        let head = #"<?xml version="1.0" encoding="UTF-8"?><edXML><Subject>s</Subject><AttachmentEncoded><Attachment><ContentTransferEncoded>"#
        let tail = "</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>"
        let parser = XMLStreamParser()
        try parser.feed(Array(head.utf8))
        let block = [UInt8](repeating: UInt8(ascii: "Q"), count: 1 << 20)
        for _ in 0..<20 { try parser.feed(block) }  // 20 MB of base64, far above the 1 MiB text limit
        try parser.feed(Array(tail.utf8))
        let doc = try parser.finish()
        let attachment = doc.root.children.first { $0.name == "AttachmentEncoded" }
        #expect(attachment != nil)
        #expect(attachment?.children.isEmpty == true)
        #expect(doc.root.descendants().allSatisfy { ($0.text?.count ?? 0) < 10 })
    }

    @Test func refusesExternalEntityToALocalFile() throws {
        let dir = try TemporaryDirectory()
        let secret = try dir.write("secret.txt", Array("TOP-SECRET".utf8))
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file://\(secret)\">]><a>&x;</a>"
        let error = try #require(Self.failure(Array(xml.utf8)))
        #expect(error.code == .forbidden)
        #expect(error.message.contains("DOCTYPE"))
        #expect(!error.description.contains("TOP-SECRET"))
    }

    @Test func refusesExternalEntityToALoopbackURL() throws {
        let xml = #"<?xml version="1.0"?><!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a>&x;</a>"#
        #expect(Self.failure(Array(xml.utf8))?.code == .forbidden)
    }

    @Test func refusesAnEntityExpansionBomb() throws {
        var decl = #"<!ENTITY a0 "lol">"#
        for i in 1...9 { decl += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i - 1);", count: 10) + "\">" }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE bomb [\(decl)]><bomb>&a9;</bomb>"
        #expect(Self.failure(Array(xml.utf8))?.code == .forbidden)
    }

    @Test func refusesAnUndeclaredEntityReference() {
        #expect(Self.failure(Array("<a>&nope;</a>".utf8)) != nil)
    }

    @Test func refusesDeepNesting() {
        let xml = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let error = Self.failure(Array(xml.utf8))
        #expect(error?.code == .limit)
        #expect(error?.message.contains("nested deeper") == true)
    }

    @Test func refusesATruncatedDocument() throws {
        let bytes = try Fixtures.sample("doc-01-100.edxml")
        let error = try #require(Self.failure(Array(bytes.prefix(bytes.count / 2))))
        #expect(error.code == .malformed)
        #expect(error.line != nil)
    }

    @Test func refusesInvalidUTF8() {
        let bytes = Array(#"<?xml version="1.0" encoding="UTF-8"?><a>S"#.utf8) + [0xE1, 0x28, 0xA1] + Array("</a>".utf8)
        #expect(Self.failure(bytes)?.code == .encoding)
    }

    @Test(arguments: ["ISO-8859-1", "UTF-16", "windows-1258"])
    func refusesADeclaredEncodingOtherThanUTF8(encoding: String) {
        let xml = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?><a>Sở</a>"
        let error = Self.failure(Array(xml.utf8))
        #expect(error?.code == .encoding)
        #expect(error?.message.contains(encoding) == true)
    }

    @Test(arguments: [
        "<?xml version='1.0' encoding = 'latin1'?><a/>", "<?xml version=\"1.0\"\tencoding=\"latin1\" standalone=\"yes\"?><a/>",
        "<?xml version=\"1.0\"" + String(repeating: " ", count: 5000) + "encoding=\"latin1\"?><a/>",
    ])
    func findsTheDeclaredEncodingHoweverTheDeclarationIsSpaced(xml: String) {
        #expect(Self.failure(Array(xml.utf8))?.message.contains("declares encoding 'latin1'") == true)
    }

    @Test(arguments: ["utf-8", "UTF_8", "Utf8"])
    func acceptsUTF8HoweverItIsSpelled(encoding: String) throws {
        let document = try XMLStreamParser.parse(Array("<?xml version=\"1.0\" encoding=\"\(encoding)\"?><a>Sở</a>".utf8))
        #expect(document.root.text == "Sở")
    }

    @Test func refusesTextLargerThanTheNodeLimit() throws {
        var limits = XMLLimits()
        limits.maxTextBytes = 1000
        let parser = XMLStreamParser(limits: limits)
        let error = #expect(throws: ParseError.self) {
            try parser.feed(Array("<a>".utf8) + [UInt8](repeating: 65, count: 5000) + Array("</a>".utf8))
            _ = try parser.finish()
        }
        #expect(error?.code == .limit)
    }

    @Test(arguments: ["", "   ", "not xml at all"])
    func refusesPayloadsWithoutAnElement(text: String) {
        #expect(Self.failure(Array(text.utf8)) != nil)
    }
}
