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
        #expect(item.children.map(\.name) == ["id", "ten", "done", "note"])  // document order
        #expect(item.children.first { $0.name == "id" }?.text == "7")
        #expect(item.children.first { $0.name == "done" }?.kind == .bool)
        #expect(item.children.first { $0.name == "note" }?.kind == .null)
        #expect(item.children.first { $0.name == "ten" }?.text == "Nguyễn Văn A")
    }

    @Test(arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{8}\u{c}\n\r\t"),
        (#""\u0110\u1EA1i""#, "Đại"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""Hà Nội""#, "Hà Nội"),
        (#""""#, ""),
    ])
    func decodesStringsAndEscapes(json: String, expected: String) throws {
        let text = try JSONReader.parse(Data(json.utf8)).root.text
        #expect(text.map { Array($0.unicodeScalars) } == Array(expected.unicodeScalars))
    }

    @Test(arguments: ["0", "-0", "7", "-12.5", "1e3", "1E-7", "2.50", "12345678901234567890123456789", "1e999999999"])
    func keepsNumbersExactlyAsWritten(number: String) throws {
        let node = try JSONReader.parse(Data(number.utf8)).root
        #expect(node.kind == .number)
        #expect(node.text == number)
    }

    @Test(arguments: [
        ("", "empty"), ("   ", "empty"), ("{", "ends inside an object"), ("[1 2]", "expected ',' or ']'"),
        ("{\"a\":}", "where a value was expected"), ("[1,]", "where a value was expected"), ("{\"a\":1,}", "expected a key"),
        ("01", "may not start with 0"), ("1.", "digits after '.'"), ("-", "needs digits"), ("1e", "exponent"),
        ("tru", "where a value was expected"), ("nul", "where a value was expected"), ("{} {}", "content after"),
        ("\"abc", "ends inside a string"), ("\"a\u{1}b\"", "control character"), (#""\x""#, "invalid escape"),
        (#""\u12G4""#, "invalid hex digit"), ("'a'", "unexpected ''' where"), ("NaN", "unexpected 'N'"),
    ])
    func refusesMalformedJSONWithAReason(text: String, reason: String) {
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(text.utf8)) }
        #expect(error?.description.contains(reason) == true, "\(text): \(error?.description ?? "")")
    }

    @Test func refusesDuplicateKeysNamingTheKeyAndLine() {
        let json = "{\n  \"id\": \"T1\",\n  \"trangThai\": \"moi\",\n  \"trangThai\": \"xong\"\n}"
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(json.utf8)) }
        #expect(error?.line == 4)
        #expect(error?.description == "line 4: JSON duplicate key \"trangThai\" (column 3)")
        // The same key in different objects is fine.
        #expect(throws: Never.self) { try JSONReader.parse(Data(#"[{"a":1},{"a":2}]"#.utf8)) }
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // bad continuation
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
        [0x22, 0xC0, 0xAF, 0x22],  // overlong
        [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
        [0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D],  // in a key
    ] as [[UInt8]])
    func refusesInvalidUTF8(bytes: [UInt8]) {
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(bytes)) }
        #expect(error?.code == .encoding)
    }

    @Test(arguments: [#""\uD83D""#, #""\uDE00""#, #""\uD83Dx""#, #""\uD83D\u0041""#])
    func refusesLoneSurrogates(json: String) {
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(json.utf8)) }
        #expect(error?.code == .encoding)
    }

    @Test(arguments: [300, 1_000_000])
    func refusesDeepNestingWithoutRecursingThroughIt(depth: Int) {
        let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(json.utf8)) }
        #expect(error?.description.contains("nested deeper than 128") == true)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(throws: ParseError.self) { try JSONReader.parse(Data(objects.utf8)) }
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let json = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(throws: Never.self) { try JSONReader.parse(Data(json.utf8)) }
    }

    @Test func refusesOverlongStringsAndNumbers() {
        var limits = JSONReader.Limits()
        limits.maxStringBytes = 1_000
        let long = "{\"a\":\n\"" + String(repeating: "x", count: 1_001) + "\"}"
        let error = #expect(throws: ParseError.self) { try JSONReader.parse(Data(long.utf8), limits: limits) }
        #expect(error?.description == "line 2: JSON string longer than 1000 bytes (column 1)")
        let escaped = "\"" + String(repeating: "\\n", count: 1_001) + "\""
        #expect(throws: ParseError.self) { try JSONReader.parse(Data(escaped.utf8), limits: limits) }
        let number = String(repeating: "9", count: 101)
        let tooLong = #expect(throws: ParseError.self) { try JSONReader.parse(Data(number.utf8)) }
        #expect(tooLong?.code == .limit)
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try JSONReader.parse(Data([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))).root.children.count == 1)
    }

    @Test func agreesWithFoundationOnTheSamplePages() throws {
        for tool in ["ioffice", "party", "mass"] {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Samples/\(tool)/page-1.json")
            let data = try Data(contentsOf: url)
            let mine = try JSONReader.parse(data).root
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(mine, theirs), "\(tool)")
        }
    }

    static func same(_ node: SourceNode, _ value: Any) -> Bool {
        switch value {
        case let object as [String: Any]:
            return node.kind == .object && node.children.count == object.count
                && node.children.allSatisfy { child in object[child.name].map { same(child, $0) } ?? false }
        case let array as [Any]:
            return node.kind == .array && node.children.count == array.count && zip(node.children, array).allSatisfy { same($0, $1) }
        case let string as String: return node.kind == .string && node.text == string
        case is NSNull: return node.kind == .null
        case let number as NSNumber:
            if node.kind == .bool { return (node.text == "true") == number.boolValue }
            return node.kind == .number && Double(node.text ?? "") == number.doubleValue
        default: return false
        }
    }
}
