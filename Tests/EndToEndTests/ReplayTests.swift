import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Dead letters from a broken mapping, replayed after the fix, give what a right mapping gave from the start.
struct ReplayTests {
    /// The tool's mapping; `broken` forgets the "done" status, `due: false` maps no deadline, `keyPrefix` keys tasks.
    /// `extraFields`: more `fields:` lines (indented as the others), e.g. counts a tool reports itself.
    static func mapping(version: Int, broken: Bool, due: Bool = true, keyPrefix: String = "tool:", extraFields: String = "") -> String {
        """
        id: tool
        version: \(version)
        format: json
        items: $.items[*]
        statuses:
          open: { status: received, rank: 1 }
          \(broken ? "" : "done: { status: completed, rank: 4 }")
        rules:
          - name: task
            task: { concat: [ "\(keyPrefix)", { path: "@.id" } ] }
            recordId: "@.id"
            version: "@.at"
            time: { path: "@.at", date: "dd-MM-yyyy HH:mm" }
            status: "@.state"
            fields:
              title: "@.title"
              mainHandler: { namespace: tool-staff, id: "@.owner" }
              \(due ? #"dueAt: { path: "@.due", date: "dd-MM-yyyy HH:mm" }"# : "")
              completedAt: { path: "@.doneAt", date: "dd-MM-yyyy HH:mm" }
        \(extraFields)
        """
    }

    /// `pages` pages of `perPage` records; every record is "done", so a mapping without "done" fails them all.
    static func writePages(_ dir: TemporaryDirectory, pages: Int, perPage: Int) throws -> [String] {
        try (0..<pages).map { p in
            let items = (0..<perPage).map { i -> String in
                let n = p * perPage + i
                let doneDay = String(format: "%02d", 9 + n % 17)
                return #"{"id":"T\#(n)","title":"Việc số \#(n)","owner":"S\#(n % 40)","state":"done","at":"10-03-2026 08:00","due":"\#(10 + n % 15)-03-2026 17:00","doneAt":"\#(doneDay)-03-2026 16:00"}"#
            }
            return try dir.write("page-\(p).json", Array(#"{"items":[\#(items.joined(separator: ","))]}"#.utf8))
        }
    }

    static func bridge(_ dir: TemporaryDirectory, database: String, version: Int, broken: Bool) throws -> Bridge {
        try bridge(dir, database: database, mapping: mapping(version: version, broken: broken))
    }

    /// A bridge with one JSON source, `tool`, read through `mapping`.
    static func bridge(_ dir: TemporaryDirectory, database: String, mapping: String) throws -> Bridge {
        try mapping.write(toFile: dir.file("tool.yml"), atomically: true, encoding: .utf8)
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: tool, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: tool.yml, block: mass, agency: TD-KH }
            """.utf8))
        return try Bridge(
            configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file(database),
            now: { Timestamp(iso8601: "2026-04-15T00:00:00+07:00")! })
    }

    @Test func tenThousandDeadLettersReplayedAfterTheFixEqualARightRun() throws {
        let dir = try TemporaryDirectory()
        let pages = try Self.writePages(dir, pages: 10, perPage: 1_000)
        let at = Timestamp(iso8601: "2026-04-15T00:00:00+07:00")!

        let broken = try Self.bridge(dir, database: "replayed.sqlite", version: 1, broken: true)
        let (first, _) = try broken.importFiles(pages, source: "tool")
        #expect(first.deadLetters == 10_000)
        #expect(try broken.store.deadLetters.list(includeResolved: false).allSatisfy { $0.failureClass == .mapping && $0.reason.contains("status 'done'") })

        // The fix is a new version of the mapping.
        let fixed = try Self.bridge(dir, database: "replayed.sqlite", version: 2, broken: false)
        let dry = try fixed.replay(ReplaySelection(source: "tool"), dryRun: true, actor: "test", at: at)
        #expect(dry.count == 10_000 && dry.allSatisfy(\.resolved))
        #expect(dry.reduce(0) { $0 + $1.summary.newTasks } == 10_000)
        #expect(try fixed.store.tasks.list(TaskFilter()).isEmpty)  // a dry run keeps nothing
        #expect(try fixed.store.deadLetters.list(includeResolved: false).count == 10_000)

        let done = try fixed.replay(ReplaySelection(reason: "mapping"), dryRun: false, actor: "operator", at: at)
        #expect(done.count == 10_000 && done.allSatisfy(\.resolved))
        #expect(try fixed.store.deadLetters.list(includeResolved: false).isEmpty)
        #expect(try fixed.replay(ReplaySelection(all: true), dryRun: false, actor: "operator", at: at).isEmpty)  // twice = once
        #expect(try fixed.store.audit.log(limit: 20_000).filter { $0.action == "replay" }.count == 10_000)

        let right = try Self.bridge(dir, database: "right.sqlite", version: 2, broken: false)
        _ = try right.importFiles(pages, source: "tool")
        #expect(try UnifiedTask.listJSON(try fixed.store.tasks.list(TaskFilter())) == (try UnifiedTask.listJSON(try right.store.tasks.list(TaskFilter()))))
        let period = Period("2026-03")!
        let replayedScores = try fixed.scoreReport(period: period, at: at, filter: ScoreFilter(), current: true).report.officers
        let rightScores = try right.scoreReport(period: period, at: at, filter: ScoreFilter(), current: true).report.officers
        #expect(replayedScores.count == 40)
        #expect(replayedScores == rightScores)
        #expect(try fixed.store.scores.stored(period: "2026-03") == (try right.store.scores.stored(period: "2026-03")))
    }

    @Test func aReplayThatStillFailsCountsAnAttemptAndSaysWhy() throws {
        let dir = try TemporaryDirectory()
        let pages = try Self.writePages(dir, pages: 1, perPage: 3)
        let bridge = try Self.bridge(dir, database: "l.sqlite", version: 1, broken: true)
        _ = try bridge.importFiles(pages, source: "tool")
        let outcomes = try bridge.replay(ReplaySelection(ids: [1]), dryRun: false, actor: "operator", at: Timestamp(iso8601: "2026-04-15T00:00:00+07:00")!)
        #expect(outcomes.count == 1)
        #expect(outcomes[0].failures.first?.contains("status 'done' is not in statuses") == true)
        #expect(try bridge.store.deadLetters.letter(id: 1)?.attempts == 2)
        #expect(throws: AppError.self) { try bridge.replay(ReplaySelection(), dryRun: true, actor: "x", at: Timestamp(millis: 0)) }
    }
}
