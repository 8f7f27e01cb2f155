import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A task tool that counts missed deadlines, errors and returns itself: its counts reach the score that `score`,
/// `explain` and `task` show, by the one rule docs/scoring.md states (the larger of the tool's count and the
/// deadlines the bridge saw pass wins).
struct ReportedCountsTests {
    /// The replay tests' tool, with the counts the tool reports itself (`soLanTreHan`, `soLanTraLai`).
    static let mapping = ReplayTests.mapping(version: 1, broken: false, extraFields: """
              missedDeadlines: "@.soLanTreHan"
              returns: "@.soLanTraLai"
        """)

    /// Officer S1: T1 completed three days early but late six times by the tool's count; T2 on time, no count.
    /// Officer S2: T3 completed a day late (the bridge sees one missed deadline) with a tool count of 0.
    static let page = #"""
        {"items":[
          {"id":"T1","title":"Báo cáo quý","owner":"S1","state":"done","at":"07-03-2026 09:00","due":"10-03-2026 17:00","doneAt":"07-03-2026 09:00","soLanTreHan":6,"soLanTraLai":0},
          {"id":"T2","title":"Tờ trình","owner":"S1","state":"done","at":"05-03-2026 09:00","due":"10-03-2026 17:00","doneAt":"05-03-2026 09:00"},
          {"id":"T3","title":"Kế hoạch","owner":"S2","state":"done","at":"11-03-2026 09:00","due":"10-03-2026 17:00","doneAt":"11-03-2026 09:00","soLanTreHan":0,"soLanTraLai":1}
        ]}
        """#

    static let at = Timestamp(iso8601: "2026-04-15T00:00:00+07:00")!

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let bridge = try ReplayTests.bridge(dir, database: "l.sqlite", mapping: mapping)
        let (summary, _) = try bridge.importFiles([try dir.write("page.json", Array(page.utf8))], source: "tool")
        #expect(summary.deadLetters == 0)
        return bridge
    }

    @Test func aToolsOwnMissedDeadlineCountReachesTheScore() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let (report, _) = try bridge.scoreReport(period: Period("2026-03")!, at: nil, filter: ScoreFilter(), current: false)
        let json = try ScoreFormatter.render(report, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let officers = try #require(object["officers"] as? [[String: Any]])
        let s1 = try #require(officers.first { $0["officer"] as? String == "tool-staff:S1" })
        // T1: 6 missed by the tool's count → timeliness factor max(0, 1 − 0.25 × 6) = 0; T2: 1. Timeliness 50.
        #expect((s1["timeliness"] as? NSNumber)?.stringValue == "50")
        #expect((s1["quantity"] as? NSNumber)?.stringValue == "100")
        // Task points = 70 × (100 + 100 + 50) / 300.
        #expect((s1["taskPoints"] as? NSNumber)?.stringValue == "58.333333")
        let s2 = try #require(officers.first { $0["officer"] as? String == "tool-staff:S2" })
        // T3: the bridge saw its deadline pass (the tool's 0 cannot undo it); one return reported → quality 75.
        #expect((s2["timeliness"] as? NSNumber)?.stringValue == "75")
        #expect((s2["quality"] as? NSNumber)?.stringValue == "75")

        // explain and task say the same, task by task.
        let explained = try bridge.explain(officer: "tool-staff:S1", period: Period("2026-03")!, at: Self.at)
        let t1 = try #require(explained.contributions.first { $0.task.key.rawValue == "tool:T1" })
        #expect(t1.missedDeadlines == 6 && t1.timelinessFactor == .zero)
        let task = try #require(try bridge.store.tasks.task(TaskKey("tool:T1"))?.task)
        #expect(task.missedDeadlines(at: Self.at) == 6)
        #expect(explained.timeliness == Rational(50))
    }

    @Test func theStoredScoreEqualsTheScoreComputedAtTheSameTime() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let period = Period("2026-03")!
        let stored = try bridge.storedScores(period: period, at: Self.at)
        #expect(stored == (try bridge.scores(period: period, at: Self.at).map(ScoreRow.init)))
    }
}
