import BridgeMapping
import BridgePipeline
import BridgeTestSupport
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

/// Examples can expect every field `tasks --format json` prints, and the dead letters a payload makes.
struct ExampleKeysTests {
    static func run(_ examples: String) throws -> [String] {
        let dir = try TemporaryDirectory()
        try dir.write("page.json", Array(#"""
            {"items":[
              {"id":"T1","state":"done","at":"10-03-2026 08:00","due":"20-03-2026 17:00","owner":"S1","helpers":["S2","S3"],"returns":2,"errors":1},
              {"code":"X","state":"done","at":"10-03-2026 08:00"},
              {"id":"T3","state":"lost","at":"10-03-2026 08:00"}
            ]}
            """#.utf8))
        let text = """
            id: tool
            version: 1
            format: json
            items: $.items[*]
            statuses:
              done: { status: completed, rank: 4 }
            rules:
              - name: task
                task: { concat: [ "tool:", { path: "@.id" } ] }
                recordId: "@.id"
                version: "@.at"
                time: { path: "@.at", date: "dd-MM-yyyy HH:mm" }
                status: "@.state"
                fields:
                  dueAt: { path: "@.due", date: "dd-MM-yyyy HH:mm" }
                  mainHandler: { namespace: tool-staff, id: "@.owner" }
                  coordinators: { each: "@.helpers[*]", namespace: tool-staff, id: "@" }
                  returns: "@.returns"
                  majorErrors: "@.errors"
            examples:
            \(examples)
            """
        let spec = try MappingSpec.load(text: text, file: "tool.yml")
        return try MappingWorkbench.runExamples(spec: spec, directory: dir.path)
    }

    @Test func everyFieldAndTheDeadLettersCanBeExpected() throws {
        let problems = try Self.run("""
              - input: page.json
                expect:
                  "tool:T1":
                    status: completed
                    statusCode: done
                    returns: "2"
                    majorErrors: "1"
                    coordinators: "tool-staff:S2,tool-staff:S3"
                    deadlines: "2026-03-20T17:00:00.000+07:00"
                    completedAt: "2026-03-10T08:00:00.000+07:00"
                    missedDeadlines: ""
                deadLetters:
                  - { record: "#2", reason: "no value at @.id" }
                  - { record: T3, reason: "status 'lost' is not in statuses" }
            """)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aWrongExpectationOrAMissingDeadLetterIsReported() throws {
        let problems = try Self.run("""
              - input: page.json
                expect:
                  "tool:T1": { returns: "3", statusCode: "06" }
                deadLetters:
                  - { record: "#2", reason: "no value at @.id" }
                  - { record: T9, reason: "anything" }
            """)
        #expect(problems.contains { $0.hasSuffix("task 'tool:T1' returns is '2', expected '3'") })
        #expect(problems.contains { $0.hasSuffix("task 'tool:T1' statusCode is 'done', expected '06'") })
        #expect(problems.contains { $0.hasSuffix("no dead letter for record T9 with a reason containing 'anything'") })
        #expect(problems.contains { $0.contains("record T3: ") })  // a dead letter nobody expected
    }

    @Test func anUnknownKeyIsRefusedWithTheKeysThereAre() {
        #expect(throws: (any Error).self) { try Self.run("  - input: page.json\n    expect: { \"tool:T1\": { colour: red } }") }
        do {
            _ = try Self.run("  - input: page.json\n    expect: { \"tool:T1\": { colour: red } }")
        } catch {
            #expect("\(error)".contains("'colour' is not a key an example can expect (status, statusCode, deadlines, block,"))
        }
    }
}
