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
