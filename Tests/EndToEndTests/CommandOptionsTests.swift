import BridgeApp
import BridgeLedger
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Every option a command lists does what it says or is refused; none is accepted and ignored.
struct CommandOptionsTests {
    @Test(arguments: [
        (["score", "--period", "2026-03", "--block", "foo"], "foo"),
        (["task", "x", "--format", "csv"], "--format csv is not available for one task"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["replay", "frobnicate"], "Unexpected argument 'frobnicate'"),
        (["period", "reopen", "2026-03"], "Missing expected argument '--reason <reason>'"),
    ])
    func anOptionThatCannotBeHonouredIsRefused(_ command: [String], _ message: String) async throws {
        let dir = try await LedgerAccessTests.ledger()
        let run = try await CommandRunner.capture(command, in: dir.path)
        #expect(run.ending == .exited(64))
        #expect(run.errors.contains(message), "\(run.errors)")
    }

    @Test func replayingAnIdThatIsNotADeadLetterIsAnError() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let missing = try await CommandRunner.capture(["replay", "run", "999"], in: dir.path)
        #expect(missing.ending == .exited(1))
        #expect(missing.errors == "error: no dead letter with id 999 (see replay list)\n")
    }

    @Test func explainPrintsJSONWhenAskedTo() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let run = try await CommandRunner.capture(
            ["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03", "--at", "2026-04-30", "--format", "json"], in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let officer = try #require(object["officer"] as? [String: Any])
        #expect(officer["officer"] as? String == "email:lan.nt@khanhhoa.gov.vn")
        let contributions = try #require(object["contributions"] as? [[String: Any]])
        #expect(contributions.count == 3)
        #expect(contributions.allSatisfy { $0["task"] is String && $0["completed"] is Bool && $0["timeliness"] is String })
    }

    @Test func scoreAtATimeOnAClosedPeriodComputesAtThatTime() async throws {
        let dir = try await LedgerAccessTests.ledger()
        await #expect(try CommandRunner.capture(["period", "close", "2026-03", "--at", "2026-04-20T00:00:00+07:00"], in: dir.path).succeeded)
        let kept = try await CommandRunner.capture(["score", "--period", "2026-03", "--format", "json"], in: dir.path)
        #expect(kept.output.contains(#""evaluatedAt" : "closed""#))
        let at = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30", "--format", "json"], in: dir.path)
        #expect(at.output.contains(#""evaluatedAt" : "2026-04-30T00:00:00.000+07:00""#), "\(at.output.prefix(300))")
        let table = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30"], in: dir.path)
        #expect(table.output.contains("Period 2026-03 is closed: these numbers are computed at 2026-04-30T00:00:00.000+07:00"))
    }

    @Test func aFuturePeriodCannotBeClosedAndAClosedOneReopensWithAnAuditedReason() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let future = try await CommandRunner.capture(["period", "close", "2099-01"], in: dir.path)
        #expect(future.ending == .exited(1))
        #expect(future.errors.hasPrefix("error: period 2099-01 has not begun at "))

        await #expect(try CommandRunner.capture(["period", "close", "2026-03", "--at", "2026-04-20T00:00:00+07:00"], in: dir.path).succeeded)
        let reopened = try await CommandRunner.capture(["period", "reopen", "2026-03", "--reason", "hồ sơ bổ sung của Sở Nội vụ"], in: dir.path)
        #expect(reopened.succeeded, "\(reopened.errors)")
        #expect(reopened.output.hasPrefix("reopened 2026-03: 5 kept score(s) dropped"))
        let notClosed = try await CommandRunner.capture(["period", "reopen", "2026-03", "--reason", "again"], in: dir.path)
        #expect(notClosed.errors.contains("period 2026-03 is not closed"))
        let score = try await CommandRunner.capture(["score", "--period", "2026-03", "--format", "json"], in: dir.path)
        #expect(!score.output.contains(#""evaluatedAt" : "closed""#))
        // Closed anew, it keeps the numbers of the new close.
        await #expect(try CommandRunner.capture(["period", "close", "2026-03", "--at", "2026-04-25T00:00:00+07:00"], in: dir.path).succeeded)
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("kpibridge.sqlite"), access: .read)
        let audit = try bridge.store.audit.log(limit: 10)
        #expect(audit.contains { $0.action == "period.reopen" && $0.subject == "2026-03" && ($0.detail ?? "").hasPrefix("hồ sơ bổ sung của Sở Nội vụ — 5 kept score(s)") })
    }
}

