import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// The scoring commands' layer over the sample corpus.
struct ScoreCommandTests {
    static let closeTime = Timestamp(iso8601: "2026-04-30T00:00:00+07:00")!

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"), now: { closeTime })
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        return bridge
    }

    @Test func theJSONReportHasTheDocumentedShape() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let (report, _) = try bridge.scoreReport(period: Period("2026-03")!, at: Self.closeTime, filter: ScoreFilter(), current: false)
        let json = try ScoreFormatter.render(report, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["period", "evaluatedAt", "officers", "units"])
        let officers = try #require(object["officers"] as? [[String: Any]])
        #expect(officers.count == 5)
        #expect(Set(officers[0].keys) == [
            "officer", "name", "agency", "unit", "block", "assignedUnits", "completedUnits", "assignedTasks", "completedTasks",
            "quantity", "quality", "timeliness", "taskPoints", "generalPoints", "total", "provisional", "sanction", "level",
        ])
        let lan = try #require(officers.first { $0["officer"] as? String == "email:lan.nt@khanhhoa.gov.vn" })
        #expect((lan["quantity"] as? NSNumber)?.stringValue == "66.666667")
        #expect(lan["level"] as? String == "Hoàn thành tốt nhiệm vụ")
        let units = try #require(object["units"] as? [[String: Any]])
        #expect(Set(units[0].keys) == ["unit", "agency", "officers", "counts", "quotaExceeded"])
    }

    /// A home whose scoring policy gives coordinators a share (mappings and catalogue are the project's).
    static func homeWithCoordinatorShare(_ dir: TemporaryDirectory) throws -> String {
        let home = dir.file("home")
        try FileManager.default.createDirectory(atPath: "\(home)/Mappings", withIntermediateDirectories: true)
        for file in ["eoffice-edxml.yml", "ioffice.yml", "catalog.yml"] {
            try FileManager.default.createSymbolicLink(atPath: "\(home)/Mappings/\(file)", withDestinationPath: "\(Fixtures.home)/Mappings/\(file)")
        }
        let policy = try String(contentsOfFile: "\(Fixtures.home)/Mappings/scoring.yml", encoding: .utf8)
        try policy.replacingOccurrences(of: "coordinatorShare: 0\n", with: "coordinatorShare: 0.5\n")
            .write(toFile: "\(home)/Mappings/scoring.yml", atomically: true, encoding: .utf8)
        return home
    }

    /// The built-in configuration under `home`, with the iOffice source too (its sample page names a coordinator).
    static func bridgeWithIOffice(home: String, database: String) throws -> Bridge {
        var configuration = BridgeConfiguration.builtIn(home: home)
        configuration.sources.append(.init(
            id: "ioffice", kind: "json-pages", mapping: "Mappings/ioffice.yml", block: .state, agency: nil,
            baseURL: URL(string: "http://127.0.0.1:9/ioffice/")))
        return try Bridge(configuration: configuration, databasePath: database, now: { closeTime })
    }

    @Test func storedScoresFollowAChangeOfTheScoringRules() throws {
        let dir = try TemporaryDirectory()
        let year = Period("2026")!
        let plain = try Self.bridgeWithIOffice(home: Fixtures.home, database: dir.file("l.sqlite"))
        _ = try plain.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        _ = try plain.importFiles(["\(Fixtures.home)/Samples/ioffice/page-1.json"], source: "ioffice")
        let before = try plain.storedScores(period: year, at: Self.closeTime)
        #expect(before == (try plain.scores(period: year, at: Self.closeTime).map(ScoreRow.init)))
        // The same ledger opened under rules that give coordinators a share: the coordinator's score is stored.
        let shared = try Self.bridgeWithIOffice(home: try Self.homeWithCoordinatorShare(dir), database: dir.file("l.sqlite"))
        let after = try shared.storedScores(period: year, at: Self.closeTime)
        #expect(after == (try shared.scores(period: year, at: Self.closeTime).map(ScoreRow.init)))
        #expect(Set(after.map(\.officer)).subtracting(before.map(\.officer)) == ["email:hung.lv.3@khanhhoa.gov.vn"])
        // And back: the coordinator's score goes again.
        #expect(try plain.storedScores(period: year, at: Self.closeTime) == before)
    }

    /// A unit's or an agency's stored scores are read alone (by the columns kept beside each body), and are the
    /// same rows as the whole period's, filtered.
    @Test func aUnitsScoresAreReadAloneAndEqualTheFilteredPeriod() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridgeWithIOffice(home: Fixtures.home, database: dir.file("l.sqlite"))
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        let year = Period("2026")!
        let all = try bridge.storedScores(period: year, at: Self.closeTime)
        let units = Set(all.compactMap(\.unit)), agencies = Set(all.compactMap(\.agency))
        #expect(!units.isEmpty && !agencies.isEmpty)
        for unit in units {
            #expect(try bridge.storedScores(period: year, at: Self.closeTime, filter: ScoreFilter(unit: unit)) == all.filter { $0.unit == unit })
        }
        // The dashboard's aggregates, counted in SQL, are the rows' own: levels, officers scored, the ranking.
        let groups = try bridge.store.scores.levelGroups(period: "2026")
        #expect(groups.reduce(0) { $0 + $1.officers } == all.count)
        #expect(groups.reduce(0) { $0 + $1.scored } == all.compactMap(\.total).count)
        #expect(groups.reduce(0) { $0 + $1.assignedTasks } == all.reduce(0) { $0 + $1.assignedTasks })
        for level in Set(all.compactMap(\.level)) {
            #expect(groups.filter { $0.level == level }.reduce(0) { $0 + $1.officers } == all.filter { $0.level == level }.count)
        }
        let ranked = try bridge.store.scores.ranked(period: "2026", agencies: nil, limit: 5)
        let best = all.sorted { ($0.total ?? -1, $1.officer) > ($1.total ?? -1, $0.officer) }.prefix(5).map(\.officer)
        #expect(ranked.total == all.count)
        #expect(try ranked.bodies.map { try JSONDecoder().decode(ScoreRow.self, from: Data($0.utf8)).officer } == best)
        for agency in agencies {
            #expect(try bridge.storedScores(period: year, at: Self.closeTime, filter: ScoreFilter(agency: agency)) == all.filter { $0.agency == agency })
            // The dashboard's trend: the average total, computed in SQL, is the rows' average.
            let totals = all.filter { $0.agency == agency }.compactMap(\.total).map { NSDecimalNumber(decimal: $0).doubleValue }
            let average = try bridge.store.scores.averageTotal(period: "2026", agencies: [agency])
            #expect(totals.isEmpty ? average == nil : abs((average ?? -1) - totals.reduce(0, +) / Double(totals.count)) < 1e-6)
        }
    }

    /// The projector in bounded turns (`serve`'s projector service): each run stops after its steps and leaves
    /// the rest queued, and the turns together give what one run gives.
    @Test func theProjectorCatchesUpInBoundedTurns() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridgeWithIOffice(home: Fixtures.home, database: dir.file("l.sqlite"))
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        let tasks = try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter()))
        let scores = try bridge.store.scores.stored(period: "2026")
        try bridge.store.write { tx in
            try tx.tasks.queueEveryTask(cause: "test")
            try tx.scores.oweEveryStoredScore()
        }
        var projector = bridge.importer.projector
        projector.taskBatch = 3
        projector.scoreBatch = 3
        var turns = 0
        while try !projector.isCaughtUp() && turns < 1_000 {
            try projector.run(at: Self.closeTime, cause: "turn", maxSteps: 1)
            turns += 1
        }
        #expect(turns > 5)
        #expect(try UnifiedTask.listJSON(bridge.store.tasks.list(TaskFilter())) == tasks)
        #expect(try bridge.store.scores.stored(period: "2026") == scores)
    }

    @Test func anOfficerWithoutTasksDueYetHasNoScoreNotZero() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let early = Timestamp(iso8601: "2026-03-03T00:00:00+07:00")!
        let scores = try bridge.scores(period: Period("2026-03")!, at: early)
        #expect(!scores.isEmpty)
        #expect(scores.allSatisfy { $0.total == nil && $0.level == nil })
    }

    @Test func assessmentsReplaceProvisionalPointsAndSanctionsForceTheLastLevel() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let csv = "officer,period,general_points,sanction\nemail:dinh.tc@khanhhoa.gov.vn,2026-03,25,no\nemail:mai.ht@khanhhoa.gov.vn,2026-03,30,có\n"
        let items = try AssessmentFile.parse(Data(csv.utf8), file: "a.csv")
        try bridge.importAssessments(items, origin: "a.csv", actor: "test", at: Self.closeTime)
        let stored = try bridge.store.scores.stored(period: "2026-03")
        let dinh = try JSONDecoder().decode(ScoreRow.self, from: Data(try #require(stored["email:dinh.tc@khanhhoa.gov.vn"]).utf8))
        #expect(dinh.total == 95)
        #expect(!dinh.provisional)
        let mai = try JSONDecoder().decode(ScoreRow.self, from: Data(try #require(stored["email:mai.ht@khanhhoa.gov.vn"]).utf8))
        #expect(mai.level == "Không hoàn thành nhiệm vụ")
        #expect(mai.total == 100)
    }

    @Test(arguments: [
        ("officer,period,general_points,sanction\nx,2026-13,28,no\n", "a.csv:2: '2026-13' is not a period"),
        ("x,2026-03,31,no\n", "a.csv:1: general_points '31' is not a number from 0 to 30"),
        ("x,2026-03,20\n", "a.csv:1: expected 4 fields"),
        ("x,2026-03,20,maybe\n", "a.csv:1: sanction 'maybe' is not yes/no"),
        ("x,2026-03,20,no\nx,2026-03,21,no\n", "a.csv:2: x 2026-03 appears twice"),
    ])
    func badAssessmentRowsNameTheLine(csv: String, message: String) {
        let error = #expect(throws: AppError.self) { try AssessmentFile.parse(Data(csv.utf8), file: "a.csv") }
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
    }

    @Test func aClosedPeriodKeepsItsNumbersAndRecordsLaterChangesAsAdjustments() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let period = Period("2026-03")!
        #expect(try bridge.closePeriod("2026-03", actor: "test", at: Self.closeTime) == 5)
        #expect(throws: LedgerError.self) { try bridge.closePeriod("2026-03", actor: "test", at: Self.closeTime) }
        let kept = try bridge.scoreReport(period: period, at: nil, filter: ScoreFilter(), current: false).report
        // Lan's open task (170, due 31 March) is reported finished afterwards.
        let late = """
            <?xml version="1.0" encoding="UTF-8"?>
            <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
            <From><OrganId>000.00.12.H34</OrganId></From>
            <ResponseFor><DocumentId>000.00.00.H34,2026/03/12,170/UBND-VP</DocumentId></ResponseFor>
            <StatusCode>06</StatusCode><Timestamp>2026/03/30 10:00:00</Timestamp>
            </MessageHeader></edXMLHeader></edXMLEnvelope></edXML>
            """
        let file = try dir.write("late.edxml", Array(late.utf8))
        _ = try bridge.importFiles([file], source: "eoffice")
        let after = try bridge.scoreReport(period: period, at: nil, filter: ScoreFilter(), current: false)
        #expect(after.report.officers == kept.officers)
        #expect(after.note?.contains("1 adjustment(s)") == true)
        let current = try bridge.scoreReport(period: period, at: Self.closeTime, filter: ScoreFilter(), current: true).report
        let lan = try #require(current.officers.first { $0.officer == "email:lan.nt@khanhhoa.gov.vn" })
        #expect(lan.completedTasks == 3)
        #expect(try bridge.store.scores.adjustments(period: "2026-03").first?.officer == "email:lan.nt@khanhhoa.gov.vn")
    }

    /// A ledger made before fingerprints were a score's numbers alone (each fingerprint was its whole body) has
    /// them written again by the next projection, and records no adjustment of a closed period for it.
    @Test func fingerprintsKeptAsBodiesAreRewrittenWithoutAdjustingClosedPeriods() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(try bridge.closePeriod("2026-03", actor: "test", at: Self.closeTime) == 5)
        let before = try bridge.scoreReport(period: Period("2026-03")!, at: nil, filter: ScoreFilter(), current: false).report
        let queue = try DatabaseQueue(path: dir.file("l.sqlite"))
        try queue.write { db in
            try db.execute(sql: "UPDATE score SET fingerprint = body")
            try db.execute(sql: "UPDATE score_closed SET fingerprint = body")
            try db.execute(sql: "DELETE FROM projection_state WHERE name IN ('scoring.fingerprints', 'scoring.rules')")
        }
        try queue.close()
        let reopened = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"), now: { Self.closeTime })
        try reopened.importer.projector.run(at: Self.closeTime, cause: "test")
        #expect(try reopened.store.scores.adjustments(period: "2026-03").isEmpty)
        let after = try reopened.scoreReport(period: Period("2026-03")!, at: nil, filter: ScoreFilter(), current: false)
        #expect(after.report.officers == before.officers && after.note?.contains("0 adjustment(s)") == true)
        let check = try DatabaseQueue(path: dir.file("l.sqlite"))
        let old = try check.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM score WHERE fingerprint NOT LIKE 'numbers %'")! +
                Int.fetchOne(db, sql: "SELECT count(*) FROM score_closed WHERE fingerprint NOT LIKE 'numbers %'")!
        }
        #expect(old == 0)
    }

    /// The figures kept as columns beside each stored score are the body's, for every score the projector stores
    /// and every score kept at close.
    @Test func theScoreColumnsAreTheBodysFigures() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(try bridge.closePeriod("2026-03", actor: "test", at: Self.closeTime) == 5)
        let differing = try DatabaseQueue(path: dir.file("l.sqlite")).read { db in
            try ["score", "score_closed"].map { table in
                try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM \(table) WHERE agency IS NOT json_extract(body, '$.agency') OR unit IS NOT json_extract(body, '$.unit')
                      OR block IS NOT json_extract(body, '$.block') OR level IS NOT json_extract(body, '$.level')
                      OR total_micros IS NOT CAST(round(json_extract(body, '$.total') * 1000000) AS INTEGER)
                      OR assigned_tasks != json_extract(body, '$.assignedTasks') OR provisional != json_extract(body, '$.provisional')
                    """)!
            }
        }
        #expect(differing == [0, 0])
        #expect(try DatabaseQueue(path: dir.file("l.sqlite")).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM score_closed")! } == 5)
    }

    @Test func theDemoPrintsTasksAndTheScoreTable() throws {
        let dir = try TemporaryDirectory()
        let text = try Demo.run(home: Fixtures.home, databasePath: dir.file("demo.sqlite"))
        #expect(text.contains("records 100: 97 applied (new tasks 22, updated tasks 0), 1 unchanged, 2 dead letters"))
        #expect(text.contains("Period 2026-03"))
        #expect(text.contains("Nguyễn Thị Lan"))
        #expect(text.contains("Hoàn thành xuất sắc nhiệm vụ"))
    }
}
