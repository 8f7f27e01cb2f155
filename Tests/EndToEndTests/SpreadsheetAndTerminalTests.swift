import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// CSV as Excel writes and reads it, and text from sources that cannot run as formulas or steer a terminal.
struct SpreadsheetAndTerminalTests {
    static let bom = "\u{FEFF}"

    @Test(arguments: [
        ("excel-utf8", bom + "officer,period,general_points,sanction\r\nemail:a@x.vn,2026-03,28.5,no\r\n"),
        ("semicolons", "officer;period;general_points;sanction\nemail:a@x.vn;2026-03;28,5;no\n"),
        ("quoted-decimal-comma", "officer,period,general_points,sanction\n\"email:a@x.vn\",2026-03,\"28,5\",no\n"),
        ("bom-semicolons-crlf", bom + "officer;period;general_points;sanction\r\nemail:a@x.vn;2026-03;\"28,5\";không\r\n"),
        ("comment-first", "# entered by the unit\nofficer;period;general_points;sanction\nemail:a@x.vn;2026-03;28,5;no\n"),
    ])
    func assessmentsAreReadAsExcelSavesThem(_ name: String, _ text: String) throws {
        let items = try AssessmentFile.parse(Data(text.utf8), file: "\(name).csv")
        #expect(items == [StoredAssessment(officer: "email:a@x.vn", period: "2026-03", generalPoints: "28.5", sanction: false)])
    }

    @Test func theConfiguredMaximumOfGeneralPointsIsTheLimit() throws {
        let csv = Data("x,2026-03,25,no\n".utf8)
        #expect(try AssessmentFile.parse(csv, file: "a.csv").count == 1)
        let error = #expect(throws: AppError.self) { try AssessmentFile.parse(csv, file: "a.csv", maxGeneralPoints: Rational(20)) }
        #expect(error?.message == "a.csv:1: general_points '25' is not a number from 0 to 20")
    }

    @Test func aFileThatIsNotUTF8IsNamedWithItsRow() {
        var bytes = Array("officer,period,general_points,sanction\n".utf8)
        bytes += [0x78, 0x2C, 0xC3, 0x28, 0x0A]  // a broken two-byte sequence
        let error = #expect(throws: AppError.self) { try AssessmentFile.parse(Data(bytes), file: "a.csv") }
        #expect(error?.message.hasPrefix("a.csv:2: not UTF-8 text") == true, "\(String(describing: error))")
    }

    @Test func aDirectoryCSVWithSemicolonsAndQuotedAccountsLoads() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("directory.csv", Array((Self.bom + """
            id;name;agency;unit;block;position;group;accounts
            kh-001;"Nguyễn Thị Lan; Phó phòng";000.00.12.H34;VP;state;;;"email=lan.nt@khanhhoa.gov.vn;party-member=DV7"
            """).utf8))
        let officers = try DirectoryFile.load(file).officers
        #expect(officers.count == 1)
        #expect(officers[0].name == "Nguyễn Thị Lan; Phó phòng")
        #expect(officers[0].accounts == ["email": ["lan.nt@khanhhoa.gov.vn"], "party-member": ["DV7"]])
    }

    @Test func csvOutputHasAByteOrderMarkAndNoCellRunsAsAFormula() {
        let text = CSVTable.render(
            header: ["title", "n"],
            rows: [["=HYPERLINK(\"http://x\",\"bấm\")", "-5"], ["+1+1", "3"], ["@SUM(A1)", "-"], ["Báo cáo, quý 1", "\u{1B}[2J"]])
        #expect(text.hasPrefix(Self.bom + "title,n\n"))
        let lines = text.dropFirst().split(separator: "\n").map(String.init)
        #expect(lines[1] == #""'=HYPERLINK(""http://x"",""bấm"")",-5"#)
        #expect(lines[2] == "'+1+1,3")
        #expect(lines[3] == "'@SUM(A1),'-")
        #expect(lines[4] == "\"Báo cáo, quý 1\",\u{FFFD}[2J")
    }

    @Test(arguments: [
        ("plain Việt text", "plain Việt text"),
        ("\u{1B}[31mred\u{1B}[0m", "\u{FFFD}[31mred\u{FFFD}[0m"),
        ("done\rNOT DONE", "done\u{FFFD}NOT DONE"),
        ("two\nlines\tand tab", "two\nlines\tand tab"),
        ("\u{9B}31m C1 CSI", "\u{FFFD}31m C1 CSI"),
        ("abc\u{202E}fed", "abc\u{FFFD}fed"),
        ("bell\u{07} del\u{7F}", "bell\u{FFFD} del\u{FFFD}"),
    ])
    func terminalTextNeutralisesControls(_ raw: String, _ shown: String) {
        #expect(TerminalText.safe(raw) == shown)
    }

    @Test func aSourcesEscapeSequencesNeverReachTheTerminal() async throws {
        let dir = try TemporaryDirectory()
        _ = try ReplayTests.bridge(dir, database: "kpibridge.sqlite", mapping: ReplayTests.mapping(version: 1, broken: false))
        let page = try dir.write("page.json", Array(#"""
            {"items":[{"id":"T1","title":"\u001b[2J\u001b[31mĐã xong\rHỦY","owner":"S1","state":"open","at":"10-03-2026 08:00"},
                      {"id":"T2","title":"=cmd|' /C calc'!A0","owner":"S2","state":"open","at":"10-03-2026 08:00"}]}
            """#.utf8))
        await #expect(try CommandRunner.capture(["import", "--source", "tool", page], in: dir.path).succeeded)
        for format in ["table", "csv", "json"] {
            let run = try await CommandRunner.capture(["tasks", "--format", format], in: dir.path)
            #expect(run.succeeded, "\(run.errors)")
            #expect(!run.output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" }, "\(format)")
        }
        let csv = try await CommandRunner.capture(["tasks", "--format", "csv"], in: dir.path).output
        #expect(csv.contains("'=cmd|' /C calc'!A0"))
        let shown = try await CommandRunner.capture(["task", "tool:T1"], in: dir.path).output
        #expect(shown.contains("\u{FFFD}[2J\u{FFFD}[31mĐã xong\u{FFFD}HỦY"))
    }
}
