import BridgeApp
import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgePipeline
import BridgeSources
import BridgeTesting
import Foundation
import Testing

/// Paging styles real APIs use, declared by mapping alone: offset/limit with the total in a header, a next link
/// in a `Link` header, a cursor in a response header, a total in the body.
struct PagingStyleTests {
    /// A task tool answering from memory: `records` items, paged as `style` says; it counts the requests.
    final class Tool: HTTPTransport, @unchecked Sendable {
        enum Style { case offsetTotalHeader, linkHeader, cursorHeader, pageTotalBody }
        let style: Style
        let records: Int
        private let lock = NSLock()
        private(set) var requests: [URL] = []

        init(_ style: Style, records: Int) {
            self.style = style
            self.records = records
        }

        func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
            lock.withLock { requests.append(request.url) }
            let query = Dictionary(uniqueKeysWithValues: (URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            let size = 7
            let start: Int
            var headers = ["Content-Type": "application/json"]
            switch style {
            case .offsetTotalHeader:
                start = Int(query["offset"] ?? "0")!
                headers["X-Total-Count"] = String(records)
            case .linkHeader:
                start = Int(query["tu"] ?? "0")!
                if start + size < records {
                    headers["Link"] = #"<http://127.0.0.1:9/tool/api/viec?tu=\#(start + size)>; rel="next", <http://127.0.0.1:9/tool/api/viec?tu=0>; rel="first""#
                }
            case .cursorHeader:
                start = Int(query["sau"] ?? "0")!
                if start + size < records { headers["X-Next"] = String(start + size) }
            case .pageTotalBody:
                start = (Int(query["trang"] ?? "1")! - 1) * size
            }
            let items = (start..<min(start + size, records)).map { n in
                #"{"ma":"V\#(n)","tieuDe":"Việc \#(n)","trangThai":"Đang làm","capNhat":"10-03-2026 08:00"}"#
            }
            let body = #"{"duLieu":[\#(items.joined(separator: ","))],"tong":\#(records)}"#
            return HTTPResponse(status: 200, headers: headers, body: Data(body.utf8))
        }

        var count: Int { lock.withLock { requests.count } }
    }

    static func mapping(_ paging: String) -> String {
        """
        id: tool
        version: 1
        format: json
        items: $.duLieu[*]
        paging:
        \(paging)
        statuses:
          "Đang làm": { status: in_progress, rank: 3 }
        rules:
          - name: task
            task: { concat: [ "tool:", { path: "@.ma" } ] }
            recordId: "@.ma"
            version: "@.capNhat"
            time: { path: "@.capNhat", date: "dd-MM-yyyy HH:mm" }
            status: "@.trangThai"
            fields:
              title: "@.tieuDe"
        """
    }

    static func sync(_ tool: Tool, paging: String) async throws -> (PollSummary, Bridge) {
        let dir = try TemporaryDirectory()
        try Self.mapping(paging).write(toFile: dir.file("tool.yml"), atomically: true, encoding: .utf8)
        try """
            sources:
              - { id: tool, kind: json-pages, baseURL: "http://127.0.0.1:9/tool/", mapping: tool.yml, block: mass }
            """.write(toFile: dir.file("kpibridge.yml"), atomically: true, encoding: .utf8)
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: dir.file("kpibridge.yml")), databasePath: dir.file("l.sqlite"))
        let summary = try #require(try await bridge.sync(environment: [:], transport: tool).first)
        withExtendedLifetime(dir) {}
        return (summary, bridge)
    }

    @Test func offsetAndLimitWithTheTotalInAHeaderStopsWithoutAnEmptyPage() async throws {
        let tool = Tool(.offsetTotalHeader, records: 23)
        let (summary, bridge) = try await Self.sync(tool, paging: """
              style: offset
              path: api/viec
              offset: { param: offset, limitParam: limit, limit: 7 }
              total: { header: X-Total-Count }
            """)
        #expect(summary.failure == nil)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 23)
        #expect(tool.count == 4)  // 0, 7, 14, 21: the total says there is no fifth
        #expect(tool.requests.last?.query == "offset=21&limit=7")
    }

    @Test func aNextLinkInALinkHeaderIsFollowed() async throws {
        let tool = Tool(.linkHeader, records: 20)
        let (summary, bridge) = try await Self.sync(tool, paging: """
              style: next
              path: api/viec
              next: { header: Link }
            """)
        #expect(summary.failure == nil)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 20)
        #expect(tool.count == 3)
    }

    @Test func aCursorInAResponseHeaderIsSentBack() async throws {
        let tool = Tool(.cursorHeader, records: 15)
        let (summary, bridge) = try await Self.sync(tool, paging: """
              style: cursor
              path: api/viec
              cursor: { param: sau, header: X-Next }
            """)
        #expect(summary.failure == nil)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 15)
        #expect(tool.requests.map { $0.query ?? "" } == ["", "sau=7", "sau=14"])
    }

    @Test func aTotalInTheBodyEndsAPageWalk() async throws {
        let tool = Tool(.pageTotalBody, records: 14)
        let (summary, bridge) = try await Self.sync(tool, paging: """
              style: page
              path: api/viec
              page: { param: trang, first: 1 }
              total: { from: $.tong }
            """)
        #expect(summary.failure == nil)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 14)
        #expect(tool.count == 2)  // two full pages of 7, and the total says that is all
    }

    @Test(arguments: [
        (#"<https://x/a?p=2>; rel="next", <https://x/a?p=9>; rel="last""#, "https://x/a?p=2"),
        (#"<https://x/a?p=1>; rel="prev",<https://x/a?p=3>;rel=next"#, "https://x/a?p=3"),
        (#"<https://x/a?p=9>; rel="last""#, nil),
    ])
    func linkHeadersAreReadAsRFC8288(_ header: String, _ next: String?) throws {
        let spec = try MappingSpec.load(text: Self.mapping("  style: next\n  path: a\n  next: { header: Link }"), file: "t.yml")
        let document = SourceDocument(format: .json, root: SourceNode(kind: .object, name: ""))
        #expect(spec.paging?.nextToken(in: document, header: { $0 == "Link" ? header : nil }) == next)
    }

    @Test func aTotalOnACursorWalkIsRefused() {
        #expect(throws: (any Error).self) {
            try MappingSpec.load(text: Self.mapping("  style: cursor\n  path: a\n  cursor: { param: c, from: $.next }\n  total: { header: X-Total-Count }"), file: "t.yml")
        }
    }
}
