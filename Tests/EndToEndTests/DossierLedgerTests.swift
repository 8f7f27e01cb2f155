import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeServices
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Dossiers through the shipped one-stop mappings into the ledger: each record's snapshot a fact, each dossier
/// folded from all of them with its appointments' history, judged by the on-time rule in `services report`.
struct DossierLedgerTests {
    static let end = Timestamp(iso8601: "2026-12-31T23:59:59.999+07:00")!
    static let december = Period("2026-12")!

    static func bridge(_ dir: TemporaryDirectory, services: String = "") throws -> Bridge {
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: motcua, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/motcua-dossiers.yml, block: state }
              - { id: dvcqg, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/dvcqg-tien-do.yml, block: state }
            \(services)
            """.utf8))
        return try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { Self.end })
    }

    /// The sample's second dossier (certification, due 8 December 17:00) as a later version says it: `fields`
    /// replace the sample's.
    static func version(_ fields: [String: String], updated: String) -> String {
        var dossier: [String: Any] = [
            "MaHoSo": "000.00.12.H34-261205-0007", "MaTTHC": "2.000908", "TenTTHC": "Chứng thực bản sao từ bản chính", "MaDonVi": "000.00.12.H34",
            "KenhThucHien": 1, "NgayTiepNhan": "20261205083000", "NgayHenTra": "20261208170000", "TrangThaiHoSo": 4, "NgayCapNhat": updated,
            "QuaTrinhXuLy": [
                ["ThuTu": 1, "TenBuoc": "Tiếp nhận", "NguoiXuLy": "MC-0001", "NgayBatDau": "20261205083000", "NgayHetHanBuocXuLy": "20261205170000",
                 "NgayKetThuc": "20261205090000"],
                ["ThuTu": 2, "TenBuoc": "Chứng thực", "NguoiXuLy": "MC-0004", "NgayBatDau": "20261205090000", "NgayHetHanBuocXuLy": "20261208120000"],
            ],
        ]
        for (key, value) in fields { dossier[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: ["tongSo": 1, "data": [dossier]], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func eachDossierIsFoldedFromItsVersionsWithItsAppointmentsHistory() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        _ = try bridge.importFiles(["\(Fixtures.home)/Samples/motcua/page-1.json"], source: "motcua")
        #expect(try bridge.store.dossiers.count() == 2)
        // The appointment is reset with an apology on 8 December, then the dossier is finished on 10 December.
        let reset = try dir.write("v2.json", Array(Self.version(["NgayHenTra": "20261211170000", "CoPhieuXinLoi": "1"], updated: "20261208160000").utf8))
        let done = try dir.write("v3.json", Array(Self.version(
            ["NgayHenTra": "20261211170000", "TrangThaiHoSo": "9", "NgayKetThucXuLy": "20261210100000"], updated: "20261210100000").utf8))
        _ = try bridge.importFiles([done, reset], source: "motcua")  // out of order: the fold orders them
        let dossier = try #require(try bridge.store.dossiers.dossier("000.00.12.H34-261205-0007"))
        #expect(dossier.status == .finished)
        #expect(dossier.appointments == [
            .init(at: Timestamp(iso8601: "2026-12-08T17:00:00+07:00")!),
            .init(at: Timestamp(iso8601: "2026-12-11T17:00:00+07:00")!, apology: true),
        ])
        #expect(dossier.steps.map(\.officer) == ["motcua:MC-0001", "motcua:MC-0004"])

        // Judged against its first appointment by default: late; with apologyKeepsOnTime, on time.
        let overview = try bridge.serviceOverview(period: Self.december, at: Self.end)
        #expect(overview.report.total.counts.onTime == 1 && overview.report.total.counts.late == 1)
        #expect(overview.report.total.counts.apologies == 1)
        #expect(overview.apologies.map(\.code) == ["000.00.12.H34-261205-0007"])
        let lenient = try Self.bridge(dir, services: "services: { apologyKeepsOnTime: true }")
        #expect(try lenient.serviceOverview(period: Self.december, at: Self.end).report.total.counts.onTime == 2)

        // The same versions again change nothing; a rebuild folds the same dossiers.
        let before = try bridge.store.dossiers.dossiers(from: Self.december.start, to: Self.end)
        let (again, _) = try bridge.importFiles([reset, done], source: "motcua")
        #expect(again.applied == 0)
        _ = try bridge.rebuild(at: Self.end)
        #expect(try bridge.store.dossiers.dossiers(from: Self.december.start, to: Self.end) == before)
    }

    @Test func theReportCountsUnitsProceduresAndLateStepsByOfficer() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        _ = try bridge.importFiles(["\(Fixtures.home)/Samples/motcua/page-1.json"], source: "motcua")
        let overview = try bridge.serviceOverview(period: Self.december, at: Self.end)
        let report = overview.report
        #expect(report.units.map(\.name) == ["000.00.12.H34"])
        #expect(report.total.counts.dossiers == 2 && report.total.counts.onTime == 1 && report.total.counts.overdue == 1)
        #expect(report.total.onTimeRate == 0.5 && report.total.belowTarget)
        #expect(report.procedures.map(\.name) == ["1.001612", "2.000908"])
        // The certification step, held since 5 December and due 8 December at noon: 23 days over at the month's
        // end; the appraisal a day over.
        #expect(report.officers.map(\.officer) == ["motcua:MC-0004", "motcua:MC-0002", "motcua:MC-0001", "motcua:MC-0003"])
        #expect(report.officers.map(\.daysOver) == [23, 1, 0, 0])
        // A step of an officer the directory does not know is a person queued for an admin, never dropped.
        #expect(try bridge.conflicts(.init(kind: .person)).compactMap(\.subject).sorted() == [
            "motcua:MC-0001", "motcua:MC-0002", "motcua:MC-0003", "motcua:MC-0004",
        ])
        // Scoped to another agency: nothing.
        #expect(try bridge.serviceOverview(period: Self.december, agencies: ["000.00.99.H34"], at: Self.end).report.total.counts.dossiers == 0)

        // While the period runs, judged now: on 8 December at 9:00 the certification is due within the day.
        let running = try bridge.serviceOverview(period: Self.december, at: Timestamp(iso8601: "2026-12-08T09:00:00+07:00")!)
        #expect(running.dueSoon.map(\.code) == ["000.00.12.H34-261205-0007"])
        #expect(running.dueSoon.first?.holder == "motcua:MC-0004")

        // Every output format carries the numbers.
        let json = try ServiceFormatter.render(overview, as: .json)
        #expect(json.contains("\"onTimeRate\" : 0.5"))
        let csv = try ServiceFormatter.render(overview, as: .csv)
        #expect(csv.contains("officer,motcua:MC-0004,") && csv.contains("unit,000.00.12.H34,2,"))
        #expect(try ServiceFormatter.render(overview, as: .table).contains("50.0 % < target"))
    }

    @Test func portalDossierBodiesAreDossiersAndBadOnesDeadLetters() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        let body = """
            {"session":"s","madonvi":"000.00.12.H34","service":"DongBoHoSoMC","data":[
             {"MaHoSo":"H-1","MaTTHC":"1.001612","NgayTiepNhan":"20261202080000","NgayHenTra":"20261216170000","TrangThaiHoSo":"10",
              "NgayKetThucXuLy":"20261217150000","NgayTra":"20261218090000",
              "DanhSachHoSoBoSung":[{"NgayBoSung":"20261203100000","NgayTiepNhanBoSung":"20261205090000"}]},
             {"MaHoSo":"H-2","TrangThaiHoSo":"12","NgayTiepNhan":"20261202080000"},
             {"MaHoSo":"H-3","TrangThaiHoSo":"4","NgayTiepNhan":"20261332080000"},
             {"MaHoSo":"H-4","TrangThaiHoSo":"4","NgayTiepNhan":"20261202080000","ThoiGianThucHien":"3","DonViThoiGian":"tuan"}
            ]}
            """
        let (summary, _) = try bridge.importFiles([try dir.write("hoso.json", Array(body.utf8))], source: "dvcqg")
        #expect(summary.deadLetters == 3)
        let reasons = try bridge.store.deadLetters.list(includeResolved: false).map { "\($0.recordId ?? ""): \($0.reason)" }.sorted()
        #expect(reasons.count == 3)
        #expect(reasons[0].hasPrefix("H-2") && reasons[0].contains("status '12' is not a dossier status"), "\(reasons)")
        #expect(reasons[1].hasPrefix("H-3") && reasons[1].contains("no month 13"), "\(reasons)")
        #expect(reasons[2].hasPrefix("H-4") && reasons[2].contains("tuan"), "\(reasons)")
        // One supplement request, asked before the appointment: the agency's clock stopped there; on time.
        let dossier = try #require(try bridge.store.dossiers.dossier("H-1"))
        #expect(dossier.supplements.count == 1 && dossier.verdict(at: Self.end, settings: ServiceSettings()).outcome == .onTime)
    }

    @Test func theServicesSettingsAreCheckedWhenTheConfigurationLoads() throws {
        let dir = try TemporaryDirectory()
        for (setting, message) in [
            ("comparison: hour", "comparison 'hour' is not date or instant"), ("target: 95", "'95' is not a rate between 0 and 1"),
            ("holidays: [ 2026-02-30 ]", "unknown key 'holidays'"),
        ] {
            let error = #expect(throws: (any Error).self) { try Self.bridge(dir, services: "services: { \(setting) }") }
            #expect("\(error.map { "\($0)" } ?? "")".contains(message), "\(String(describing: error))")
        }
        // Holidays are the province's working calendar, shared with the workload.
        let error = #expect(throws: (any Error).self) { try Self.bridge(dir, services: "calendar: { holidays: [ 2026-02-30 ] }") }
        #expect("\(error.map { "\($0)" } ?? "")".contains("holiday '2026-02-30' is not a date"))
        let bridge = try Self.bridge(dir, services: "services: { comparison: instant, target: 0.9 }\ncalendar: { holidays: [ 2026-09-02 ] }")
        #expect(bridge.configuration.services.comparison == .instant && bridge.configuration.services.target == 0.9)
        #expect(bridge.configuration.services.holidays == [CalendarDay(iso: "2026-09-02")!])
    }
}
