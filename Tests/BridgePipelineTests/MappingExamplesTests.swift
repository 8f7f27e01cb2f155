import BridgeMapping
import BridgePipeline
import BridgeTesting
import Foundation
import Testing

/// Every mapping in Mappings/ carries examples, and they all pass.
struct MappingExamplesTests {
    static let mappings: [String] = {
        let folder = "\(Fixtures.home)/Mappings"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yml") && !["scoring.yml", "catalog.yml"].contains($0) }.sorted()
    }()

    @Test(arguments: mappings)
    func shippedMappingExamplesPass(file: String) throws {
        let folder = "\(Fixtures.home)/Mappings"
        let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
        let spec = try MappingSpec.load(text: text, file: "Mappings/\(file)")
        #expect(!spec.examples.isEmpty, "\(file) carries no examples")
        #expect(try MappingWorkbench.runExamples(spec: spec, directory: folder) == [])
    }

    @Test func aWrongExpectationIsReportedWithTheField() throws {
        var text = try String(contentsOfFile: "\(Fixtures.home)/Mappings/eoffice-edxml.yml", encoding: .utf8)
        text = text.replacingOccurrences(of: "        number: \"100\"", with: "        number: \"101\"")
        let spec = try MappingSpec.load(text: text, file: "m.yml")
        let problems = try MappingWorkbench.runExamples(spec: spec, directory: "\(Fixtures.home)/Mappings")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("number is '100', expected '101'") == true)
    }
}
