import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// One person with accounts in the E-Office API, the Party tool and a mass-organisation tool is one officer.
struct IdentityTests {
    static let config = """
        sources:
          - { id: ioffice, kind: json-pages, baseURL: "http://127.0.0.1:9/ioffice/", mapping: \(Fixtures.home)/Mappings/ioffice.yml, block: state }
          - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(Fixtures.home)/Mappings/party-tasks.yml, block: party }
          - { id: mass, kind: json-pages, baseURL: "http://127.0.0.1:9/mass/", mapping: \(Fixtures.home)/Mappings/mass-tasks.yml, block: mass }
        """

    static let directory = """
        agencies:
          - { code: 000.00.12.H34, name: Sở Nội vụ, block: state, units: [ "Phòng Công chức, viên chức", Phòng Tổ chức biên chế ] }
        officers:
          - id: cb-lan
            name: Nguyễn Thị Lan
            agency: 000.00.12.H34
            unit: Phòng Công chức, viên chức
            block: state
            position: lanh-dao-phong
            accounts: { email: lan.nt.0@khanhhoa.gov.vn, party-member: DV00001, union-member: [DTN00002] }
          - id: cb-hung
            name: Lê Văn Hùng
            accounts: { email: hung.lv.3@khanhhoa.gov.vn }
        """

    static func bridge(_ dir: TemporaryDirectory) throws -> Bridge {
        let file = try dir.write("kpibridge.yml", Array(config.utf8))
        let bridge = try Bridge(
            configuration: try BridgeConfiguration.load(file: file), databasePath: dir.file("l.sqlite"),
            now: { Timestamp(iso8601: "2026-05-01T00:00:00+07:00")! })
        for (source, page) in [("ioffice", "ioffice"), ("party", "party"), ("mass", "mass")] {
            _ = try bridge.importFiles(["\(Fixtures.home)/Samples/\(page)/page-1.json"], source: source)
        }
        return bridge
    }

    @Test func oneOfficerAcrossThreeSystemsIsOneIdentityWithAllTheirTasks() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.bridge(dir)
        #expect(try bridge.store.tasks.list(TaskFilter(unresolvedOnly: true)).count == 4)  // no directory yet: raw accounts kept

        let file = try dir.write("directory.yml", Array(Self.directory.utf8))
        let (officers, agencies) = try DirectoryFile.load(file)
        #expect(agencies.count == 1)
        let changed = try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: Timestamp(iso8601: "2026-05-01T00:00:00+07:00")!).changedTasks
        #expect(changed == 4)

        let lan = try bridge.store.tasks.list(TaskFilter(officer: bridge.officerKey(for: "lan.nt.0@khanhhoa.gov.vn", directory: try bridge.store.directory.current())))
        #expect(Set(lan.map(\.key.rawValue)) == ["ioffice:VBD-000102", "ioffice:VBD-000103", "party:P-00104", "mass:M-00107"])
        #expect(lan.allSatisfy { $0.mainHandler?.officer == "cb-lan" })
        #expect(Set(lan.compactMap(\.block)) == [.state, .party, .mass])
        // Raw values stay: the Party tool called her by member code.
        #expect(lan.first { $0.key.rawValue == "party:P-00104" }?.mainHandler?.id == "DV00001")

        // The coordinator on the iOffice task is resolved; the Party collaborator DV00004 is not, and stays listed.
        let unresolved = try bridge.store.tasks.list(TaskFilter(unresolvedOnly: true))
        #expect(unresolved.map(\.key.rawValue) == ["party:P-00104"])
        #expect(unresolved[0].coordinators.map(\.identity) == ["party-member:DV00004"])

        // One score row for her, built from all three systems, with the directory's profile.
        let scores = try bridge.scores(period: Period("2026-04")!, at: Timestamp(iso8601: "2026-05-01T00:00:00+07:00")!)
        let row = try #require(scores.first { $0.profile.officer == "cb-lan" })
        #expect(row.profile.name == "Nguyễn Thị Lan")
        #expect(row.profile.unit == "Phòng Công chức, viên chức")
        #expect(Set(row.contributions.map(\.task.key.rawValue)) == ["party:P-00104", "mass:M-00107"])
        #expect(try bridge.explain(officer: "party-member:DV00001", period: Period("2026-04")!, at: Timestamp(iso8601: "2026-05-01T00:00:00+07:00")!).profile.officer == "cb-lan")
    }

    @Test(arguments: [
        ("id,name,agency,unit,block,position,group,accounts\ncb-1,Lan,,,state,,,email=lan@x;party-member=DV1\n", nil as String?),
        ("cb-1,Lan,,,army,,,\n", "directory.csv:1: block 'army' is not party, state or mass"),
        ("cb-1,Lan,,,state,,,email\n", "directory.csv:1: account 'email' is not namespace=id"),
        ("cb-1,Lan,,,state,,\n", "directory.csv:1: expected 8 fields"),
        ("cb-1,Lan,,,,,,email=a@x\ncb-2,Hùng,,,,,,email=A@X\n", "account email:A@X belongs to both 'cb-1' and 'cb-2'"),
    ])
    func csvDirectoriesAreValidatedLineByLine(csv: String, error: String?) throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("directory.csv", Array(csv.utf8))
        do {
            let officers = try DirectoryFile.load(file).officers
            #expect(error == nil)
            #expect(officers.first?.accounts == ["email": ["lan@x"], "party-member": ["DV1"]])
        } catch let failure as AppError {
            #expect(error.map { failure.message.contains($0) } == true, "\(failure)")
        }
    }
}

