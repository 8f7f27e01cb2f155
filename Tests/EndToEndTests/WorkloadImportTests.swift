import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeTestSupport
import BridgeWorkload
import BridgeTesting
import Foundation
import Testing
import ZIPFoundation

/// HR's tables imported through the bridge: each refused whole with the row and the rule that breaks, or stored
/// as a version; then the workload and staffing over the ledger's completed work.
struct WorkloadImportTests {
    static let at = Timestamp(iso8601: "2026-03-05T09:00:00+07:00")!

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
            calendar: { holidays: [ 2026-02-16, 2026-02-17, 2026-02-18, 2026-02-19, 2026-02-20 ] }
            workload: { caps: { CVC: 0.5 } }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { at })
        let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ lan.nt@khanhhoa.gov.vn ] } }
              - { id: cb-hung, name: Lê Văn Hùng, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ hung.lv@khanhhoa.gov.vn ] } }
              - { id: cb-mai, name: Trần Thị Mai, agency: 000.00.12.H34, unit: Phòng Công chức }
              - { id: cb-nam, name: Phạm Văn Nam, agency: 000.00.12.H34, unit: Phòng Tổ chức }
            """.utf8)))
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        return bridge
    }

    static func importing(_ bridge: Bridge, _ dir: TemporaryDirectory, _ kind: WorkloadFiles.Kind, _ text: String) throws -> Int {
        try bridge.importReference(kind, file: try dir.write("\(kind.rawValue).csv", Array(text.utf8)), actor: "hr", at: at)
    }

    static func refusal(_ bridge: Bridge, _ dir: TemporaryDirectory, _ kind: WorkloadFiles.Kind, _ text: String) -> String {
        do {
            _ = try importing(bridge, dir, kind, text)
            return "imported"
        } catch {
            return "\(error)"
        }
    }

    static let positions = """
        code,name,list,rank,unit,products
        CV,Chuyên viên,chuyên môn,,,Công văn|Báo cáo
        CVC,Chuyên viên chính,professional,,,
        TP,Trưởng phòng,lãnh đạo,,,
        """

    @Test func aRowThatBreaksARuleIsRefusedWithItsNumberAndNothingIsStored() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(Self.refusal(bridge, dir, .positions, "code,name,list\nCV,Chuyên viên,chuyên môn\nCV,Chuyên viên,professional\n")
            == "positions.csv:3: position CV appears twice (row 2)")
        #expect(Self.refusal(bridge, dir, .positions, "CV,Chuyên viên,nhân viên\n").contains("positions.csv:1: list 'nhân viên'"))
        #expect(Self.refusal(bridge, dir, .assignments, "officer,position,from,to\ncb-lan,CV,2026-01-01,\n").contains("import positions first"))
        #expect(try Self.importing(bridge, dir, .positions, Self.positions) == 3)
        for (text, message) in [
            ("cb-lan,CV,2026-01-01,\ncb-lan,CV,2026-01-01,\n", "assignments.csv:2: cb-lan CV from 2026-01-01 appears twice (row 1)"),
            ("cb-lan,CV,2026-01-01,\ncb-lan,TP,2026-02-01,2026-03-01\n", "assignments.csv:2: cb-lan holds CV from 2026-01-01 (row 1): an officer holds one position at a time"),
            ("cb-lan,XYZ,2026-01-01,\n", "assignments.csv:1: position 'XYZ' is not in the position catalogue"),
            ("cb-khong,CV,2026-01-01,\n", "assignments.csv:1: officer 'cb-khong' is not in the directory"),
            ("cb-lan,CV,2026-03-01,2026-02-01\n", "assignments.csv:1: to 2026-02-01 is before from 2026-03-01"),
            ("cb-lan,CVC,2026-01-01,\ncb-hung,CVC,2026-01-01,\n", "assignments.csv:2: 000.00.12.H34/Phòng Công chức would have 2 of its 3 officers as CVC, above the cap of 50 %"),
        ] {
            #expect(Self.refusal(bridge, dir, .assignments, text) == message)
        }
        #expect(try bridge.store.references.versions("assignments").isEmpty)
        #expect(Self.refusal(bridge, dir, .standardTimes, "Công văn,,0,2026-01-01\n").contains("hours '0' is not a number above 0"))
        #expect(Self.refusal(bridge, dir, .staffing, "000.00.12.H34,Phòng Công chức,3\n000.00.12.H34,Phòng Công chức,4\n").contains("appears twice (row 1)"))
        #expect(Self.refusal(bridge, dir, .leave, "cb-lan,2026-02-10,2026-02-09,\n").contains("to 2026-02-09 is before from 2026-02-10"))
        #expect(Self.refusal(bridge, dir, .diary, "officer,day,item,hours\ncb-lan,2026-02-10,Họp,8\ncb-lan,2026-02-11,Họp,30\n")
            == "diary.csv:3: hours '30' is not a number above 0 and at most 24")

        // A closed period is never rewritten: a standard time from inside it is refused.
        _ = try bridge.closePeriod("2026-01", actor: "hr", at: Self.at)
        #expect(Self.refusal(bridge, dir, .standardTimes, "Công văn,,4,2026-01-15\n")
            == "standard-times.csv:1: from 2026-01-15 falls in closed period 2026-01: a standard time applies from a day after the last closed period")
        #expect(try Self.importing(bridge, dir, .standardTimes, "product_type,position,hours,from\nCông văn,,4,2026-02-01\nCông văn,CV,3,2026-02-01\n") == 2)
        #expect(try bridge.store.references.versions("standard-times").count == 1)
    }

    @Test func theWorkloadOfTheLedgersCompletedWorkAndTheStaffingOverIt() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        let done = try bridge.store.tasks.list(TaskFilter(status: .completed)).filter { $0.mainHandler?.officer != nil && $0.countsForKPI }
        let month = try #require(done.compactMap(\.completedAt).map { Period.containing($0)[0] }.max())
        _ = try Self.importing(bridge, dir, .positions, Self.positions)
        _ = try Self.importing(bridge, dir, .assignments, "cb-lan,CV,2025-01-01,\ncb-hung,TP,2025-01-01,\n")
        let types = Set(done.compactMap(\.productType)).sorted()
        _ = try Self.importing(bridge, dir, .standardTimes, types.map { "\($0),,4,2025-01-01" }.joined(separator: "\n"))
        _ = try Self.importing(bridge, dir, .staffing, "000.00.12.H34,Phòng Công chức,2\n000.00.12.H34,Phòng Tổ chức,2\n")

        let workload = try bridge.workload(period: month)
        let mine = done.filter { Period.containing($0.completedAt!)[0] == month }
        let evidence = workload.officers.reduce(Rational(0)) { $0 + $1.figures.evidenceHours }
        #expect(evidence == Rational(4 * mine.count), "every completed product of the month at 4 h")
        #expect(workload.officers.map(\.person.id) == ["cb-hung", "cb-lan", "cb-mai", "cb-nam"])
        #expect(workload.officers.first { $0.person.id == "cb-lan" }?.position == "CV")
        // One officer's page reads only their tasks, and gives the same figures as the whole province's report.
        for id in ["cb-lan", "cb-hung"] {
            let alone = try bridge.workload(period: month, agencies: nil, officer: id)
            #expect(alone.officers.map(\.person.id) == [id])
            #expect(alone.officers.first?.figures == workload.officers.first { $0.person.id == id }?.figures)
        }

        let json = try WorkloadFormatter.render(workload, period: month, as: .json)
        #expect(json.contains("\"model\" : \"Reference model"))
        let staffing = try bridge.staffing(period: month).staffing
        #expect(staffing.rows.map(\.unit) == ["000.00.12.H34/Phòng Công chức", "000.00.12.H34/Phòng Tổ chức"])
        #expect(staffing.rows.map(\.assigned) == [2, 2] && staffing.rows.map(\.inPost) == [3, 1])
        #expect(try WorkloadFormatter.render(staffing, period: month, as: .table).contains("Reference model"))
        #expect(try WorkloadFormatter.render(staffing, period: month, as: .csv).contains("000.00.12.H34/Phòng Tổ chức,2,1,"))
    }

    /// A workbook as Excel writes it: shared strings, a date cell as Excel's day number, a number cell.
    static func excelWorkbook(_ rows: [[(kind: String, value: String)]], strings: [String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + rows.enumerated().map { index, cells in
                "<row r=\"\(index + 1)\">" + cells.enumerated().map { column, cell in
                    let ref = String(UnicodeScalar(UInt8(65 + column))) + "\(index + 1)"
                    return cell.kind == "s" ? "<c r=\"\(ref)\" t=\"s\"><v>\(cell.value)</v></c>" : "<c r=\"\(ref)\"><v>\(cell.value)</v></c>"
                }.joined() + "</row>"
            }.joined() + "</sheetData></worksheet>"
        let shared = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + strings.map { "<si><r><t>\($0.prefix(2))</t></r><r><t>\($0.dropFirst(2))</t></r></si>" }.joined() + "</sst>"
        for (path, text) in [("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", shared)] {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    @Test func workbooksAreImportedAsHRSavesThem() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        // The positions from a workbook the bridge itself writes (inline strings).
        let positions = XLSXWorkbook(
            sheetName: "Vi tri", header: WorkloadFiles.Kind.positions.columns,
            rows: [[.text("CV"), .text("Chuyên viên"), .text("chuyên môn"), .empty, .empty, .text("Công văn|Báo cáo")], [.text("TP"), .text("Trưởng phòng"), .text("lãnh đạo")]])
        let positionsFile = try dir.write("vi-tri.xlsx", Array(try positions.data()))
        #expect(try bridge.importReference(.positions, file: positionsFile, actor: "hr", at: Self.at) == 2)
        // Assignments as Excel saves them: shared strings (rich text runs), the from day as Excel's day number
        // (46023 is 2026-01-01).
        let strings = ["cb-lan", "CV", "cb-hung", "TP", "officer", "position", "from"]
        let workbook = try Self.excelWorkbook([
            [("s", "4"), ("s", "5"), ("s", "6")], [("s", "0"), ("s", "1"), ("n", "46023")], [("s", "2"), ("s", "3"), ("n", "46023")],
        ], strings: strings)
        let file = try dir.write("bo-tri.xlsx", Array(workbook))
        #expect(try bridge.importReference(.assignments, file: file, actor: "hr", at: Self.at) == 2)
        let stored = try #require(try bridge.store.references.current("assignments", as: [PositionAssignment].self))
        #expect(stored == [
            PositionAssignment(officer: "cb-lan", position: "CV", from: CalendarDay(iso: "2026-01-01")!),
            PositionAssignment(officer: "cb-hung", position: "TP", from: CalendarDay(iso: "2026-01-01")!),
        ])
        // A row that breaks a rule is named by its row in the sheet.
        let bad = try dir.write("bo-tri-2.xlsx", Array(try Self.excelWorkbook([[("s", "0"), ("s", "3"), ("n", "46023")], [("s", "0"), ("s", "1"), ("n", "46030")]], strings: strings)))
        do {
            _ = try bridge.importReference(.assignments, file: bad, actor: "hr", at: Self.at)
            Issue.record("imported overlapping rows")
        } catch {
            #expect("\(error)" == "bo-tri-2.xlsx:2: cb-lan holds TP from 2026-01-01 (row 1): an officer holds one position at a time")
        }
        // Not a workbook at all: one line.
        let junk = try dir.write("junk.xlsx", Array("not a zip".utf8))
        #expect(throws: AppError.self) { try bridge.importReference(.positions, file: junk, actor: "hr", at: Self.at) }
    }
}
