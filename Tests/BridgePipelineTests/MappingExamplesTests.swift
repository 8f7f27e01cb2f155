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

extension MappingExamplesTests {
    @Test(arguments: [
        ("date: \"dd-MM-yyyy HH:mm\"", "date: \"yyyy-MM-dd HH:mm\"", "does not match date format yyyy-MM-dd HH:mm"),
        ("  done: { status: completed, rank: 4 }\n", "", "status 'done' is not in statuses"),
    ])
    func lintReportsWhatTheExamplesCannotMapWithTheLine(original: String, replacement: String, message: String) throws {
        let dir = try TemporaryDirectory()
        let page = #"{"items":[{"id":"T1","when":"05-04-2026 07:05","state":"done","name":"Báo cáo"}],"next":null}"#
        try dir.write("page.json", Array(page.utf8))
        let text = """
            id: tool4
            version: 1
            format: json
            items: $.items[*]
            statuses:
              open: { status: received, rank: 1 }
              done: { status: completed, rank: 4 }
            rules:
              - name: task
                task: "@.id"
                recordId: "@.id"
                version: "@.when"
                time: { path: "@.when", date: "dd-MM-yyyy HH:mm" }
                status: "@.state"
                fields: { title: "@.name" }
            examples:
              - input: page.json
                expect: { "T1": { status: completed } }
            """
        #expect(try MappingWorkbench.lint(spec: try MappingSpec.load(text: text, file: "tool4.yml"), directory: dir.path) == [])
        let broken = text.replacingOccurrences(of: original, with: replacement)
        #expect(broken != text)
        let problems = try MappingWorkbench.lint(spec: try MappingSpec.load(text: broken, file: "tool4.yml"), directory: dir.path)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("tool4.yml:") == true && problems.first?.contains(": example 1: record T1: rules[0]") == true, "\(problems)")
        #expect(problems.first?.contains(message) == true, "\(problems)")
        #expect(problems.first?.contains("(mapping line ") == true)
    }
}
