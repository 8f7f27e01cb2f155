import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// `replay run --source S --reprocess`: stored payloads re-derived under a new mapping version.
struct ReprocessTests {
    /// v1 knows only "open" and maps no deadline; v2 and later know "done" too and map the deadline.
    static func mapping(version: Int, keyPrefix: String = "tool:") -> String {
        ReplayTests.mapping(version: version, broken: version < 2, due: version >= 2, keyPrefix: keyPrefix)
    }

    static func pages(_ dir: TemporaryDirectory) throws -> [String] {
        try (0..<3).map { p in
            let items = (0..<10).map { i -> String in
                let n = p * 10 + i
                let state = n % 3 == 0 ? "done" : "open"
                let done = state == "done" ? #","doneAt":"20-03-2026 16:00""# : ""
                return #"{"id":"T\#(n)","title":"Việc \#(n)","owner":"S\#(n % 4)","state":"\#(state)","at":"10-03-2026 08:00","due":"25-03-2026 17:00"\#(done)}"#
            }
            return try dir.write("page-\(p).json", Array(#"{"items":[\#(items.joined(separator: ","))]}"#.utf8))
        }
    }

    static func bridge(_ dir: TemporaryDirectory, database: String, version: Int, keyPrefix: String = "tool:") throws -> Bridge {
        try ReplayTests.bridge(dir, database: database, mapping: mapping(version: version, keyPrefix: keyPrefix))
    }

    static let at = Timestamp(iso8601: "2026-04-15T00:00:00+07:00")!

    @Test func aDryRunShowsTheDiffAndTheRunEqualsARightImport() throws {
        let dir = try TemporaryDirectory()
        let pages = try Self.pages(dir)
        let old = try Self.bridge(dir, database: "l.sqlite", version: 1)
        _ = try old.importFiles(pages, source: "tool")
        #expect(try old.store.tasks.list(TaskFilter()).count == 20)
        #expect(try old.store.deadLetters.list(includeResolved: false).count == 10)
        let before = try UnifiedTask.listJSON(try old.store.tasks.list(TaskFilter()))

        let new = try Self.bridge(dir, database: "l.sqlite", version: 2)
        let dry = try new.reprocess(source: "tool", dryRun: true, actor: "test", at: Self.at)
        #expect(dry.report.payloads == 3)
        #expect(dry.report.changes.filter { $0.before == nil }.count == 10)  // the "done" records appear
        #expect(dry.report.changes.filter { $0.before != nil }.count == 20)  // the others gain a deadline
        #expect(dry.report.orphaned.isEmpty && dry.failures.isEmpty)
        let text = try ReprocessFormatter.render(dry.report, failures: dry.failures, source: "tool", dryRun: true)
        #expect(text.contains("~ tool:T1\n    deadlines: [] → [\"2026-03-25T17:00:00.000+07:00\"]\n    dueAt: — → \"2026-03-25T17:00:00.000+07:00\""))
        #expect(text.contains("+ tool:T0 (new)"))
        #expect(text.contains("tasks that would appear: 10, change: 20"))
        #expect(try UnifiedTask.listJSON(try new.store.tasks.list(TaskFilter())) == before)  // nothing kept
        #expect(try new.store.deadLetters.list(includeResolved: false).count == 10)

        let done = try new.reprocess(source: "tool", dryRun: false, actor: "operator", at: Self.at)
        #expect(done.report.changes.count == 30)
        #expect(try new.store.deadLetters.list(includeResolved: false).isEmpty)
        #expect(try new.store.audit.log(limit: 10).contains { $0.action == "reprocess" && ($0.detail ?? "").contains("tool v2") })
        let again = try new.reprocess(source: "tool", dryRun: false, actor: "operator", at: Self.at)
        #expect(again.report.changes.isEmpty)  // twice = once

        let right = try Self.bridge(dir, database: "right.sqlite", version: 2)
        _ = try right.importFiles(pages, source: "tool")
        #expect(try UnifiedTask.listJSON(try new.store.tasks.list(TaskFilter())) == (try UnifiedTask.listJSON(try right.store.tasks.list(TaskFilter()))))
        #expect(try new.store.scores.stored(period: "2026-03") == (try right.store.scores.stored(period: "2026-03")))
        // Each changed task has a new revision that says what caused it; the first revision stays.
        let (_, revisions) = try #require(try new.store.tasks.task(TaskKey("tool:T1")))
        #expect(revisions.count == 2 && revisions[0].task.dueAt == nil && revisions[1].task.dueAt != nil)
    }

    @Test func aRecordTheNewMappingFailsKeepsItsTaskAndBecomesADeadLetter() throws {
        let dir = try TemporaryDirectory()
        let pages = try Self.pages(dir)
        let v2 = try Self.bridge(dir, database: "l.sqlite", version: 2)
        _ = try v2.importFiles(pages, source: "tool")
        let kept = try UnifiedTask.listJSON(try v2.store.tasks.list(TaskFilter()))
        // v3 forgets "done" again: those ten records now fail, but their tasks are not lost.
        let v3 = try ReplayTests.bridge(
            dir, database: "l.sqlite", mapping: Self.mapping(version: 3).replacingOccurrences(of: "done: { status: completed, rank: 4 }", with: ""))
        let outcome = try v3.reprocess(source: "tool", dryRun: false, actor: "operator", at: Self.at)
        #expect(outcome.failures.count == 10)
        #expect(outcome.failures.allSatisfy { $0.contains("status 'done' is not in statuses") })
        #expect(try v3.store.deadLetters.list(includeResolved: false).count == 10)
        #expect(try UnifiedTask.listJSON(try v3.store.tasks.list(TaskFilter())) == kept)
    }

    @Test func tasksNoRecordDerivesAnyMoreAreListedAndKept() throws {
        let dir = try TemporaryDirectory()
        let pages = try Self.pages(dir)
        _ = try Self.bridge(dir, database: "l.sqlite", version: 2).importFiles(pages, source: "tool")
        let renamed = try Self.bridge(dir, database: "l.sqlite", version: 3, keyPrefix: "mass:")
        let dry = try renamed.reprocess(source: "tool", dryRun: true, actor: "test", at: Self.at)
        #expect(dry.report.orphaned.count == 30)
        #expect(dry.report.changes.filter { $0.before == nil }.count == 30)
        let text = try ReprocessFormatter.render(dry.report, failures: dry.failures, source: "tool", dryRun: true)
        #expect(text.contains("! tool:T0: no record derives it under the new mapping; kept as it was"))
        #expect(try renamed.store.tasks.list(TaskFilter()).count == 30)
    }
}
