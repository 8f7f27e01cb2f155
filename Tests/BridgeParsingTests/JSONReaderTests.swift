import BridgeModel
import BridgeParsing
import Foundation
import Testing

struct JSONReaderTests {
    @Test func readsObjectsArraysAndScalars() throws {
        let json = #"{"data":[{"id":7,"ten":"Nguyễn Văn A","done":true,"note":null}],"page":1}"#
        let doc = try JSONReader.parse(Data(json.utf8))
        #expect(doc.format == .json)
        let data = try #require(doc.root.children.first { $0.name == "data" })
        #expect(data.kind == .array)
        let item = data.children[0]
        #expect(item.children.first { $0.name == "id" }?.text == "7")
        #expect(item.children.first { $0.name == "done" }?.kind == .bool)
        #expect(item.children.first { $0.name == "note" }?.kind == .null)
        #expect(item.children.first { $0.name == "ten" }?.text == "Nguyễn Văn A")
    }

    @Test(arguments: ["", "{", "[1 2]", "{\"a\":}"])
    func refusesMalformedJSON(text: String) {
        #expect(throws: ParseError.self) { try JSONReader.parse(Data(text.utf8)) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: ParseError.self) { try JSONReader.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
    }

    @Test func refusesDeepNesting() {
        let json = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: ParseError.self) { try JSONReader.parse(Data(json.utf8)) }
    }
}
