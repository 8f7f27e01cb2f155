@testable import BridgeMapping
import BridgeModel
import BridgeParsing
import Foundation
import Testing

/// A chain path's first match, found depth first without building sets, is the first text the general evaluator
/// gives, for every path of the language over the same documents.
struct ChainPathTests {
    static let json = """
        {"data":{"items":[{"id":"a1","people":[{"code":"P1"},{"code":null},{"code":"P2"}],"tags":[["x","y"],["z"]],"o":{"k":"v"}},
        {"id":"a2","people":[],"when":"06-04-2026 08:00","name with space":"x","o":{}},{"people":[{"code":"P3"}]}]},"next":"c2","n":null}
        """

    static let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <root xmlns:ed="urn:ed"><ed:Header><ed:Id>1</ed:Id><ed:To><ed:Organ a="x">O1</ed:Organ></ed:To>
        <ed:To><ed:Organ>O2</ed:Organ><ed:Organ a="y"/></ed:To></ed:Header><Trace><T>t1</T><T>t2</T></Trace><Empty/></root>
        """

    @Test(arguments: [
        "$.next", "$.n", "$.missing", "$.data.items[0].id", "$.data.items[*].id", "$.data.items.id", "$.data.items[2].id",
        "$.data.items[*].people[*].code", "$.data.items.people.code", "$.data.items[0].people[1].code", "$.data.items[0].tags[*][*]",
        "$.data.items[0].tags[1][0]", "$.data.items[*].o.k", "$.data.items[*].o[*]", "$.data.items[1]['name with space']", "$.data[*]",
        "$..code", "$.data..id",
    ])
    func jsonChainsAgreeWithTheGeneralEvaluator(path: String) throws {
        let compiled = try SourcePath(path, format: .json, namespaces: NamespaceTable())
        let context = PathContext(root: try JSONReader.parse(Data(Self.json.utf8)).root, format: .json)
        let general = compiled.evaluate(in: context).compactMap(\.text).first
        if compiled.isChain {
            #expect(compiled.firstText(in: context) == general, "\(path)")
            #expect(compiled.matchesAny(in: context) == !compiled.evaluate(in: context).isEmpty, "\(path)")
        }
        #expect(compiled.isChain == !path.contains(".."), "\(path)")
    }

    @Test(arguments: [
        "/root/ed:Header/ed:Id", "//ed:Id", "//ed:Organ", "//ed:To/ed:Organ", "//ed:To/ed:Organ/@a", "//ed:Organ/@a", "//T",
        "/root/Trace/T", "//Empty", "//Missing/x", "/root/*/ed:Id", "//ed:Header/*/ed:Organ", "//ed:To[2]/ed:Organ", "//T[2]",
        "/root//T",
    ])
    func xmlChainsAgreeWithTheGeneralEvaluator(path: String) throws {
        let namespaces = NamespaceTable(entries: ["ed": .init(uris: ["urn:ed"], undeclaredPrefixes: [])])
        let compiled = try SourcePath(path, format: .xml, namespaces: namespaces)
        let context = PathContext(root: try XMLStreamParser.parse(Array(Self.xml.utf8)).root, format: .xml)
        let general = compiled.evaluate(in: context).compactMap(\.text).first
        if compiled.isChain {
            #expect(compiled.firstText(in: context) == general, "\(path)")
            #expect(compiled.matchesAny(in: context) == !compiled.evaluate(in: context).isEmpty, "\(path)")
        }
        #expect(compiled.isChain == !(path.contains("[") || path.dropFirst(2).contains("//")), "\(path)")
    }
}
