import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// What an admin sees at the terminal: the queue, one conflict with its evidence and impact, a dry run that
/// records nothing, a decision, and the tasks, explanation and scores that show the unit and its dispute.
struct ReconcileCommandTests {
    @Test func anAdminFindsDecidesAndSeesTheDisputeGo() async throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir)
        try ReconciliationTests.importPage(bridge, dir, source: "ioffice", [ReconciliationTests.ioffice()])
        let common = ["--database", "sqlite:\(dir.file("l.sqlite"))", "--config", dir.file("kpibridge.yml")]
        let key = ReconciliationTests.edxmlKey.rawValue

        let list = try await CommandRunner.output(["reconcile", "list", "--state", "open"] + common)
        #expect(list.contains("disagreement") && list.contains("mainHandler") && list.contains("status") && list.contains("2 conflict(s)"))
        let status = try #require(try bridge.conflicts(.init(kind: .disagreement)).first { $0.subject == "status" })

        let show = try await CommandRunner.output(["reconcile", "show", status.id.lowercased()] + common)
        #expect(show.contains("Conflict \(status.id)") && show.contains("eoffice  \(key): assigned") && show.contains("ioffice  ioffice:VBD-000170: completed"))
        #expect(show.contains("payload ") && show.contains("KPI impact") && show.contains("choose ioffice: 3 score(s) move"))
        #expect(show.contains("cb-lan 2026-03:"))

        let tasks = try await CommandRunner.output(["tasks"] + common)
        #expect(tasks.contains("unit of 2, disputed") && tasks.contains("in \(key)"))
        let explain = try await CommandRunner.output(["explain", "cb-lan", "--period", "2026-03"] + common)
        #expect(explain.contains("\(key): one unit of work in eoffice, ioffice (2 records), counted once"))
        #expect(explain.contains("\(key): disputed — mainHandler, status differ between systems"))
        await #expect(try CommandRunner.output(["score", "--period", "2026-03"] + common).contains("Disputed tasks count for cb-lan (1)"))

        let refused = try await CommandRunner.capture(["reconcile", "choose", status.id, "status", "ioffice"] + common)
        #expect(!refused.succeeded && refused.errors.contains("needs --reason"))
        let dry = try await CommandRunner.output(["reconcile", "choose", status.id, "status", "ioffice", "--reason", "closed in iOffice", "--dry-run"] + common)
        #expect(dry.contains("would record decision choose status of \(key) from ioffice") && dry.contains("scores that move: 3"))
        #expect(try bridge.store.reconcile.decisions().isEmpty)
        let done = try await CommandRunner.output(["reconcile", "choose", status.id, "status", "ioffice", "--reason", "closed in iOffice"] + common)
        #expect(done.contains("recorded decision #1 choose status of \(key) from ioffice"))

        let task = try await CommandRunner.output(["task", key] + common)
        #expect(task.contains("unit of work") && task.contains("status ← ioffice") && task.contains("disputed                mainHandler"))
        let absorbed = try await CommandRunner.output(["task", "ioffice:VBD-000170"] + common)
        #expect(absorbed.contains("counted under           \(key)"))
        let decisions = try await CommandRunner.output(["reconcile", "decisions"] + common)
        #expect(decisions.contains("closed in iOffice") && decisions.contains("1 decision(s)"))

        let wrong = try await CommandRunner.capture(["reconcile", "reject", status.id, "--reason", "no"] + common)
        #expect(!wrong.succeeded && wrong.errors.contains("is a disagreement"))
        let unknown = try await CommandRunner.capture(["reconcile", "accept", "CNOPE", "--reason", "no"] + common)
        #expect(!unknown.succeeded && unknown.errors.contains("no conflict 'CNOPE'"))
    }
}