/// `mapping preview` prints one valid JSON document, the records that would be dead letters inside it.
struct MappingPreviewTests {
    @Test func thePreviewIsValidJSONWithItsDeadLettersInside() async throws {
        let dir = try TemporaryDirectory()
        let mapping = try dir.write("tool.yml", Array(IdlessRecordTests.mapping(version: 1).utf8))
        let page = try IdlessRecordTests.page(dir, "p.json", ["T1", nil, "T3"])
        let run = try await CommandRunner.capture(["mapping", "preview", mapping, "--input", page])
        #expect(run.succeeded, "\(run.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((object["tasks"] as? [[String: Any]])?.count == 2)
        let letters = try #require(object["deadLetters"] as? [String])
        #expect(letters.count == 1 && letters[0].contains("no value at @.id"), "\(letters)")
        // The table keeps its dead-letter lines after the table.
        let table = try await CommandRunner.capture(["mapping", "preview", mapping, "--input", page, "--format", "table"]).output
        #expect(table.contains("dead letter: "))
    }
}

/// `mapping new --from-sample` drafts a mapping that loads and maps its own sample, for a person to finish.
struct MappingDraftTests {
    @Test(arguments: ["ioffice", "party", "mass"])
    func aDraftFromEachShippedSampleLoadsAndMapsItsRecords(_ tool: String) async throws {
        let dir = try TemporaryDirectory()
        let sample = "\(Fixtures.home)/Samples/\(tool)/page-1.json"
        let made = try await CommandRunner.capture(["mapping", "new", "--from-sample", sample, "--id", "\(tool)-draft", "--output", dir.file("draft.yml")])
        #expect(made.succeeded, "\(made.errors)")
        let check = try await CommandRunner.capture(["mapping", "check", dir.file("draft.yml")])
        #expect(check.succeeded, "\(check.output)\(check.errors)")
        let preview = try await CommandRunner.capture(["mapping", "preview", dir.file("draft.yml"), "--input", sample])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(preview.output.utf8)) as? [String: Any])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sample))) as? [String: Any])
        let items = (records["data"] ?? records["items"]) as? [Any]
        #expect((object["tasks"] as? [Any])?.count == items?.count)
        #expect((object["deadLetters"] as? [Any])?.isEmpty == true)
    }

    @Test func theDraftFindsFieldsByTheirVietnameseNamesAndDatePatterns() throws {
        let draft = try MappingDraft.draft(sample: Data(#"""
            {"ketQua":[{"maCongViec":"CV1","tieuDe":"Báo cáo","trangThai":"Đang xử lý","hanXuLy":"20/03/2026","ngayCapNhat":"10-03-2026 08:00","nguoiXuLy":"lan@x.vn"},
                       {"maCongViec":"CV2","tieuDe":"Kế hoạch","trangThai":"Hoàn thành","hanXuLy":"25/03/2026","ngayCapNhat":"11-03-2026 09:30","nguoiXuLy":"hung@x.vn"}]}
            """#.utf8), id: "tool", file: "page.json")
        #expect(draft.contains("items: $.ketQua[*]"))
        #expect(draft.contains(#"recordId: "@.maCongViec""#))
        #expect(draft.contains(#"time: { path: "@.ngayCapNhat", date: "dd-MM-yyyy HH:mm" }"#))
        #expect(draft.contains(#"dueAt: { path: "@.hanXuLy", date: "dd/MM/yyyy", endOfDay: true }"#))
        #expect(draft.contains(#""Hoàn thành": { status: ~, rank: 1 }"#) && draft.contains(#""Đang xử lý": { status: ~, rank: 2 }"#))
        #expect(draft.contains(#"mainHandler: { namespace: email, id: { path: "@.nguoiXuLy", lower: true } }"#))
    }

    @Test func anXMLSampleIsPointedToTheEdxmlMapping() {
        let error = #expect(throws: AppError.self) { try MappingDraft.draft(sample: Data("<a/>".utf8), id: "x", file: "a.xml") }
        #expect(error?.message.contains("start from Mappings/eoffice-edxml.yml") == true)
    }
}
