import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeServer
import BridgeSources
import BridgeTesting
import Foundation
import Testing

/// `serve`'s API for what people enter: the directory, assessments, period close and reopen — roles, agency
/// scope, one-line refusals, and the score moving with what was entered.
struct ServePeopleAPITests {
    @Test func assessmentsAndPeriodsThroughTheAPI() async throws {
        try await ServeTests.withServer { bridge, port, _ in
            let at = Timestamp(Date())
            let admin = try bridge.store.tokens.create(name: "it", role: .admin, agencies: [], actor: "test", at: at)
            let tasks = try bridge.store.tasks.list(TaskFilter())
            let task = try #require(tasks.first { $0.agency != nil && $0.mainHandler != nil && $0.dueAt != nil })
            let agency = try #require(task.agency)
            let scopedAdmin = try bridge.store.tokens.create(name: "so-admin", role: .admin, agencies: [agency], actor: "test", at: at)
            let viewer = try bridge.store.tokens.create(name: "so-viewer", role: .viewer, agencies: [agency], actor: "test", at: at)
            let officer = try #require(task.mainHandler).officerKey
            let period = String(try #require(task.dueAt).day().description.prefix(7))

            func post(_ path: String, _ token: String, _ body: [String: Any]) async throws -> HTTPResponse {
                try await ServeTests.post(port, path, token: token, body)
            }
            func detail(_ response: HTTPResponse) -> String { ((try? ServeTests.json(response)) as? [String: Any])?["detail"] as? String ?? "" }

            // Bad input is refused in one line naming the item; a viewer cannot enter anything.
            let item: [String: Any] = ["officer": officer, "period": period, "generalPoints": "27,5", "sanction": false]
            var bad = item
            bad["generalPoints"] = "31"
            let refused = try await post("/api/v1/assessments", admin, ["items": [item, bad]])
            #expect(refused.status == 400 && detail(refused) == "items[1]: general_points '31' is not a number from 0 to 30")
            let unknown = try await post("/api/v1/assessments", admin, ["items": [["officer": "email:nobody@example.vn", "period": period]]])
            #expect(unknown.status == 400 && detail(unknown).contains("nothing imported: no directory officer holds and no task names email:nobody@example.vn"))
            #expect(try await post("/api/v1/assessments", viewer, ["items": [item]]).status == 403)
            #expect(try await post("/api/v1/assessments", admin, ["items": [item, item]]).status == 400)

            // Entered: the officer's score takes the general points, and the assessment reads back.
            let entered = try await post("/api/v1/assessments", admin, ["items": [item]])
            #expect(entered.status == 200, "\(String(decoding: entered.body, as: UTF8.self))")
            let explained = try ServeTests.json(try await ServeTests.get(port, "/api/v1/explain/\(officer.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)?period=\(period)", token: admin)) as? [String: Any]
            let row = try #require(explained?["officer"] as? [String: Any])
            #expect((row["generalPoints"] as? NSNumber)?.doubleValue == 27.5 && row["provisional"] as? Bool == false)
            let listed = try ServeTests.json(try await ServeTests.get(port, "/api/v1/assessments?period=\(period)", token: admin)) as? [[String: Any]]
            #expect(listed?.map { $0["officer"] as? String } == [officer])
            #expect(try bridge.store.audit.log(limit: 50).contains { $0.actor == "api:it" })

            // Periods: a token limited to agencies closes nothing; close, then reopen with a reason.
            #expect(try await post("/api/v1/periods/\(period)/close", scopedAdmin, [:]).status == 403)
            #expect(try await post("/api/v1/periods/\(period)/close", viewer, [:]).status == 403)
            let closed = try await post("/api/v1/periods/\(period)/close", admin, [:])
            let answer = try ServeTests.json(closed) as? [String: Any]
            #expect(closed.status == 200 && answer?["closed"] as? Bool == true)
            #expect(try bridge.store.scores.closed(period: period) != nil)
            let again = try await post("/api/v1/periods/\(period)/close", admin, [:])
            #expect(again.status == 409 && detail(again) == "period \(period) is already closed (reopen it first, with a reason)")
            let noReason = try await post("/api/v1/periods/\(period)/reopen", admin, [:])
            #expect(noReason.status == 400 && detail(noReason) == "reopening a period needs --reason")
            #expect(try await post("/api/v1/periods/\(period)/reopen", admin, ["reason": "điều chỉnh"]).status == 200)
            #expect(try bridge.store.scores.closed(period: period) == nil)
            #expect(try await post("/api/v1/periods/\(period)/reopen", admin, ["reason": "again"]).status == 409)
            #expect(try await post("/api/v1/periods/March/close", admin, [:]).status == 400)

            // The directory, as far as the token sees.
            let directory = try ServeTests.json(try await ServeTests.get(port, "/api/v1/directory", token: viewer)) as? [String: Any]
            let officers = try #require(directory?["officers"] as? [[String: Any]])
            #expect(officers.allSatisfy { $0["agency"] as? String == agency })
            let others = try #require(tasks.compactMap(\.agency).first { $0 != agency })
            #expect(try await ServeTests.get(port, "/api/v1/directory?agency=\(others)", token: viewer).status == 403)
        }
    }
}