/// An assessment entered for an account before the directory claimed it follows the officer: no ghost row.
struct AssessmentFollowsTheOfficerTests {
    @Test func anAssessmentMovesToTheOfficerTheDirectoryGivesTheAccountTo() throws {
        let dir = try TemporaryDirectory()
        let at = Timestamp(iso8601: "2026-04-30T00:00:00+07:00")!
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("l.sqlite"), now: { at })
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        let csv = "officer,period,general_points,sanction\nemail:lan.nt@khanhhoa.gov.vn,2026-03,28.5,no\n"
        try bridge.importAssessments(try AssessmentFile.parse(Data(csv.utf8), file: "a.csv"), origin: "a.csv", actor: "test", at: at)
        let (officers, agencies) = try DirectoryFile.load("\(Fixtures.home)/Samples/directory.yml")
        _ = try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)

        let rows = try bridge.storedScores(period: Period("2026-03")!, at: at)
        #expect(!rows.contains { $0.officer == "email:lan.nt@khanhhoa.gov.vn" })  // no ghost row
        let lan = try #require(rows.first { $0.officer == "cb-0001" })
        #expect(!lan.provisional && lan.generalPoints == 28.5)
        #expect(try bridge.store.scores.assessment(officer: "cb-0001", period: "2026-03")?.generalPoints == "28.5")
        #expect(try bridge.store.audit.log(limit: 20).contains { $0.action == "assessment.follow" && ($0.detail ?? "").contains("moved to officer cb-0001") })
        // And a rebuild agrees.
        _ = try bridge.rebuild(at: at)
        #expect(try bridge.storedScores(period: Period("2026-03")!, at: at) == rows)
    }
}

/// `assess list` and `assess delete`.
struct AssessListAndDeleteTests {
    @Test func assessmentsAreListedAndOneIsDeletedWithAnAuditedReason() async throws {
        let dir = try await LedgerAccessTests.ledger()
        try "officer,period,general_points,sanction\nemail:lan.nt@khanhhoa.gov.vn,2026-03,28.5,no\nemail:tuan.pm@khanhhoa.gov.vn,2026-03,25,no\n"
            .write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        await #expect(try CommandRunner.capture(["assess", "import", "a.csv"], in: dir.path).succeeded)
        let listed = try await CommandRunner.capture(["assess", "list", "--period", "2026-03"], in: dir.path).output
        #expect(listed.contains("email:lan.nt@khanhhoa.gov.vn") && listed.contains("28.5") && listed.hasSuffix("2 assessment(s)\n"))

        let noReason = try await CommandRunner.capture(["assess", "delete", "lan.nt@khanhhoa.gov.vn", "2026-03"], in: dir.path)
        #expect(noReason.ending == .exited(64))
        let deleted = try await CommandRunner.capture(["assess", "delete", "lan.nt@khanhhoa.gov.vn", "2026-03", "--reason", "nhập nhầm kỳ"], in: dir.path)
        #expect(deleted.succeeded, "\(deleted.errors)")
        let again = try await CommandRunner.capture(["assess", "delete", "lan.nt@khanhhoa.gov.vn", "2026-03", "--reason", "x"], in: dir.path)
        #expect(again.ending == .exited(1) && again.errors.contains("no assessment for email:lan.nt@khanhhoa.gov.vn in 2026-03"))
        await #expect(try CommandRunner.capture(["assess", "list"], in: dir.path).output.hasSuffix("1 assessment(s)\n"))
        let score = try await CommandRunner.capture(["score", "--period", "2026-03", "--format", "json"], in: dir.path).output
        let object = try #require(try JSONSerialization.jsonObject(with: Data(score.utf8)) as? [String: Any])
        let lan = try #require((object["officers"] as? [[String: Any]])?.first { $0["officer"] as? String == "email:lan.nt@khanhhoa.gov.vn" })
        #expect(lan["provisional"] as? Bool == true)
        let audit = try await CommandRunner.capture(["audit", "list"], in: dir.path).output
        #expect(audit.contains("assessment.delete") && audit.contains("nhập nhầm kỳ"))
    }
}

