import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Anti-entropy: a record deleted at its source is found by reading everything the source lists now, and is
/// queued for an admin instead of silently staying in (or leaving) the KPI.
struct AuditSourceTests {
    /// The Party tool answering from memory, two tasks a page, cursor paging; `broken` answers a truncated page.
    final class PartyTool: HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var ids: [String]
        var broken = false

        init(_ ids: [String]) { self.ids = ids }

        func set(_ ids: [String]) { lock.withLock { self.ids = ids } }

        func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
            let query = Dictionary(uniqueKeysWithValues: (URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            let (all, broken) = lock.withLock { (ids, self.broken) }
            let start = Int(query["cursor"] ?? "0") ?? 0
            let items = all[min(start, all.count)..<min(start + 2, all.count)].map { id in
                #"{"taskId":"\#(id)","title":"Việc \#(id)","organ":"TU-BTC","unit":"Phòng Đảng viên","assignee":{"memberCode":"DV00001","fullName":"Trần Minh Quân"},"collaborators":[],"deadline":"2026-03-20T17:00:00.000+07:00","status":"\#(id == "P-3" || id == "P-1" ? "done\",\"completedAt\":\"2026-03-10T09:00:00.000+07:00" : "in_progress")","assignedAt":"2026-03-02T09:00:00.000+07:00","updatedAt":"2026-03-05T09:00:00.000+07:00"}"#
            }
            let next = start + 2 < all.count ? "\"\(start + 2)\"" : "null"
            let body = broken && start > 0 ? #"{"items":[{"taskId":"#: #"{"items":[\#(items.joined(separator: ","))],"nextCursor":\#(next)}"#
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
        }
    }

    static let config = """
        sources:
          - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
          - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party }
        """
    static let at = Timestamp(iso8601: "2026-05-02T00:00:00+07:00")!

    @Test func aRecordDeletedAtItsSourceIsQueuedAndAnAdminDecides() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try Bridge(
            configuration: try BridgeConfiguration.load(file: try dir.write("kpibridge.yml", Array(Self.config.utf8))),
            databasePath: dir.file("l.sqlite"), now: { Self.at })
        let tool = PartyTool(["P-1", "P-2", "P-3", "P-4", "P-5"])
        _ = try await bridge.sync(only: "party", environment: [:], transport: tool)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 5)

        // P-3 is deleted in the tool, P-6 is added; the audit reads everything and keeps nothing of it.
        tool.set(["P-1", "P-2", "P-4", "P-5", "P-6"])
        let (audit, pages, unnamed) = try await bridge.auditSource("party", actor: "admin", at: Self.at, environment: [:], transport: tool)
        #expect(audit.listed == 5 && pages == 3 && unnamed == 0)
        #expect(audit.missing == ["P-3": [TaskKey("party:P-3")]] && audit.unseen == ["P-6"])
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 5)  // nothing imported by an audit
        #expect(try bridge.store.audit.log().contains { $0.action == "source.audit" && $0.detail?.contains("1 missing at the source") == true })

        let missing = try #require(try bridge.conflicts(.init(kind: .missing)).first)
        #expect(missing.task == TaskKey("party:P-3") && missing.state == .open && missing.sides[0].records.map(\.recordId) == ["P-3"])
        let impacts = try bridge.impacts(of: missing, at: Self.at)
        #expect(impacts.map(\.option) == ["accept (keep the task)", "cancel the task"])
        #expect(impacts[0].scores.isEmpty && !impacts[1].scores.isEmpty)
        #expect(throws: AppError.self) { try bridge.decide(.reject(missing.id), reason: "r", actor: "admin", at: Self.at) }
        try bridge.decide(.accept(missing.id), reason: "withdrawn by mistake; the work was done", actor: "admin", at: Self.at)
        #expect(try bridge.conflict(missing.id).state == .resolved)

        // A later audit that finds it listed again clears it; the edXML files cannot be audited.
        tool.set(["P-1", "P-2", "P-3", "P-4", "P-5"])
        _ = try await bridge.auditSource("party", actor: "admin", at: Self.at, environment: [:], transport: tool)
        #expect(try bridge.conflicts(.init(kind: .missing)).isEmpty)
        await #expect(throws: AppError.self) { try await bridge.auditSource("eoffice", actor: "admin", at: Self.at, environment: [:], transport: tool) }
    }

    @Test func aPageThatCannotBeReadStopsTheAuditWithNothingReportedMissing() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try Bridge(
            configuration: try BridgeConfiguration.load(file: try dir.write("kpibridge.yml", Array(Self.config.utf8))),
            databasePath: dir.file("l.sqlite"), now: { Self.at })
        let tool = PartyTool(["P-1", "P-2", "P-3"])
        _ = try await bridge.sync(only: "party", environment: [:], transport: tool)
        tool.broken = true
        await #expect { try await bridge.auditSource("party", actor: "admin", at: Self.at, environment: [:], transport: tool) } throws: {
            "\($0)".contains("could not be read") && "\($0)".contains("nothing is reported missing")
        }
        #expect(try bridge.conflicts(.init(kind: .missing)).isEmpty)
    }
}
