import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The provincial one-stop system read through its shipped mapping (Mappings/motcua-dossiers.yml): each step of a
/// dossier's log is a task of the officer who held it, due at the step's deadline and completed when the dossier
/// was handed on, so a late step loses timeliness by the decree's 25 % rule, as `explain` shows step by step.
struct DossierStepsTests {
    static let at = Timestamp(iso8601: "2026-12-31T00:00:00+07:00")!

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: motcua, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/motcua-dossiers.yml, block: state }
            """.utf8))
        return try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { Self.at })
    }

    @Test func eachStepIsATaskOfItsOfficerAndALateStepLosesTimeliness() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let (summary, _) = try bridge.importFiles(["\(Fixtures.home)/Samples/motcua/page-1.json"], source: "motcua")
        #expect(summary.deadLetters == 0)
        let tasks = try bridge.store.tasks.list(TaskFilter())
        #expect(tasks.map(\.key.rawValue) == [
            "motcua:000.00.12.H34-261202-0001#1", "motcua:000.00.12.H34-261202-0001#2", "motcua:000.00.12.H34-261202-0001#3",
            "motcua:000.00.12.H34-261205-0007#1", "motcua:000.00.12.H34-261205-0007#2",
        ])
        #expect(tasks.allSatisfy { $0.productType == "Hồ sơ TTHC" && $0.document.number?.hasPrefix("000.00.12.H34-") == true })

        // The appraisal step was handed on a day late (due 9 December 17:00, ended 10 December 11:00): one missed
        // deadline, timeliness factor 0.75; the officer's other work this month is none, so timeliness is 75.
        let late = try bridge.explain(officer: "motcua:MC-0002", period: Period("2026-12")!, at: Self.at)
        let step = try #require(late.contributions.first)
        #expect(late.contributions.count == 1)
        #expect(step.task.key.rawValue == "motcua:000.00.12.H34-261202-0001#2")
        #expect(step.task.dueAt == Timestamp(iso8601: "2026-12-09T17:00:00+07:00"))
        #expect(step.task.completedAt == Timestamp(iso8601: "2026-12-10T11:00:00+07:00"))
        #expect(step.missedDeadlines == 1 && step.timelinessFactor == Rational(3, 4))
        #expect(late.timeliness == Rational(75))

        // The reception officer held two steps, both handed on in time: timeliness 100.
        let reception = try bridge.explain(officer: "motcua:MC-0001", period: Period("2026-12")!, at: Self.at)
        #expect(reception.contributions.count == 2 && reception.contributions.allSatisfy { $0.timelinessFactor == Rational(1) })
        #expect(reception.timeliness == Rational(100))

        // Still held past its deadline at the scoring time: late and unfinished, as any overdue task.
        let held = try #require(try bridge.store.tasks.task(TaskKey("motcua:000.00.12.H34-261205-0007#2"))?.task)
        #expect(held.status == .inProgress && held.completedAt == nil)
        #expect(held.missedDeadlines(at: Self.at) >= 1)
    }

    @Test func aStepWithoutItsOfficerIsADeadLetterNamingTheField() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        var page = try String(contentsOfFile: "\(Fixtures.home)/Samples/motcua/page-1.json", encoding: .utf8)
        page = page.replacingOccurrences(of: #""NguoiXuLy": "MC-0004", "#, with: "")
        let path = try dir.write("page.json", Array(page.utf8))
        let (summary, _) = try bridge.importFiles([path], source: "motcua")
        #expect(summary.deadLetters == 1)
        let letter = try #require(try bridge.store.deadLetters.list(includeResolved: false).first)
        #expect(letter.reason.contains("NguoiXuLy"), "\(letter.reason)")
    }

    /// The same steps from DVCQG's progress bodies (Mappings/dvcqg-tien-do.yml): one task per processed step,
    /// the appraisal a day late as from the provincial API, and a dossier body given to it a dead letter.
    @Test func stepsReportedToTheNationalPortalScoreTheSame() throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: dvcqg, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/dvcqg-tien-do.yml, block: state }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { Self.at })
        let body = #"{"session":"s","madonvi":"000.00.12.H34","service":"DongBoHoSoMC","data":[{"MaHoSo":"000.00.12.H34-261202-0001","TrangThaiHoSo":"10"}]}"#
        let (summary, _) = try bridge.importFiles(["\(Fixtures.home)/Samples/dvcqg/tien-do-1.json", try dir.write("hoso.json", Array(body.utf8))], source: "dvcqg")
        #expect(summary.deadLetters == 1)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 2)
        let explained = try bridge.explain(officer: "dvcqg:ttbinh.qldt", period: Period("2026-12")!, at: Self.at)
        #expect(explained.contributions.map(\.timelinessFactor) == [Rational(3, 4)])
        #expect(explained.timeliness == Rational(75))
    }
}
