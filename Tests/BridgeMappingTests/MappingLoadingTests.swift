import BridgeMapping
import BridgeModel
import BridgeTestSupport
import Foundation
import Testing

struct MappingLoadingTests {
    static let valid = """
        id: tool
        version: 1
        format: json
        items: $.data[*]
        statuses:
          done: { status: completed, rank: 9 }
        rules:
          - name: task
            task: "@.id"
            recordId: "@.id"
            version: "@.updated"
            time: { path: "@.updated", date: "dd-MM-yyyy HH:mm" }
            status: "@.state"
            fields:
              title: "@.name"
        """

    static func error(_ text: String) -> MappingError? {
        do {
            _ = try MappingSpec.load(text: text, file: "tool.yml")
            return nil
        } catch let error as MappingError {
            return error
        } catch {
            return MappingError(file: "?", line: nil, rule: "", message: "\(error)")
        }
    }

    @Test func theShippedEdxmlMappingLoads() throws {
        let spec = try Fixtures.edxmlMapping()
        #expect(spec.id == "eoffice-edxml")
        #expect(spec.version == 1)
        #expect(spec.ruleNames == ["document", "replacement", "status"])
        #expect(spec.statuses["06"]?.status == .completed)
    }

    @Test func aValidJSONMappingLoads() throws {
        #expect(Self.error(Self.valid) == nil)
    }

    @Test(arguments: [
        ("    fields:\n      title: \"@.name\"", "    fields:\n      titel: \"@.name\"", 15, "'titel' is not a task field"),
        ("    task: \"@.id\"", "    task: \"@.id\"\n    tsak: x", 10, "unknown key 'tsak'"),
        ("time: { path: \"@.updated\", date: \"dd-MM-yyyy HH:mm\" }", "time: { path: \"@.updated\" }", 12, "needs a date format"),
        ("date: \"dd-MM-yyyy HH:mm\"", "date: \"dd-MM-yyyy HH:qq\"", 12, "unknown pattern letter 'q'"),
        ("task: \"@.id\"", "task: \"id\"", 9, "JSON paths start with '$'"),
        ("version: 1\n", "version: 1\nversion: 2\n", 2, "duplicate key 'version'"),
        ("format: json", "format: csv", 3, "format 'csv' is not xml or json"),
    ])
    func errorsNameFileLineAndRule(original: String, replacement: String, line: Int, message: String) throws {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid)
        let error = try #require(Self.error(text))
        #expect(error.file == "tool.yml")
        #expect(error.line == line, "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func unknownNamespacePrefixIsRefused() throws {
        let text = """
            id: x
            version: 1
            format: xml
            rules:
              - name: r
                task: //ed:DocumentId
                recordId: //DocumentId
                version: //Timestamp
                time: { path: //Timestamp, date: iso8601 }
            """
        let error = try #require(Self.error(text))
        #expect(error.line == 6)
        #expect(error.rule == "rules[0].task")
        #expect(error.message.contains("unknown namespace prefix 'ed'"))
    }

    @Test func statusMapTargetsMustBeInTheStatusTable() throws {
        let text = Self.valid.replacingOccurrences(
            of: "status: \"@.state\"", with: "status: { path: \"@.state\", map: { xong: finished } }")
        let error = try #require(Self.error(text))
        #expect(error.message.contains("'finished', which is not in statuses"))
    }
}

/// `paging.since.send`: any date pattern the language reads, written in the mapping's zone.
struct SinceFormatTests {
    static func mapping(send: String) -> String {
        MappingLoadingTests.valid.replacingOccurrences(of: "items: $.data[*]\n", with: """
            items: $.data[*]
            zone: "+07:00"
            paging:
              style: page
              path: api/tasks
              page: { param: page, first: 1 }
              since: { param: tu_ngay, time: { path: "@.updated", date: "dd-MM-yyyy HH:mm" }, send: "\(send)", overlap: 600 }

            """)
    }

    @Test(arguments: [
        ("dd-MM-yyyy HH:mm", "10-03-2026 07:50"), ("iso8601", "2026-03-10T07:50:00.000+07:00"), ("epoch-ms", "1773103800000"),
        ("yyyy/MM/dd", "2026/03/10"),
    ])
    func theBoundIsSentInTheSourcesOwnFormat(_ send: String, _ sent: String) throws {
        let spec = try MappingSpec.load(text: Self.mapping(send: send), file: "tool.yml")
        let paging = try #require(spec.paging)
        #expect(paging.sinceValue(after: try #require(Timestamp(iso8601: "2026-03-10T08:00:00+07:00"))) == sent)
    }

    @Test func anUnknownFormatIsRefusedWithTheChoices() {
        let error = MappingLoadingTests.error(Self.mapping(send: "dd-QQ-yyyy"))
        #expect(error?.description.contains("send is iso8601, epoch-ms, epoch-s or a date pattern such as dd-MM-yyyy HH:mm") == true, "\(String(describing: error))")
    }
}
