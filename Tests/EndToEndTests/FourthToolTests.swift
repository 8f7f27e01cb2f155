import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Hummingbird
import Testing

/// A task tool the bridge has never seen — its own field names, `dd-MM-yyyy HH:mm` dates, English status words,
/// cursor paging — is taken on with a mapping file and a configuration entry, and no code.
struct FourthToolTests {
    static let pages: [String: String] = [
        "": #"{"results":[{"ref":"W-1","subject":"Prepare the youth festival","owner":{"staffNo":"S-17","display":"Ngô Thị Yến"},"dueOn":"20-04-2026 17:00","state":"DONE","finishedOn":"19-04-2026 10:30","changed":"19-04-2026 10:30"},{"ref":"W-2","subject":"Quarterly report","owner":{"staffNo":"S-18","display":"Hồ Văn Nam"},"dueOn":"25-04-2026 17:00","state":"OPEN","finishedOn":null,"changed":"10-04-2026 08:00"}],"more":"p2"}"#,
        "p2": #"{"results":[{"ref":"W-3","subject":"Volunteer drive","owner":{"staffNo":"S-17","display":"Ngô Thị Yến"},"dueOn":"30-04-2026 17:00","state":"WORKING","finishedOn":null,"changed":"12-04-2026 09:00"}],"more":null}"#,
    ]

    static let mapping = """
        id: welfare-tool
        version: 1
        format: json
        items: $.results[*]
        paging:
          style: cursor
          path: v2/work
          cursor: { param: after, from: $.more }
        statuses:
          OPEN: { status: received, rank: 1 }
          WORKING: { status: in_progress, rank: 3 }
          DONE: { status: completed, rank: 4 }
        rules:
          - name: work
            task: { concat: [ "welfare:", { path: "@.ref", required: true } ] }
            recordId: "@.ref"
            version: "@.changed"
            time: { path: "@.changed", date: "dd-MM-yyyy HH:mm" }
            status: "@.state"
            fields:
              title: "@.subject"
              mainHandler: { namespace: welfare-staff, id: "@.owner.staffNo", name: "@.owner.display" }
              dueAt: { path: "@.dueOn", date: "dd-MM-yyyy HH:mm" }
              completedAt: { path: "@.finishedOn", date: "dd-MM-yyyy HH:mm" }
        """

    @Test func aNewToolNeedsOnlyAMappingAndAConfigEntry() async throws {
        let router = Router()
        router.get("welfare/v2/work") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer w-token" else { return Response(status: .unauthorized) }
            let page = Self.pages[request.uri.queryParameters.get("after").map { String($0) } ?? ""] ?? #"{"results":[],"more":null}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "welfare"), onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var port = 0
        for await p in stream { port = p }

        let dir = try TemporaryDirectory()
        try Self.mapping.write(toFile: dir.file("welfare.yml"), atomically: true, encoding: .utf8)
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - id: welfare
                kind: json-pages
                baseURL: http://127.0.0.1:\(port)/welfare/
                mapping: welfare.yml
                block: mass
                agency: HLHPN-KH
                auth: { type: bearer, tokenEnv: WELFARE_TOKEN }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        let summaries = try await bridge.sync(environment: ["WELFARE_TOKEN": "w-token"])
        #expect(summaries.first?.failure == nil)
        #expect(summaries.first?.pages == 2)
        let tasks = try bridge.store.tasks.list(TaskFilter())
        #expect(tasks.map(\.key.rawValue) == ["welfare:W-1", "welfare:W-2", "welfare:W-3"])
        #expect(tasks.map(\.status) == [.completed, .received, .inProgress])
        #expect(tasks[0].completedAt?.description == "2026-04-19T10:30:00.000+07:00")
        #expect(tasks[0].dueAt?.description == "2026-04-20T17:00:00.000+07:00")
        #expect(tasks.allSatisfy { $0.block == .mass && $0.agency == "HLHPN-KH" })
        #expect(tasks[0].mainHandler == PersonRef(namespace: "welfare-staff", id: "S-17", name: "Ngô Thị Yến"))
    }
}
