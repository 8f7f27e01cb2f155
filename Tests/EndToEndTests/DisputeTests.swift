import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Officers' disputes through the bridge (docs/reconciliation.md, "Disputes"): what is refused, the queue entry
/// with its dry-run impact, acceptance as decisions that later syncs and rebuilds keep, rejection, not-mine and
/// counted-twice.
struct DisputeTests {
    static let at = Timestamp(iso8601: "2026-04-30T00:00:00+07:00")!

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"), now: { at })
        let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ lan.nt@khanhhoa.gov.vn ] } }
              - { id: cb-dinh, name: Trần Công Định, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ dinh.tc@khanhhoa.gov.vn ] } }
              - { id: cb-mai, name: Hồ Thị Mai, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ mai.ht@khanhhoa.gov.vn ] } }
              - { id: cb-bao, name: Đỗ Quốc Bảo, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ bao.dq@khanhhoa.gov.vn ] } }
              - { id: cb-tuan, name: Phạm Minh Tuấn, agency: 000.00.14.H34, unit: Phòng Ngân sách, accounts: { email: [ tuan.pm@khanhhoa.gov.vn ] } }
            """.utf8)))
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        return bridge
    }

    static let lan170 = TaskKey("000.00.00.H34,2026/03/12,170/UBND-VP@000.00.12.H34")
    static let lan135 = TaskKey("000.00.00.H34,2026/03/07,135/UBND-VP@000.00.12.H34")
    static let dinh128 = TaskKey("000.00.00.H34,2026/03/06,128/UBND-VP@000.00.16.H34")
    static let tuan107 = TaskKey("000.00.00.H34,2026/03/03,107/UBND-VP@000.00.14.H34")
    static let march = Period("2026-03")!

    static func total(_ bridge: Bridge, _ officer: String) throws -> String {
        try bridge.explain(officer: officer, period: march, at: at).total?.description ?? "-"
    }

    static func refusal(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    /// Lan says dispatch 170 was finished on 20 March: her dispute is queued for her agency's admins with what
    /// accepting it would do; accepted, it is two decisions (completed, on that day) that later syncs respect.
    @Test func anAcceptedDisputeIsDecisionsThatMoveTheScore() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(try Self.total(bridge, "cb-lan") == "76.67")
        func raise(_ officer: String, _ task: TaskKey, _ kind: Dispute.Kind, _ value: String?, reason: String = "xem văn bản") throws -> Dispute {
            try bridge.raiseDispute(officer: officer, task: task, kind: kind, value: value, reason: reason, actor: "test", at: Self.at)
        }
        // What is refused, and why.
        #expect(Self.refusal { try raise("cb-lan", Self.dinh128, .notMine, nil) } == "no task '\(Self.dinh128.rawValue)' of cb-lan")
        #expect(Self.refusal { try raise("cb-lan", Self.lan170, .completedOn, "20/03/2026") } == "completed-on needs a day (YYYY-MM-DD), not '20/03/2026'")
        #expect(Self.refusal { try raise("cb-lan", Self.lan170, .countedTwice, Self.lan170.rawValue) }.hasPrefix("counted-twice needs the key of the other task"))
        #expect(Self.refusal { try raise("cb-lan", Self.lan170, .notMine, nil, reason: "  ") } == "a dispute needs a reason")
        let evidence = Data("Biên bản bàn giao ngày 20/03/2026".utf8)
        let big = Data(count: Bridge.evidenceLimit + 1)
        #expect(Self.refusal {
            try bridge.raiseDispute(officer: "cb-lan", task: Self.lan170, kind: .completedOn, value: "2026-03-20", reason: "r", evidence: ("big.pdf", big), actor: "t", at: Self.at)
        }.hasPrefix("the evidence file is"))

        let dispute = try bridge.raiseDispute(
            officer: "cb-lan", task: Self.lan170, kind: .completedOn, value: "2026-03-20", reason: "Đã trình ký ngày 20/03", document: "45/BB-SNV",
            evidence: ("bien-ban.pdf", evidence), actor: "web:lan", at: Self.at)
        #expect(Self.refusal { try raise("cb-lan", Self.lan170, .completedOn, "2026-03-21") } == "cb-lan has an open completed-on dispute of this task already")
        #expect(try bridge.store.disputes.evidence(try #require(dispute.evidence).hash) == evidence)

        // In the queue, for the task's agency, with what accepting it would do.
        let conflict = try #require(try bridge.conflicts(.init(kind: .dispute)).first)
        #expect(conflict.state == .open && conflict.agency == "000.00.12.H34" && conflict.task == Self.lan170)
        #expect(conflict.note.contains("cb-lan disputes") && conflict.note.contains("completed on 2026-03-20") && conflict.note.contains("45/BB-SNV"))
        let impacts = try bridge.impacts(of: conflict, at: Self.at)
        #expect(impacts.map(\.option) == ["accept the dispute", "reject"])
        let move = try #require(impacts[0].scores.first { $0.pair.officer == "cb-lan" && $0.pair.period == "2026-03" })
        #expect(move.after == Decimal(100))
        #expect(try Self.total(bridge, "cb-lan") == "76.67", "the impact is a dry run")
        // The generic accept names the dispute command.
        #expect(Self.refusal { try bridge.decide(.accept(conflict.id), reason: "r", actor: "a", at: Self.at) }.contains("kpibridge dispute accept \(dispute.id)"))

        let outcome = try bridge.decideDispute(dispute.id, accept: true, reason: "đúng biên bản", actor: "admin", at: Self.at)
        #expect(outcome.decisions.map(\.summary) == ["override status of \(Self.lan170.rawValue) to completed", "override completedAt of \(Self.lan170.rawValue) to 2026-03-20"])
        #expect(outcome.dispute.state == .accepted && outcome.dispute.decidedBy == "admin" && outcome.dispute.decidedValue == "2026-03-20")
        #expect(try Self.total(bridge, "cb-lan") == "100.00")
        #expect(try bridge.conflicts(.init(kind: .dispute)).map(\.state) == [.resolved])
        #expect(Self.refusal { try bridge.decideDispute(dispute.id, accept: false, reason: "r", actor: "a", at: Self.at) } == "dispute \(dispute.id) is accepted already")
        // The syncs respect it; a rebuild gives the same.
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        try bridge.rebuild(at: Self.at)
        #expect(try Self.total(bridge, "cb-lan") == "100.00")
        #expect(try bridge.store.audit.log(action: "dispute.accept").contains { $0.subject == "dispute:\(dispute.id)" })
    }

    /// A rejection changes nothing; not-mine needs the admin to name whose task it is; counted twice is a link.
    @Test func rejectedNotMineAndCountedTwice() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let wrongType = try bridge.raiseDispute(
            officer: "cb-tuan", task: Self.tuan107, kind: .wrongProductType, value: "Báo cáo", reason: "là báo cáo", actor: "t", at: Self.at)
        let rejected = try bridge.decideDispute(wrongType.id, accept: false, reason: "công văn đúng loại", actor: "admin", at: Self.at)
        #expect(rejected.dispute.state == .rejected && rejected.decisions.isEmpty && rejected.scores.isEmpty)
        #expect(try bridge.store.tasks.task(Self.tuan107)?.task.productType == "Công văn")

        let notMine = try bridge.raiseDispute(officer: "cb-lan", task: Self.lan135, kind: .notMine, value: nil, reason: "Mai xử lý", actor: "t", at: Self.at)
        #expect(Self.refusal { try bridge.decideDispute(notMine.id, accept: true, reason: "r", actor: "admin", at: Self.at) }
            == "accepting a not-mine dispute needs the officer whose task it is (value)")
        try bridge.decideDispute(notMine.id, accept: true, value: "cb-mai", reason: "phân công lại", actor: "admin", at: Self.at)
        #expect(try bridge.store.tasks.task(Self.lan135)?.task.mainHandler?.officer == "cb-mai")
        #expect(try bridge.explain(officer: "cb-lan", period: Self.march, at: Self.at).contributions.map(\.task.key).contains(Self.lan135) == false)

        let twice = try bridge.raiseDispute(
            officer: "cb-lan", task: Self.lan170, kind: .countedTwice, value: Self.lan135.rawValue, reason: "cùng việc", actor: "t", at: Self.at)
        let linked = try bridge.decideDispute(twice.id, accept: true, reason: "cùng một công việc", actor: "admin", at: Self.at)
        #expect(linked.decisions.map(\.action) == [.link])
        #expect(try bridge.store.tasks.task(Self.lan170)?.task.link?.members.contains(Self.lan135) == true)
    }
}
