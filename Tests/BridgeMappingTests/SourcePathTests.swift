import BridgeMapping
import BridgeModel
import BridgeParsing
import Foundation
import Testing

struct SourcePathTests {
    static let json = """
        {"data":{"items":[{"id":"a1","people":[{"code":"P1"},{"code":"P2"}],"when":"05-04-2026 07:05"},
        {"id":"a2","people":[],"when":"06-04-2026 08:00","name with space":"x"}]},"next":"c2"}
        """

    static func values(_ path: String, mappingItems: String? = nil) throws -> [String] {
        let text = """
            id: t
            version: 1
            format: json
            \(mappingItems.map { "items: \($0)" } ?? "")
            rules:
              - name: r
                task: { concat: [ { path: "\(path)", pick: last }, "" ] }
                recordId: { const: x }
                version: { const: "1" }
                time: { const: "2026-01-01T00:00:00Z", date: iso8601 }
            """
        let spec = try MappingSpec.load(text: text, file: "t.yml")
        let doc = try JSONReader.parse(Data(json.utf8))
        let outcomes = Mapper(spec: spec).map(doc, defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        return outcomes.compactMap { outcome in
            if case .patches(let record) = outcome { return record.patches.first?.taskKey.rawValue }
            return nil
        }
    }

    @Test(arguments: [
        ("$.next", ["c2"]),
        ("$.data.items[0].id", ["a1"]),
        ("$.data.items[*].id", ["a2"]),  // pick: last
        ("$.data.items.id", ["a2"]),  // arrays are looked through
        ("$..code", ["P2"]),
        ("$.data.items[1]['name with space']", ["x"]),
    ])
    func jsonPathsSelect(path: String, expected: [String]) throws {
        #expect(try Self.values(path) == expected)
    }

    @Test func itemsSplitAPageIntoRecordsAndAtIsTheItem() throws {
        #expect(try Self.values("@.id", mappingItems: "$.data.items[*]") == ["a1", "a2"])
    }
}

/// The XML path constructs, on one small document.
struct XMLPathTests {
    static let xml = #"<r xmlns="urn:a" xmlns:b="urn:b"><m v="1"><x>one</x><x>two</x><b:x>other</b:x></m><n><x>deep</x></n></r>"#

    static func values(_ path: String) throws -> [String] {
        let text = """
            id: t
            version: 1
            format: xml
            namespaces: { a: "urn:a", b: "urn:b" }
            rules:
              - name: r
                each: { item: "\(path)" }
                task: { concat: [ { path: "$item" }, "" ] }
                recordId: { const: x }
                version: { const: "1" }
                time: { const: "2026-01-01T00:00:00Z", date: iso8601 }
            """
        let spec = try MappingSpec.load(text: text, file: "t.yml")
        let outcome = Mapper(spec: spec).map(try XMLStreamParser.parse(Array(xml.utf8)), defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        guard case .patches(let record)? = outcome.first else { return [] }
        return record.patches.map(\.taskKey.rawValue)
    }

    @Test(arguments: [
        ("/a:r/a:m/a:x", ["one", "two"]),  // from the root, by namespace and local name
        ("/a:r/a:m/b:x", ["other"]),  // another namespace, same local name
        ("/a:r/a:m/x", ["one", "two", "other"]),  // no prefix: the local name in any namespace
        ("//a:x", ["one", "two", "deep"]),  // anywhere, in document order
        ("/a:r/a:m/a:x[2]", ["two"]),  // XPath positions count from 1
        ("/a:r/a:m/@v", []),  // an attribute is text, not an item to bind
        ("/a:r/*/a:x", ["one", "two", "deep"]),
    ])
    func xmlPathsSelect(path: String, expected: [String]) throws {
        #expect(try Self.values(path) == expected)
    }

    @Test func attributesAreRead() throws {
        let text = """
            id: t
            version: 1
            format: xml
            namespaces: { a: "urn:a" }
            rules:
              - name: r
                task: /a:r/a:m/@v
                recordId: { const: x }
                version: { const: "1" }
                time: { const: "2026-01-01T00:00:00Z", date: iso8601 }
            """
        let outcome = Mapper(spec: try MappingSpec.load(text: text, file: "t.yml")).map(
            try XMLStreamParser.parse(Array(Self.xml.utf8)), defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        guard case .patches(let record)? = outcome.first else { Issue.record("no patch"); return }
        #expect(record.patches.first?.taskKey.rawValue == "1")
    }
}
