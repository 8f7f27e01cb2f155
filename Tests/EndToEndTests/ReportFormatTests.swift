import BridgeApp
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Reports as agencies file them: Excel workbooks with Vietnamese headers and numbers as numbers, and
/// `--locale vi` tables and CSV.
struct ReportFormatTests {
    /// Reads a workbook back with openpyxl (an independent reader; CI installs it) and returns its sheet name and
    /// rows as JSON values.
    static func readBack(_ path: String) throws -> (sheet: String, rows: [[Any]]) {
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            print(json.dumps({"sheet": ws.title, "rows": [[c.value for c in row] for row in ws.iter_rows()]}, ensure_ascii=False))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let sheet = object["sheet"] as? String, let rows = object["rows"] as? [[Any]]
        else { throw AppError("openpyxl could not read \(path) (python3 -m pip install openpyxl)") }
        return (sheet, rows)
    }

    @Test func theScoreReportIsAWorkbookExcelReadsWithNumbersAsNumbers() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let run = try await CommandRunner.capture(
            ["score", "--period", "2026-03", "--at", "2026-04-30", "--format", "xlsx", "--output", dir.file("diem.xlsx")], in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("diem.xlsx"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let (sheet, rows) = try Self.readBack(dir.file("diem.xlsx"))
        #expect(sheet == "Điểm 2026-03")
        #expect(rows.first?.first as? String == "Cán bộ")
        #expect(rows.first?.last as? String == "Xếp loại")
        #expect(rows.count == 6)  // the header and five officers
        let lan = try #require(rows.first { $0.first as? String == "email:lan.nt@khanhhoa.gov.vn" })
        #expect((lan[9] as? NSNumber)?.doubleValue == 66.666667)  // quantity, a number
        #expect(lan[1] as? String == "Nguyễn Thị Lan")
        #expect(lan[15] as? String == "có")  // provisional
        #expect(lan[4] as? String == "Khối Nhà nước")  // the block in words, not its key
        // The total as shown: two decimals, never rounded up onto a level it does not reach.
        let total = try #require((lan[14] as? NSNumber)?.doubleValue)
        #expect((total * 100).rounded() == total * 100, "\(total)")
        // The same numbers as the JSON report.
        let json = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30", "--format", "json"], in: dir.path).output
        #expect(json.contains(#""quantity" : 66.666667"#))
    }

    @Test func theExplanationIsAWorkbookWithEveryTaskAndTheTotals() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let run = try await CommandRunner.capture(
            ["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03", "--at", "2026-04-30", "--format", "xlsx", "--output", dir.file("lan.xlsx")],
            in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        let (sheet, rows) = try Self.readBack(dir.file("lan.xlsx"))
        #expect(sheet == "Giải trình 2026-03")
        #expect(rows.first?.first as? String == "Nhiệm vụ")
        #expect(rows.dropFirst().prefix(3).allSatisfy { ($0.first as? String)?.contains("@") == true })
        let total = try #require(rows.first { $0.first as? String == "Tổng điểm" })
        #expect(total[1] is NSNumber)
    }

    @Test func xlsxNeedsAFileAndIsOnlyForReports() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let noFile = try await CommandRunner.capture(["score", "--period", "2026-03", "--format", "xlsx"], in: dir.path)
        #expect(noFile.ending == .exited(64) && noFile.errors.contains("give --output FILE.xlsx"))
        let tasks = try await CommandRunner.capture(["tasks", "--format", "xlsx"], in: dir.path)
        #expect(tasks.ending == .exited(64) && tasks.errors.contains("--format xlsx is for score and explain"))
    }

    @Test func vietnameseLocaleWritesDaysDecimalCommasAndHeaders() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let table = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30", "--locale", "vi"], in: dir.path).output
        #expect(table.hasPrefix("Kỳ 2026-03, tính tại"))
        #expect(table.contains("Cán bộ") && table.contains("Xếp loại") && table.contains("66,67"))
        let csv = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30", "--locale", "vi", "--format", "csv"], in: dir.path).output
        let header = try #require(csv.split(separator: "\n").first)
        #expect(header.replacingOccurrences(of: "\u{FEFF}", with: "") == "Cán bộ;Họ và tên;Cơ quan;Đơn vị;Khối;Khối lượng được giao;Khối lượng hoàn thành;Số nhiệm vụ được giao;Số nhiệm vụ hoàn thành;Số lượng;Chất lượng;Tiến độ;Điểm nhiệm vụ;Điểm chung;Tổng điểm;Tạm tính;Kỷ luật;Xếp loại")
        #expect(csv.contains(";66,666667;"))
        let tasks = try await CommandRunner.capture(["tasks", "--locale", "vi"], in: dir.path).output
        #expect(tasks.contains("Trạng thái") && tasks.contains("hoàn thành") && tasks.contains("14/03/2026"))
        #expect(tasks.hasSuffix("22 nhiệm vụ\n"))
        // English stays the default, and JSON never changes.
        let english = try await CommandRunner.capture(["tasks"], in: dir.path).output
        #expect(english.contains("2026-03-14") && english.hasSuffix("22 task(s)\n"))
        await #expect(try CommandRunner.capture(["tasks", "--format", "json", "--locale", "vi"], in: dir.path).output
            == (try CommandRunner.capture(["tasks", "--format", "json"], in: dir.path).output))
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")])
    func columnNamesFollowExcel(_ index: Int, _ name: String) {
        #expect(XLSXWorkbook.columnName(index) == name)
    }
}

extension ReportFormatTests {
    /// `--locale vi` reaches `explain` and `replay list`: Vietnamese words, times as dd/MM/yyyy HH:mm.
    @Test func explainAndReplayListSpeakVietnamese() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let explained = try await CommandRunner.capture(
            ["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03", "--at", "2026-04-30", "--locale", "vi"], in: dir.path)
        #expect(explained.succeeded, "\(explained.errors)")
        #expect(explained.output.contains("Kỳ 2026-03, tính tại 30/04/2026 00:00") && explained.output.contains("Tổng điểm"), "\(explained.output)")
        #expect(!explained.output.contains("evaluated at"))
        let listed = try await CommandRunner.capture(["replay", "list", "--locale", "vi"], in: dir.path)
        #expect(listed.succeeded && listed.output.contains("2 bản ghi lỗi") && listed.output.contains("chưa xử lý"), "\(listed.output)")
        #expect(listed.output.range(of: #"\d\d/\d\d/\d{4} \d\d:\d\d"#, options: .regularExpression) != nil)
    }
}