/// `directory list`, `show` and `export`: an export imports back to the same directory.
struct DirectoryCommandsTests {
    @Test func theDirectoryIsListedShownAndExportedInTheFormItIsImportedFrom() async throws {
        let dir = try await LedgerAccessTests.ledger()
        await #expect(try CommandRunner.capture(["directory", "import", "\(Fixtures.home)/Samples/directory.yml"], in: dir.path).succeeded)
        let listed = try await CommandRunner.capture(["directory", "list", "--agency", "000.00.12.H34"], in: dir.path).output
        #expect(listed.contains("cb-0001") && listed.contains("Nguyễn Thị Lan") && !listed.contains("cb-0003"))
        let shown = try await CommandRunner.capture(["directory", "show", "lan.nt@khanhhoa.gov.vn"], in: dir.path).output
        #expect(shown.hasPrefix("Officer cb-0001"))
        #expect(shown.contains("account   email: lan.nt.0@khanhhoa.gov.vn, lan.nt@khanhhoa.gov.vn"))
        #expect(shown.contains("tasks     3 naming this officer"))

        let exported = try await CommandRunner.capture(["directory", "export"], in: dir.path).output
        try exported.write(toFile: dir.file("export.csv"), atomically: true, encoding: .utf8)
        let fresh = try TemporaryDirectory()
        await #expect(try CommandRunner.capture(["directory", "import", dir.file("export.csv")], in: fresh.path).succeeded)
        await #expect(try CommandRunner.capture(["directory", "export"], in: fresh.path).output == exported)
        let json = try await CommandRunner.capture(["directory", "export", "--format", "json"], in: dir.path).output
        #expect((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count == exported.split(separator: "\n").count - 1)
    }
}

/// `assess import` refuses an officer nobody can resolve: a typo would otherwise sit on a ghost row.
struct AssessImportUnknownOfficerTests {
    @Test func anOfficerNoDirectoryOfficerHoldsAndNoTaskNamesIsRefused() async throws {
        let dir = try await LedgerAccessTests.ledger()
        try "officer,period,general_points,sanction\nemail:lan.nt@khanhhoa.gov.vn,2026-03,28.5,no\nemail:lan.tn@khanhhoa.gov.vn,2026-03,27,no\n"
            .write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        let run = try await CommandRunner.capture(["assess", "import", "a.csv"], in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(run.errors.contains("a.csv: nothing imported: no directory officer holds and no task names email:lan.tn@khanhhoa.gov.vn"), "\(run.errors)")
        await #expect(try CommandRunner.capture(["assess", "list"], in: dir.path).output.hasSuffix("0 assessment(s)\n"))
        // A directory officer with no task yet is known.
        await #expect(try CommandRunner.capture(["directory", "import", "\(Fixtures.home)/Samples/directory.yml"], in: dir.path).succeeded)
        try "officer,period,general_points,sanction\ncb-0002,2026-03,29,no\n".write(toFile: dir.file("b.csv"), atomically: true, encoding: .utf8)
        await #expect(try CommandRunner.capture(["assess", "import", "b.csv"], in: dir.path).succeeded)
    }
}
