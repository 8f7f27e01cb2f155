import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgePipeline
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
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
        /// Pages carry an ETag, and a request naming it is answered 304 with no body and no total.
        let etags: Bool

        init(_ style: Style, records: Int, etags: Bool = false) {
            self.style = style
            self.records = records
            self.etags = etags
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
            if etags {
                let tag = "\"p\(start)\""
                if request.headers["If-None-Match"] == tag { return HTTPResponse(status: 304, headers: ["ETag": tag], body: Data()) }
                headers["ETag"] = tag
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

    /// An unchanged pass answered by 304s asks for exactly the pages it has: the total a 304 does not carry is
    /// the one kept from the last pass, so no page past it is asked for.
    @Test func anUnchangedPassOf304sAsksNoPagePastTheTotal() async throws {
        let tool = Tool(.offsetTotalHeader, records: 21, etags: true)  // three full pages: only the total says "no more"
        let paging = """
              style: offset
              path: api/viec
              offset: { param: offset, limitParam: limit, limit: 7 }
              total: { header: X-Total-Count }
            """
        let (first, bridge) = try await Self.sync(tool, paging: paging)
        #expect(first.failure == nil && tool.count == 3)
        let second = try #require(try await bridge.sync(environment: [:], transport: tool).first)
        #expect(second.failure == nil && second.notModified == 3)
        #expect(tool.count == 6, "the unchanged pass asked \(tool.count - 3) pages")
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

/// Two tools the bridge had never seen, taken on by mapping and configuration alone (Mappings/nongdan-tasks.yml,
/// Mappings/congdoan-tasks.yml): syncs converge to the simulator's truth, under faults and as the world evolves.
@Suite(.serialized)
struct ToolsByMappingAloneTests {
    static func withTools(
        _ world: SimulatedWorld, faults: FaultPlan = FaultPlan(), _ body: (Bridge, SimulatorServer) async throws -> Void
    ) async throws {
        let (port, server, task) = try await SimulatorSetup.start(world: world, faults: faults, seed: 5, extraTools: true)
        defer { task.cancel() }
        let dir = try TemporaryDirectory()
        let configuration = try SimulatorSetup.configuration(port: port, home: Fixtures.home, extraTools: true)
        #expect(configuration.sources.map(\.id).suffix(2) == ["nongdan", "congdoan"])
        try await body(try Bridge(configuration: configuration, databasePath: dir.file("l.sqlite")), server)
    }

    @Test func syncsUnderFaultsConvergeToTheTruth() async throws {
        let world = SimulatedWorld(scale: 30, seed: 12)
        let faults = try FaultPlan("500:0.05,429:0.02,truncate:0.02,dup:0.03,reorder:0.03")
        try await Self.withTools(world, faults: faults) { bridge, server in
            var clean = false
            for _ in 0..<8 where !clean {
                clean = try await bridge.sync(environment: SimulatorSetup.environment).allSatisfy { $0.failure == nil }
            }
            #expect(clean)
            let tasks = try bridge.store.tasks.list(TaskFilter())
            #expect(tasks.contains { $0.key.rawValue.hasPrefix("nongdan:") } && tasks.contains { $0.key.rawValue.hasPrefix("congdoan:") })
            #expect(try UnifiedTask.listJSON(tasks) == UnifiedTask.listJSON(await server.truth()))
        }
    }

    @Test func incrementalSyncsFollowTheWorldThroughTheirOwnDateFilters() async throws {
        let world = SimulatedWorld(scale: 30, seed: 4)
        try await Self.withTools(world) { bridge, server in
            _ = try await bridge.sync(environment: SimulatorSetup.environment)
            for day in 1...4 {
                await server.evolve()
                let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
                #expect(summaries.allSatisfy { $0.failure == nil }, "day \(day)")
                #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(await server.truth()), "day \(day)")
            }
            // The date filters went out in each tool's own format, percent-encoded.
            let nongdan = try bridge.store.facts.checkpoint(source: "nongdan")
            #expect(nongdan.since?.wholeMatch(of: /\d\d-\d\d-\d{4} \d\d:\d\d/) != nil, "\(String(describing: nongdan.since))")
            let congdoan = try bridge.store.facts.checkpoint(source: "congdoan")
            #expect(congdoan.since?.wholeMatch(of: /\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d/) != nil, "\(String(describing: congdoan.since))")
        }
    }
}
