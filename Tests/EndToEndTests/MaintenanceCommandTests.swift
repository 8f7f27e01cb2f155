import BridgeApp
import BridgeLedger
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// What an operator reaches for every day: the version, the audit log, a health check, a backup, a progress line.
struct MaintenanceCommandTests {
    @Test func theVersionIsPrinted() async throws {
        let run = try await CommandRunner.capture(["--version"])
        #expect(run.succeeded && run.output == "\(KPIBridgeVersion.current)\n")
    }

    @Test func doctorReportsSchemaIntegrityAndWhatTheProjectorOwes() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let healthy = try await CommandRunner.capture(["doctor"], in: dir.path)
        #expect(healthy.succeeded, "\(healthy.errors)")
        #expect(healthy.output.contains("schema       \(LedgerStore.latestSchema) (this release's)"))
        #expect(healthy.output.contains("integrity    ok (quick_check)"))
        #expect(healthy.output.contains("projections  0 task(s) queued, 0 score(s) owed"))
        #expect(healthy.output.contains("dead letters 2 unresolved"))
        #expect(healthy.output.contains("mapping      eoffice-edxml v1"))

        // A run that died before its projector leaves work queued: doctor says so.
        let queue = try DatabaseQueue(path: dir.file("kpibridge.sqlite"))
        try await queue.write { try $0.execute(sql: "INSERT INTO task_dirty (task_key, cause) SELECT key, 'test' FROM task LIMIT 3") }
        try queue.close()
        let pending = try await CommandRunner.capture(["doctor", "--full"], in: dir.path)
        #expect(pending.output.contains("projections  3 task(s) queued, 0 score(s) owed (the next import, sync or rebuild catches up)"))
        #expect(pending.output.contains("integrity    ok (integrity_check)"))
    }

    @Test func doctorFailsOnADamagedLedger() async throws {
        let dir = try await LedgerAccessTests.ledger()
        // Overwrite a page in the middle of the file (not the header): the b-tree no longer checks.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: dir.file("kpibridge.sqlite")))
        try handle.seek(toOffset: 4096 * 8)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096 * 4))
        try handle.close()
        let run = try await CommandRunner.capture(["doctor"], in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(!run.output.contains("integrity    ok"), "\(run.output)\(run.errors)")
    }

    @Test func aBackupIsAConsistentCheckedCopyAndNeverOverwrites() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let made = try await CommandRunner.capture(["backup", dir.file("copy.sqlite")], in: dir.path)
        #expect(made.succeeded, "\(made.errors)")
        #expect(made.output.contains("(") && made.output.contains("KiB, checked)"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("copy.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        let original = try await CommandRunner.capture(["tasks", "--format", "json"], in: dir.path).output
        let copy = try await CommandRunner.capture(["tasks", "--format", "json", "--database", dir.file("copy.sqlite")], in: dir.path).output
        #expect(copy == original && copy.count > 100)
        let again = try await CommandRunner.capture(["backup", dir.file("copy.sqlite")], in: dir.path)
        #expect(again.ending == .exited(1))
        #expect(again.errors.contains("exists already: a backup never overwrites a file"))
    }

    @Test func theAuditLogIsListedNewestFirst() async throws {
        let dir = try await LedgerAccessTests.ledger()
        await #expect(try CommandRunner.capture(["period", "close", "2026-03", "--at", "2026-04-20T00:00:00+07:00"], in: dir.path).succeeded)
        await #expect(try CommandRunner.capture(["replay", "run", "--all"], in: dir.path).succeeded)
        let table = try await CommandRunner.capture(["audit", "list"], in: dir.path)
        let lines = table.output.split(separator: "\n")
        #expect(lines.count >= 5)
        #expect(lines[2].contains("replay") && table.output.contains("period.close"))
        let json = try await CommandRunner.capture(["audit", "list", "--format", "json", "--limit", "1"], in: dir.path)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: String]])
        #expect(entries.count == 1 && entries[0]["action"] == "replay")
    }

    @Test func replayListSaysWhetherALetterIsResolvedAndTablesCutLongTitlesWithAnEllipsis() async throws {
        let dir = try await LedgerAccessTests.ledger()
        let listed = try await CommandRunner.capture(["replay", "list", "--all"], in: dir.path).output
        #expect(listed.contains("  state  ") && listed.contains("  open  "))
        let tasks = try await CommandRunner.capture(["tasks"], in: dir.path).output
        #expect(tasks.contains("…"))
        #expect(TextTable.cut("Báo cáo tình hình thực hiện nhiệm vụ", to: 10) == "Báo cáo t…")
        #expect(TextTable.cut("ngắn", to: 10) == "ngắn")
    }

    @Test func importShowsALiveProgressLineOnATerminalOnly() async throws {
        let dir = try TemporaryDirectory()
        let files = try Fixtures.eofficeSamples().map { "'\($0)'" }.joined(separator: " ")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        shell.arguments = ["-qec", "'\(try CommandRunner.executable)' import --source eoffice \(files)", "/dev/null"]
        shell.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(printed.contains("importing: 100 of 100 file(s)…"), "\(printed.prefix(300))")
        // Not on a terminal: only the result.
        let plain = try await CommandRunner.capture(["import", "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: dir.path)
        #expect(!plain.output.contains("importing:"))
    }
}
