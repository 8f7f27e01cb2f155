import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// The same work seen in two systems: dispatch 170/UBND-VP of 12/03/2026, received by Sở Nội vụ
/// (000.00.12.H34) over the edXML hub and assigned to Lan, and the iOffice record of the same document, which
/// another officer completed. Linked exactly it is one task, counted once; on a near match it is a candidate
/// that only an admin can merge.
struct ReconciliationTests {
    static let at = Timestamp(iso8601: "2026-05-02T00:00:00+07:00")!
    static let march = Period("2026-03")!

    static let config = """
        sources:
          - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
          - { id: ioffice, kind: json-pages, baseURL: "http://127.0.0.1:9/ioffice/", mapping: \(Fixtures.home)/Mappings/ioffice.yml, block: state }
          - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party }
        """

    static let directory = """
        officers:
          - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, accounts: { email: [ lan.nt@khanhhoa.gov.vn, lan.nt.0@khanhhoa.gov.vn ], party-member: DV00001 } }
          - { id: cb-hung, name: Lê Văn Hùng, agency: 000.00.12.H34, accounts: { email: [ hung.lv@khanhhoa.gov.vn ] } }
        """

    /// A bridge with the edXML dispatch 170 and its status messages imported (Lan assigned), and the directory.
    static func bridge(_ dir: TemporaryDirectory, extra: String = "", withDirectory: Bool = true) throws -> Bridge {
        let file = try dir.write("kpibridge.yml", Array((config + extra).utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: file), databasePath: dir.file("l.sqlite"), now: { at })
        if withDirectory {
            let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array(directory.utf8)))
            try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        }
        _ = try bridge.importFiles(
            ["doc-11-170.edxml", "st-11-01.edxml", "st-11-03.edxml", "st-11-04.edxml"].map { "\(Fixtures.home)/Samples/eoffice/\($0)" }, source: "eoffice")
        return bridge
    }

    static let edxmlKey = TaskKey("000.00.00.H34,2026/03/12,170/UBND-VP@000.00.12.H34")

    /// One iOffice record of dispatch 170 at Sở Nội vụ, completed by Hùng, with fields changed by `change`.
    static func ioffice(_ change: (inout [String: Any]) -> Void = { _ in }) -> [String: Any] {
        var record: [String: Any] = [
            "id": "VBD-000170", "so_ky_hieu": "Số 170 / UBND - VP", "trich_yeu": "V/v cải cách hành chính năm 2026", "loai_van_ban": "Công văn",
            "ngay_ban_hanh": "12/03/2026", "ten_co_quan_ban_hanh": "UBND tỉnh Khánh Hòa", "ngay_den": "12/03/2026", "han_xu_ly": "24/03/2026",
            "ma_don_vi": "000.00.12.H34", "phong_chu_tri": "Phòng Tổ chức biên chế",
            "nguoi_xu_ly_chinh": ["email": "hung.lv@khanhhoa.gov.vn", "ho_ten": "Lê Văn Hùng"], "nguoi_phoi_hop": [Any](),
            "trang_thai": "da_xu_ly", "ngay_phan_cong": "13/03/2026 08:00:00", "ngay_hoan_thanh": "20/03/2026 16:00:00",
            "ngay_cap_nhat": "20/03/2026 16:00:00",
        ]
        change(&record)
        return record
    }

    /// Imports one page of records into `source`.
    static func importPage(_ bridge: Bridge, _ dir: TemporaryDirectory, source: String, _ records: [[String: Any]]) throws {
        let body: [String: Any] = source == "party" ? ["items": records, "nextCursor": NSNull()] : ["success": true, "total": records.count, "data": records]
        let file = try dir.write("\(source)-\(UUID().uuidString).json", Array(try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))
        _ = try bridge.importFiles([file], source: source)
    }

    static func task(_ bridge: Bridge, _ key: String) throws -> UnifiedTask {
        try #require(try bridge.store.tasks.task(TaskKey(key))?.task)
    }

    /// Officers with a stored March score and how many tasks count for them.
    static func counted(_ bridge: Bridge) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try bridge.storedScores(period: march, at: at).map { ($0.officer, $0.assignedTasks) })
    }

    @Test func theSameDispatchInTwoSystemsIsOneTaskCountedOnceAndItsDisagreementsAreQueued() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(try Self.counted(bridge) == ["cb-lan": 1])
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice()])

        // One unit under the edXML task's key (eoffice comes first in the configuration); the iOffice record is
        // kept, pointing at it, and counts for no one.
        let unit = try Self.task(bridge, Self.edxmlKey.rawValue)
        let absorbed = try Self.task(bridge, "ioffice:VBD-000170")
        #expect(unit.link?.members == [Self.edxmlKey, TaskKey("ioffice:VBD-000170")])
        #expect(unit.countsForKPI && !absorbed.countsForKPI && absorbed.link?.primary == Self.edxmlKey)
        #expect(Set(unit.provenance.map(\.source)) == ["eoffice", "ioffice"])
        #expect(try Self.counted(bridge) == ["cb-lan": 1])  // Hùng's record is the same work: not a second task

        // Status and handler disagree: the unit takes eoffice's and is disputed until an admin decides.
        #expect(unit.mainHandler?.officer == "cb-lan" && unit.status == .assigned)
        #expect(unit.disputedFields == ["mainHandler", "status"])
        let queue = try bridge.conflicts(.init(kind: .disagreement))
        #expect(queue.map(\.subject) == ["mainHandler", "status"].sorted { a, b in queue.firstIndex { $0.subject == a }! < queue.firstIndex { $0.subject == b }! })
        #expect(Set(queue.compactMap(\.subject)) == ["mainHandler", "status"] && queue.allSatisfy { $0.state == .open })
        let status = try #require(queue.first { $0.subject == "status" })
        #expect(Set(status.sides.map(\.value)) == ["assigned", "completed"])
        #expect(status.sides.allSatisfy { !$0.records.isEmpty && $0.records.allSatisfy { $0.payloadHash.count == 64 } })

        // The admin takes the status from iOffice, with a reason: completed, on iOffice's completion time.
        let dry = try bridge.decide(.choose(subject: status.id, field: "status", source: "ioffice"), reason: "iOffice is where the work is closed", actor: "admin", at: Self.at, dryRun: true)
        #expect(dry.dryRun && dry.tasks == [Self.edxmlKey])
        #expect(try bridge.store.reconcile.decisions().isEmpty && (try Self.task(bridge, Self.edxmlKey.rawValue)).status == .assigned)
        let chosen = try bridge.decide(.choose(subject: status.id, field: "status", source: "ioffice"), reason: "iOffice is where the work is closed", actor: "admin", at: Self.at)
        #expect(chosen.decision.sequence == 1 && Set(chosen.scores.map(\.pair.officer)) == ["cb-lan"])
        let settled = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(settled.status == .completed && settled.completedAt == Timestamp(iso8601: "2026-03-20T16:00:00+07:00"))
        #expect(settled.disputedFields == ["mainHandler"] && settled.link?.sources["status"] == "ioffice")
        #expect(try bridge.conflict(status.id).state == .resolved)
        #expect(try bridge.store.audit.log().contains { $0.action == "reconcile.choose" && $0.actor == "admin" && $0.detail?.contains("closed") == true })

        // The handler as eoffice gives it is accepted.
        let handler = try #require(try bridge.conflicts(.init(kind: .disagreement)).first { $0.subject == "mainHandler" })
        try bridge.decide(.accept(handler.id), reason: "Lan was assigned; Hùng only closed it in iOffice", actor: "admin", at: Self.at)
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).disputedFields.isEmpty)
        #expect(try bridge.conflicts(.init(state: .open)).filter { $0.kind != .person }.isEmpty)

        // The decisions survive ten syncs that do not contradict them (new versions of the iOffice record with the
        // same values, the hub's status message again), and a rebuild.
        for day in 21...30 {
            try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice { $0["ngay_cap_nhat"] = "\(day)/03/2026 08:00:00" }])
            _ = try bridge.importFiles(["\(Fixtures.home)/Samples/eoffice/st-11-04.edxml"], source: "eoffice")
            let task = try Self.task(bridge, Self.edxmlKey.rawValue)
            #expect(task.status == .completed && task.disputedFields.isEmpty && task.link?.sources["status"] == "ioffice")
            #expect(try bridge.conflicts(.init(kind: .disagreement)).allSatisfy { $0.state == .resolved })
        }
        #expect(try bridge.store.reconcile.decisions().count == 2)
        let before = try bridge.conflicts()
        try bridge.importer.projector.rebuild(at: Self.at)
        #expect(try bridge.conflicts() == before)
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).with { $0.provenance = [] } == settled.with { $0.link?.disputed = []; $0.provenance = [] })

        // iOffice later returns the work: the choice still applies (returned), and the field is disputed again.
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice { $0["trang_thai"] = "tra_lai"; $0["ngay_cap_nhat"] = "31/03/2026 09:00:00" }])
        let reopened = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(reopened.status == .returned && reopened.disputedFields == ["status"])
        #expect(try bridge.conflict(status.id).state == .reopened)
    }

    @Test func aPersonNamedByDifferentAccountsInTwoSystemsIsOneHandler() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        // iOffice names Lan by her second e-mail: the directory says both are cb-lan, so no disagreement on the handler.
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice {
            $0["nguoi_xu_ly_chinh"] = ["email": "Lan.NT.0@khanhhoa.gov.vn", "ho_ten": "Nguyễn Thị Lan"]
            $0["trang_thai"] = "da_phan_cong"
            $0["ngay_hoan_thanh"] = NSNull()
        }])
        let unit = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(unit.link?.members.count == 2 && unit.disputedFields.isEmpty)
        #expect(try bridge.conflicts().isEmpty)
    }

    @Test func withoutADirectoryTwoAccountsAreAHandlerDisagreementAndTwoPeopleToResolve() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir, withDirectory: false)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice {
            $0["nguoi_xu_ly_chinh"] = ["email": "lan.nt.0@khanhhoa.gov.vn", "ho_ten": "Nguyễn Thị Lan"]
            $0["trang_thai"] = "da_phan_cong"
            $0["ngay_hoan_thanh"] = NSNull()
        }])
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).disputedFields == ["mainHandler"])
        let people = try bridge.conflicts(.init(kind: .person))
        #expect(people.map(\.subject) == ["email:lan.nt@khanhhoa.gov.vn"])  // the absorbed record names no one
        #expect(throws: AppError.self) { try bridge.decide(.accept(people[0].id), reason: "r", actor: "a", at: Self.at) }
    }

    @Test(arguments: [
        ("170/UBND VP", "12/03/2026", "code"),  // the notation spelled without its dash
        ("170/UBND-VP", nil, "code"),  // no promulgation date in iOffice
        ("170/UBND-VP", "13/03/2026", "code"),  // a different date
        ("171/UBND-VP", "12/03/2026", "title"),  // same title and date, another number
    ] as [(String, String?, String)])
    func aNearMatchIsACandidateAndNothingMergesWithoutADecision(code: String, day: String?, reason: String) throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice { $0["so_ky_hieu"] = code; $0["ngay_ban_hanh"] = day ?? NSNull() }])
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).link == nil)
        #expect(try Self.counted(bridge) == ["cb-lan": 1, "cb-hung": 1])  // two tasks until an admin says otherwise
        // One candidate per reason the two records may be the same (a code spelled differently and the same title).
        let candidates = try bridge.conflicts(.init(kind: .candidate))
        let candidate = try #require(candidates.first { $0.subject == reason })
        #expect(candidates.allSatisfy { $0.state == .open && Set([$0.task, $0.other]) == [Self.edxmlKey, TaskKey("ioffice:VBD-000170")] })

        let impact = try bridge.impacts(of: candidate, at: Self.at)
        #expect(impact.map(\.option) == ["accept (link)"] && Set(impact[0].scores.map(\.pair.officer)) == ["cb-hung"])
        try bridge.decide(.accept(candidate.id), reason: "same dispatch, checked on paper", actor: "admin", at: Self.at)
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).link?.members.count == 2)
        #expect(try Self.counted(bridge) == ["cb-lan": 1])
        #expect(try bridge.conflicts(.init(kind: .candidate)).isEmpty)
    }

    @Test func aRejectedCandidateStaysApartAndIsNotRaisedAgain() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice { $0["so_ky_hieu"] = "170/UBND VP" }])
        let candidate = try #require(try bridge.conflicts(.init(kind: .candidate)).first)
        #expect(throws: AppError.self) { try bridge.decide(.reject(candidate.id), reason: " ", actor: "a", at: Self.at) }
        // Rejecting the pair settles it whatever made it a candidate (here a code spelled differently and the same title).
        try bridge.decide(.reject(candidate.id), reason: "a different 170 of the same office", actor: "admin", at: Self.at)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice { $0["so_ky_hieu"] = "170/UBND VP"; $0["ngay_cap_nhat"] = "21/03/2026 09:00:00" }])
        #expect(try bridge.conflicts(.init(kind: .candidate)).isEmpty)
        #expect(try Self.counted(bridge) == ["cb-lan": 1, "cb-hung": 1])
    }

    /// Each task row names its unit's primary beside its body (the projector reads that alone for tasks outside
    /// a batch); a ledger made before that column existed gets it filled when migrated.
    @Test func aLedgerFromBeforeTheUnitColumnIsMigratedWithItsUnits() throws {
        let dir = try TemporaryDirectory()
        do {
            let bridge = try Self.bridge(dir)
            try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice()])
        }
        let path = dir.file("l.sqlite")
        func units() throws -> [String: String] {
            try DatabaseQueue(path: path).read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, unit_primary FROM task WHERE unit_primary IS NOT NULL").map {
                    ($0["key"] as String, $0["unit_primary"] as String)
                })
            }
        }
        let written = try units()
        #expect(written == [Self.edxmlKey.rawValue: Self.edxmlKey.rawValue, "ioffice:VBD-000170": Self.edxmlKey.rawValue])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                ALTER TABLE task DROP COLUMN unit_primary; DROP INDEX score_stale; DROP INDEX dead_letter_open;
                DROP INDEX score_figures; DROP INDEX score_ranked; DROP INDEX score_closed_figures; DROP INDEX score_closed_ranked;
                CREATE INDEX score_by_agency ON score (period, agency);
                \(["block", "level", "total_micros", "assigned_tasks", "provisional"].map { "ALTER TABLE score DROP COLUMN \($0); ALTER TABLE score_closed DROP COLUMN \($0);" }.joined())
                ALTER TABLE score_closed DROP COLUMN agency; ALTER TABLE score_closed DROP COLUMN unit;
                DELETE FROM grdb_migrations WHERE identifier IN ('v18-task-unit', 'v19-open-rows', 'v20-score-columns', 'v21-instants')
                """)
        }
        #expect(try LedgerStore.migrate(path: path) == (before: "v17-score-scope", after: LedgerStore.latestSchema))
        #expect(try units() == written)
    }

    @Test func anExactMatchUnlinkedByAnAdminCountsTwiceAndStaysApart() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice()])
        #expect(throws: AppError.self) { try bridge.decide(.link(Self.edxmlKey, TaskKey("ioffice:VBD-000170")), reason: "r", actor: "a", at: Self.at) }
        let outcome = try bridge.decide(.unlink(Self.edxmlKey, TaskKey("ioffice:VBD-000170")), reason: "two pieces of work", actor: "admin", at: Self.at)
        #expect(Set(outcome.scores.map(\.pair.officer)) == ["cb-hung"])
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).link == nil && (try Self.task(bridge, "ioffice:VBD-000170")).countsForKPI)
        #expect(try bridge.conflicts().isEmpty)  // no disagreement, and the pair is not offered as a candidate again
        #expect(try Self.counted(bridge) == ["cb-lan": 1, "cb-hung": 1])
        // Linked again by hand.
        try bridge.decide(.link(TaskKey("ioffice:VBD-000170"), Self.edxmlKey), reason: "it was the same after all", actor: "admin", at: Self.at)
        #expect(try Self.counted(bridge) == ["cb-lan": 1])
    }

    @Test func anExtensionSeenInOneSystemOnlyGivesTheLatestDeadlineDisputed() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice {
            $0["han_xu_ly"] = "31/03/2026"
            $0["nguoi_xu_ly_chinh"] = ["email": "lan.nt@khanhhoa.gov.vn", "ho_ten": "Nguyễn Thị Lan"]
            $0["trang_thai"] = "da_phan_cong"
            $0["ngay_hoan_thanh"] = NSNull()
        }])
        let unit = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(unit.dueAt == Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00") && unit.deadlines.count == 2)
        #expect(unit.link?.sources["dueAt"] == "ioffice" && unit.disputedFields == ["dueAt"])
        // Settled by the original deadline, by choice.
        let conflict = try #require(try bridge.conflicts(.init(kind: .disagreement)).first)
        try bridge.decide(.choose(subject: Self.edxmlKey.rawValue, field: "dueAt", source: "eoffice"), reason: "the extension was refused", actor: "admin", at: Self.at)
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).dueAt == Timestamp(iso8601: "2026-03-24T23:59:59.999+07:00"))
        #expect(try bridge.conflict(conflict.id).state == .resolved)
    }

    @Test func aReturnInThePartyToolForAnEOfficeDispatchCountsOnceWhenLinked() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        // The Party tool's task cites the dispatch by code and date under the Party's own organ code: a candidate.
        let party: [String: Any] = [
            "taskId": "P-00170", "title": "V/v Cải cách hành chính năm 2026", "organ": "TU-BTC", "unit": "Phòng Đảng viên",
            "assignee": ["memberCode": "DV00001", "fullName": "Nguyễn Thị Lan"], "collaborators": [Any](),
            "deadline": "2026-03-24T17:00:00.000+07:00", "status": "in_progress", "assignedAt": "2026-03-13T08:00:00.000+07:00",
            "updatedAt": "2026-03-18T08:00:00.000+07:00", "returns": [["at": "2026-03-17T10:00:00.000+07:00"]],
            "document": ["number": "170/UBND-VP", "date": "2026-03-12"],
        ]
        try Self.importPage(bridge, dir, source: "party", [party])
        #expect(try Self.task(bridge, "party:P-00170").returns == 1)
        let candidate = try #require(try bridge.conflicts(.init(kind: .candidate)).first)
        #expect(candidate.subject == "document")
        try bridge.decide(.accept(candidate.id), reason: "the Party task follows up dispatch 170", actor: "admin", at: Self.at)
        let unit = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(unit.returns == 1 && unit.link?.members.count == 2)
        let lan = try #require(try bridge.storedScores(period: Self.march, at: Self.at).first { $0.officer == "cb-lan" })
        #expect(lan.assignedTasks == 1)  // one unit of work, not two
    }

    @Test func twoRecordsOfOneSystemForOneDocumentAreCandidatesNotAUnit() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice(), Self.ioffice { $0["id"] = "VBD-000170B" }])
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).link == nil)
        let candidates = try bridge.conflicts(.init(kind: .candidate))
        #expect(candidates.filter { $0.subject == "duplicate" }.count == 3)  // every pair of the three
        #expect(try Self.counted(bridge) == ["cb-lan": 1, "cb-hung": 2])  // nothing merged
    }

    @Test func theSameDispatchAtTwoAgenciesIsTwoUnitsWithNoCandidateBetweenThem() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        // doc-11-170 goes to one agency; iOffice records at the agency that received it and at another that did not.
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice(), Self.ioffice { $0["id"] = "VBD-900170"; $0["ma_don_vi"] = "000.00.14.H34" }])
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).link?.members.count == 2)
        #expect(try Self.task(bridge, "ioffice:VBD-900170").link == nil)
        // The other agency's record cites the same document but is linked to nothing there: a candidate.
        #expect(try bridge.conflicts(.init(kind: .candidate)).map(\.subject) == ["document"])
    }

    @Test func anOverrideOnOneTaskWinsAndIsQueuedWhenItsSourceChanges() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(throws: AppError.self) { try bridge.decide(.override(Self.edxmlKey, field: "status", value: "done"), reason: "r", actor: "a", at: Self.at) }
        #expect(throws: AppError.self) { try bridge.decide(.override(TaskKey("nope"), field: "status", value: "completed"), reason: "r", actor: "a", at: Self.at) }
        try bridge.decide(.override(Self.edxmlKey, field: "dueAt", value: "2026-03-31"), reason: "extended by phone", actor: "admin", at: Self.at)
        let task = try Self.task(bridge, Self.edxmlKey.rawValue)
        #expect(task.dueAt == Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00") && task.link?.sources["dueAt"] == "admin")
        #expect(try bridge.conflicts().isEmpty)
        // The hub sends the document again with another deadline: the override holds, and is queued for a look.
        let changed = String(decoding: try Fixtures.sample("doc-11-170.edxml"), as: UTF8.self)
            .replacingOccurrences(of: "<edXML:DueDate>2026/03/24", with: "<edXML:DueDate>2026/03/27")
            .replacingOccurrences(of: "2026/03/12 08:30:00", with: "2026/03/16 08:30:00")
        _ = try bridge.importFiles([try dir.write("doc-11-170-v2.edxml", Array(changed.utf8))], source: "eoffice")
        #expect(try Self.task(bridge, Self.edxmlKey.rawValue).dueAt == Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00"))
        #expect(try bridge.conflicts().map(\.kind) == [.override])
    }

    @Test func aConfiguredPrecedenceDecidesTheFieldsAndAChangedOneRefoldsTheUnit() throws {
        let dir = try TemporaryDirectory()
        let extra = """

            reconciliation:
              precedence: [ioffice]
              fields: { status: [ioffice], mainHandler: [eoffice], dueAt: latest }
            """
        let bridge = try Self.bridge(dir, extra: extra)
        try Self.importPage(bridge, dir, source: "ioffice", [Self.ioffice()])
        // iOffice first: the unit carries its key, its status, and eoffice's handler.
        let unit = try Self.task(bridge, "ioffice:VBD-000170")
        #expect(unit.link?.primary == TaskKey("ioffice:VBD-000170") && unit.status == .completed && unit.mainHandler?.officer == "cb-lan")
        #expect(try Self.counted(bridge) == ["cb-lan": 1])
    }

    @Test(arguments: [
        ("reconciliation: { precedence: [nowhere] }", "'nowhere' is not a configured source"),
        ("reconciliation: { fields: { colour: [eoffice] } }", "'colour' is not a field"),
        ("reconciliation: { fields: { status: latest } }", "latest is for times"),
        ("reconciliation: { order: [eoffice] }", "order"),
    ])
    func aReconciliationSectionThatCannotBeUsedSaysWhere(section: String, message: String) throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("kpibridge.yml", Array((Self.config + "\n" + section + "\n").utf8))
        #expect { try BridgeConfiguration.load(file: file) } throws: { "\($0)".contains(message) && "\($0)".contains("kpibridge.yml") }
    }
}

extension UnifiedTask {
    func with(_ change: (inout UnifiedTask) -> Void) -> UnifiedTask {
        var copy = self
        change(&copy)
        return copy
    }
}
