import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing
import Yams

/// docs/openapi.yaml against the running server: every documented operation answers as documented (status,
/// content type, the required fields of its schema) when called with real ids from a ledger that has a linked
/// unit and its conflicts.
struct OpenAPITests {
    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        let spec = try #require(try Yams.load(yaml: String(contentsOfFile: "\(Fixtures.home)/docs/openapi.yaml", encoding: .utf8)) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        let schemas = ((spec["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]

        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir)
        try ReconciliationTests.importPage(bridge, dir, source: "ioffice", [ReconciliationTests.ioffice()])
        let token = try bridge.store.tokens.create(name: "spec", role: .admin, agencies: [], actor: "test", at: Timestamp(Date()))
        let conflict = try #require(try bridge.conflicts(.init(kind: .disagreement)).first)
        let values = [
            "key": ReconciliationTests.edxmlKey.rawValue.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
            "officer": "cb-lan", "id": conflict.id, "action": "accept", "period": "2026-03",
        ]
        let bodies = [
            "/api/v1/dead-letters/replay": #"{"all":true,"dryRun":true}"#,
            "/api/v1/assessments": #"{"items":[{"officer":"cb-lan","period":"2026-03","generalPoints":"27,5","sanction":false}]}"#,
        ]
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }

        var checked = 0
        for (template, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, raw) in operations.sorted(by: { $0.key < $1.key }) {
                // A pass over a source needs a live source: ServeTests covers it against the simulator.
                if template == "/api/v1/sources/{id}/sync" { continue }
                // A bonus run needs a closed year, a payroll and a regulation: ServeBonusTests checks its answers
                // against this file's schemas.
                if template.hasPrefix("/api/v1/bonus") { continue }
                // An officer's own routes need an officer token, and a dispute to decide: ServeOfficerTests.
                if template.hasPrefix("/api/v1/me") || template == "/api/v1/disputes/{id}/{action}" || template == "/api/v1/self-assessments/confirm" { continue }
                let operation = try #require(raw as? [String: Any])
                var path = template
                for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
                let required = ((operation["parameters"] as? [[String: Any]]) ?? []).filter { $0["in"] as? String == "query" && $0["required"] as? Bool == true }
                if !required.isEmpty { path += "?" + required.map { "\($0["name"]!)=2026-03" }.joined(separator: "&") }
                var request = HTTPRequest(method: method.uppercased(), url: URL(string: "http://127.0.0.1:\(port)\(path)")!, headers: ["Authorization": "Bearer \(token)"])
                if method == "post" {
                    request.headers["Content-Type"] = "application/json"
                    request.body = Data((bodies[template] ?? #"{"reason":"spec check","dryRun":true,"field":"status","value":"completed"}"#).utf8)
                }
                let response = try await URLSessionTransport().send(request, timeout: .seconds(30), maxBytes: 64 << 20)
                let ok = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any], "\(method) \(template) documents no 200")
                #expect(response.status == 200, "\(method.uppercased()) \(path): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
                let content = try #require(ok["content"] as? [String: Any])
                let type = try #require(content.keys.first)
                #expect(response.header("Content-Type")?.hasPrefix(type) == true, "\(method) \(template): \(response.header("Content-Type") ?? "-")")
                if type == "application/json", let schema = (content[type] as? [String: Any])?["schema"] as? [String: Any] {
                    let body = try JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])
                    #expect(Self.missing(body, schema, schemas).isEmpty, "\(method) \(template) misses \(Self.missing(body, schema, schemas))")
                }
                checked += 1
            }
        }
        #expect(checked >= 19)
    }

    /// The required properties a JSON value lacks under a schema (references resolved, arrays checked by their
    /// first item).
    static func missing(_ value: Any, _ schema: [String: Any], _ schemas: [String: Any]) -> [String] {
        var schema = schema
        if let ref = schema["$ref"] as? String, let resolved = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] { schema = resolved }
        if schema["type"] as? String == "array" {
            guard let items = schema["items"] as? [String: Any], let first = (value as? [Any])?.first else { return value is [Any] ? [] : ["(not an array)"] }
            return missing(first, items, schemas)
        }
        guard let object = value as? [String: Any] else { return schema["type"] as? String == "object" ? ["(not an object)"] : [] }
        return ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }
    }
}
