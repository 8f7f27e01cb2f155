import BridgeApp
import BridgeBonus
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing
import ZIPFoundation

/// The annual bonus through the bridge (docs/bonus.md): the payroll import's refusals, the checks that stop a run
/// (the year closed, everyone rated on the payroll, the quota per unit), a run kept with each line worked out by
/// hand, a re-run that keeps nothing new, a score adjusted after the run shown as a difference, the January
/// notice, and the workbook HR signs.
struct BonusLedgerTests {
    static let at = Timestamp(iso8601: "2027-01-10T09:00:00+07:00")!
    static let agency = "000.00.12.H34"

    static func bridge(_ dir: TemporaryDirectory, byDaysWorked: Bool = false) throws -> Bridge {
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
            bonus:
              quotaRounding: up
              additionalIncome: { monthly: 0.5, yearEnd: 0.3, byDaysWorked: \(byDaysWorked) }
              regulations:
                - { agency: "*", version: 1, from: 2025, basis: Quy chế chung, weights: { excellent: 2, good: 1 } }
                - agency: 000.00.12.H34
                  version: 2
                  from: 2026
                  basis: Quy chế thưởng số 12/QĐ-SNV
                  multiples: { excellent: 2, good: 1.5, completed: 0.5 }
                  fullMonths: 7
                  partShare: 0.5
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { at })
        let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ lan.nt@khanhhoa.gov.vn ] } }
              - { id: cb-dinh, name: Trần Công Định, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ dinh.tc@khanhhoa.gov.vn ] } }
              - { id: cb-mai, name: Hồ Thị Mai, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ mai.ht@khanhhoa.gov.vn ] } }
              - { id: cb-bao, name: Đỗ Quốc Bảo, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ bao.dq@khanhhoa.gov.vn ] } }
              - { id: cb-tuan, name: Phạm Minh Tuấn, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ tuan.pm@khanhhoa.gov.vn ] } }
              - { id: cb-hung, name: Lê Văn Hùng, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ hung.lv@khanhhoa.gov.vn ] } }
            """.utf8)))
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        return bridge
    }

    /// Lan is paid six months (January–March, July–September), Hùng July to December.
    static let payroll = """
        officer,unit,coefficient,months
        cb-dinh,Phòng Công chức,"4,40",1-12
        mai.ht@khanhhoa.gov.vn,Phòng Công chức,2.34,1-12
        cb-bao,Phòng Công chức,2.67,1-12
        cb-tuan,Phòng Công chức,3.33,1-12
        cb-lan,Phòng Công chức,3.00,1-3|7-9
        """

    static func refusal(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    static func assess(_ bridge: Bridge, _ csv: String) throws {
        let items = try AssessmentFile.parse(Data(("officer,period,general_points,sanction\n" + csv).utf8), file: "a.csv")
        try bridge.importAssessments(items, origin: "a.csv", actor: "test", at: at)
    }

    @Test func aRunIsCheckedComputedKeptAndNeverRewritten() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        // The payroll's refusals name the file, the row and the rule; nothing of a refused file is kept.
        for (text, message) in [
            ("cb-khong,Phòng Công chức,3.00,1-12\n", "payroll.csv:1: officer 'cb-khong' is not in the directory"),
            ("officer,unit,coefficient,months\ncb-lan,Phòng Công chức,3.00,1-12\ncb-dinh,Phòng Công chức,-2.34,1-12\n", "payroll.csv:3: coefficient '-2.34' is negative"),
            ("cb-lan,Phòng Công chức,3.00,1-13\n", "payroll.csv:1: months '1-13' is not a list of months 1–12 (1-12, 7-12, 1-3|9-12)"),
            ("cb-lan,Phòng Công chức,3.00,1-12\nlan.nt@khanhhoa.gov.vn,Phòng Công chức,3.00,1-12\n", "payroll.csv:2: officer cb-lan appears twice (row 1)"),
            ("cb-lan,Phòng Công chức,ba,1-12\n", "payroll.csv:1: coefficient 'ba' is not a number above 0"),
        ] {
            #expect(Self.refusal { try bridge.importPayroll(file: try dir.write("payroll.csv", Array(text.utf8)), year: 2026, actor: "hr", at: Self.at) } == message)
        }
        #expect(try bridge.payroll(year: 2026) == nil)

        #expect(Self.refusal { try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at) }
            == "Năm 2026 chưa khóa sổ: khóa sổ đánh giá năm (kpibridge period close 2026) trước khi lập danh sách thưởng.")
        #expect(try bridge.importPayroll(file: try dir.write("payroll.csv", Array(Self.payroll.utf8)), year: 2026, actor: "hr", at: Self.at) == 5)
        // Provisional general points (30): Định and Mai 100 (xuất sắc); Lan, Bảo, Tuấn 76.67 (tốt); Hùng 30.
        _ = try bridge.closePeriod("2026", actor: "hr", at: Self.at)
        #expect(Self.refusal { try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at) }
            == "Cán bộ cb-hung có xếp loại năm 2026 nhưng không có trong bảng lương: bổ sung bảng lương trước khi lập danh sách thưởng.")
        #expect(try bridge.importPayroll(
            file: try dir.write("payroll.csv", Array((Self.payroll + "\ncb-hung,Phòng Công chức,2.10,7-12\n").utf8)), year: 2026, actor: "hr", at: Self.at) == 6)
        // 2 "xuất sắc" against 3 "hoàn thành tốt": 20 % of 3 rounded up (the setting) is 1.
        #expect(Self.refusal { try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at) }
            == "Đơn vị Phòng Công chức có 2 cán bộ Hoàn thành xuất sắc nhiệm vụ, vượt giới hạn 1 (20% của 3 cán bộ Hoàn thành tốt nhiệm vụ).")
        #expect(try bridge.bonusRuns(agency: Self.agency, year: 2026).isEmpty)

        // The leader's points: Định 70 + 15 = 85, tốt; Mai 70 + 20 = 90, xuất sắc; the year closed again.
        _ = try bridge.reopenPeriod("2026", reason: "general points entered", actor: "hr", at: Self.at)
        try Self.assess(bridge, "cb-dinh,2026,15,no\ncb-mai,2026,20,no\n")
        _ = try bridge.closePeriod("2026", actor: "hr", at: Self.at)
        let (statement, unchanged) = try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at)
        #expect(!unchanged)
        let record = statement.record
        #expect(record.regulation.version == 2 && record.regulation.basis == "Quy chế thưởng số 12/QĐ-SNV")
        // The fund: a whole year is 6 × 2,340,000 + 6 × 2,530,000 = 29,220,000 a unit of coefficient; Lan 3 ×
        // (3 × 2,340,000 + 3 × 2,530,000) = 43,830,000; Hùng 2.10 × 6 × 2,530,000 = 31,878,000; Σ =
        // (4.40 + 2.34 + 2.67 + 3.33) × 29,220,000 + 43,830,000 + 31,878,000 = 447,970,800; 10 % = 44,797,080.
        #expect(record.fund == "44797080")
        // × 2,530,000 (31 December): Mai 2 × = 5,060,000; tốt 1.5 × = 3,795,000; Lan six months, half:
        // 1,897,500 → 1,897,000; Hùng nothing. Total 18,342,000; remainder 26,455,080.
        #expect(record.lines.map(\.officer) == ["cb-bao", "cb-dinh", "cb-hung", "cb-lan", "cb-mai", "cb-tuan"])
        #expect(record.lines.map(\.amount) == [3_795_000, 3_795_000, 0, 1_897_000, 5_060_000, 3_795_000])
        #expect(record.total == 18_342_000 && record.remainder == "26455080")
        #expect(record.lines[3].explanation
            == "Hoàn thành tốt nhiệm vụ → 1.5 × lương cơ sở 2.530.000 đ × 0.5 (6 tháng, dưới 7 tháng) (Quy chế thưởng số 12/QĐ-SNV) → 1.897.000 đ")
        // Additional income: Mai 0.5 × 2.34 × 29,220,000 = 34,187,400 → 34,187,000 and 0.3 × 68,374,800 =
        // 20,512,440 → 20,512,000; Hùng (không hoàn thành) the monthly part only: 0.5 × 31,878,000.
        #expect(record.lines[4].additionalMonthly == 34_187_000 && record.lines[4].additionalYearEnd == 20_512_000)
        #expect(record.lines[2].additionalMonthly == 15_939_000 && record.lines[2].additionalYearEnd == 0)

        // The same inputs: nothing new kept, and the bytes are those kept.
        let again = try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at)
        #expect(again.unchanged && again.statement.run == statement.run)
        let kept = try #require(try bridge.store.references.stored("bonus-run:\(Self.agency):2026")).body
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(try bridge.bonusRecord(agency: Self.agency, year: 2026)), as: UTF8.self) == kept)
        #expect(try bridge.bonusRuns(agency: Self.agency, year: 2026).count == 1)

        // Định sanctioned after the run: the closed year records an adjustment; the run is not rewritten, and
        // shows the difference.
        try Self.assess(bridge, "cb-dinh,2026,15,có\n")
        let later = try #require(try bridge.bonusStatement(agency: Self.agency, year: 2026, at: Self.at))
        #expect(later.record == record)
        #expect(later.differences == [BonusStatement.Difference(
            officer: "cb-dinh", name: "Trần Công Định", levelInRun: "Hoàn thành tốt nhiệm vụ", levelNow: "Không hoàn thành nhiệm vụ", amountInRun: 3_795_000)])
        #expect(try bridge.store.references.stored("bonus-run:\(Self.agency):2026")?.body == kept)
        #expect(try BonusFormatter.render(later, as: .table).contains("cb-dinh Trần Công Định: Hoàn thành tốt nhiệm vụ → Không hoàn thành nhiệm vụ"))

        // In January the unspent fund and its deadline are shown; from February, not.
        #expect(later.notice
            == "Quỹ thưởng năm 2026 còn 26.455.080 đ chưa chi; hạn chi là 31/01/2027, sau ngày này số chưa chi không được chi nữa (Nghị định 73/2024/NĐ-CP).")
        #expect(try bridge.bonusStatement(agency: Self.agency, year: 2026, at: Timestamp(iso8601: "2027-02-01T08:00:00+07:00")!)?.notice == nil)
    }

    @Test func theWorkbookIsTheListHRSigns() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        _ = try bridge.importPayroll(
            file: try dir.write("payroll.csv", Array((Self.payroll + "\ncb-hung,Phòng Công chức,2.10,7-12\n").utf8)), year: 2026, actor: "hr", at: Self.at)
        try Self.assess(bridge, "cb-dinh,2026,15,no\ncb-mai,2026,20,no\n")
        _ = try bridge.closePeriod("2026", actor: "hr", at: Self.at)
        let statement = try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at).statement
        let data = try BonusFormatter.workbook(statement).data()
        let rows = try XLSXSheet.rows(data, file: "thuong.xlsx").map(\.fields)
        #expect(rows[0] == [
            "STT", "Mã cán bộ", "Họ và tên", "Đơn vị", "Xếp loại", "Số tiền thưởng (đồng)", "Thu nhập tăng thêm hằng tháng (đồng)",
            "Thu nhập tăng thêm cuối năm (đồng)", "Căn cứ", "Ký nhận",
        ])
        #expect(Array(rows[5].prefix(6)) == ["5", "cb-mai", "Hồ Thị Mai", "Phòng Công chức", "Hoàn thành xuất sắc nhiệm vụ", "5060000"])
        #expect(rows.contains { $0.count > 5 && $0[1] == "Tổng cộng" && $0[5] == "18342000" })
        let sheet = String(decoding: try Self.part(data, "xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(sheet.contains("<v>5060000</v>"), "amounts are numbers")
        #expect(String(decoding: try Self.part(data, "xl/workbook.xml"), as: UTF8.self).contains("Danh sách đề nghị thưởng"))
    }

    static func part(_ data: Data, _ path: String) throws -> Data {
        let archive = try Archive(data: data, accessMode: .read)
        var out = Data()
        _ = try archive.extract(try #require(archive[path]), skipCRC32: true) { out.append($0) }
        return out
    }

    /// Paid by days worked, the monthly part of additional income follows the leave imported for workload.
    @Test func additionalIncomeByDaysWorkedFollowsTheLeaveTable() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir, byDaysWorked: true)
        _ = try bridge.importPayroll(
            file: try dir.write("payroll.csv", Array((Self.payroll + "\ncb-hung,Phòng Công chức,2.10,7-12\n").utf8)), year: 2026, actor: "hr", at: Self.at)
        // Mai: five working days of leave of March's 22 (2–6 March 2026); a half day on 9 March is not a day off.
        _ = try bridge.importReference(
            .leave, file: try dir.write("leave.csv", Array("cb-mai,2026-03-02,2026-03-06,\ncb-mai,2026-03-09,2026-03-09,4\n".utf8)), actor: "hr", at: Self.at)
        try Self.assess(bridge, "cb-dinh,2026,15,no\ncb-mai,2026,20,no\n")
        _ = try bridge.closePeriod("2026", actor: "hr", at: Self.at)
        let record = try bridge.runBonus(agency: Self.agency, year: 2026, actor: "hr", at: Self.at).statement.record
        // 34,187,400 less March's 0.5 × 2.34 × 2,340,000 × 5/22 = 622,227.27…: 33,565,172.72… → 33,565,000.
        #expect(record.lines.first { $0.officer == "cb-mai" }?.additionalMonthly == 33_565_000)
        #expect(record.lines.first { $0.officer == "cb-bao" }?.additionalMonthly == 39_008_000, "0.5 × 2.67 × 29,220,000 = 39,008,700")
        #expect(record.additionalIncome?.byDaysWorked == true)
    }

    /// The commands HR runs: the payroll imported, a run kept once, shown as JSON, exported as the workbook.
    @Test func theCommands() async throws {
        let dir = try TemporaryDirectory()
        do {
            let bridge = try Self.bridge(dir)
            try Self.assess(bridge, "cb-dinh,2026,15,no\ncb-mai,2026,20,no\n")
            _ = try bridge.closePeriod("2026", actor: "hr", at: Self.at)
            bridge.store.close()
        }
        _ = try dir.write("payroll.csv", Array((Self.payroll + "\ncb-hung,Phòng Công chức,2.10,7-12\n").utf8))
        let ledger = ["--database", dir.file("l.sqlite")]
        let payroll = try await CommandRunner.capture(["bonus", "payroll", "payroll.csv", "--year", "2026"] + ledger, in: dir.path)
        #expect(payroll.succeeded && payroll.output.contains("imported 6 payroll row(s) of 2026"), "\(payroll.errors)")
        let first = try await CommandRunner.capture(["bonus", "run", "--agency", Self.agency, "--year", "2026"] + ledger, in: dir.path)
        #expect(first.succeeded && first.output.contains("kept as run") && first.output.contains("Tổng cộng: 18.342.000 đ"), "\(first.errors)")
        let second = try await CommandRunner.capture(["bonus", "run", "--agency", Self.agency, "--year", "2026"] + ledger, in: dir.path)
        #expect(second.output.contains("nothing new kept"))
        let json = try await CommandRunner.capture(["bonus", "show", "--agency", Self.agency, "--year", "2026", "--format", "json"] + ledger, in: dir.path)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(((object["record"] as? [String: Any])?["total"] as? Int) == 18_342_000)
        let export = try await CommandRunner.capture(
            ["bonus", "export", "--agency", Self.agency, "--year", "2026", "--output", dir.file("thuong.xlsx")] + ledger, in: dir.path)
        #expect(export.succeeded, "\(export.errors)")
        #expect(try FileManager.default.attributesOfItem(atPath: dir.file("thuong.xlsx"))[.posixPermissions] as? Int == 0o600)
        let none = try await CommandRunner.capture(["bonus", "show", "--agency", "000.00.99.H34", "--year", "2026"] + ledger, in: dir.path)
        #expect(none.ending == .exited(1) && none.errors.contains("no bonus run of 000.00.99.H34 for 2026 is kept"))
    }
}
