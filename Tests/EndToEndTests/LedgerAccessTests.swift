import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeServer
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// Reading never creates or writes a ledger; a ledger from a newer release is refused; a mapping edited without a
/// new version blocks writes only.
struct LedgerAccessTests {
    /// A folder with a ledger made by importing the E-Office samples.
    static func ledger() async throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        let run = try await CommandRunner.capture(["import", "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        return dir
    }

    @Test(arguments: [
        ["tasks"], ["task", "x@y"], ["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03"], ["replay", "list"],
        ["replay", "show", "1"], ["directory", "history"], ["score", "--period", "2026-03"], ["score", "--period", "2026-03", "--at", "2026-04-30"],
        ["rebuild"], ["replay", "run", "--all"], ["period", "close", "2026-03"],
    ])
    func aCommandOnAMistypedPathCreatesNothingAndNamesThePath(_ command: [String]) async throws {
        let dir = try TemporaryDirectory()
        let run = try await CommandRunner.capture(command + ["--database", "sqlite:typo.sqlite"], in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(run.errors.hasPrefix("error: no ledger at typo.sqlite"), "\(run.errors)")
        #expect(run.errors.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func readingLeavesTheLedgerFileAsItWas() async throws {
        let dir = try await Self.ledger()
        let file = dir.file("kpibridge.sqlite")
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        for command in [["tasks"], ["replay", "list"], ["directory", "history"], ["score", "--period", "2026-03", "--at", "2026-04-30"]] {
            let run = try await CommandRunner.capture(command, in: dir.path)
            #expect(run.succeeded, "\(command): \(run.errors)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
        // SQLite's own side files of a WAL database (-wal, -shm) may appear; nothing else does (the lock file is
        // the import's).
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(files.sorted() == ["kpibridge.sqlite", "kpibridge.sqlite.lock"])
    }

    @Test func aReadOnlyLedgerIsReadAndScoredInMemory() async throws {
        let dir = try await Self.ledger()
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("kpibridge.sqlite"), access: .read)
        #expect(bridge.store.isReadOnly)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 22)
        let (report, _) = try bridge.scoreReport(period: .init("2026-03")!, at: nil, filter: ScoreFilter(), current: false)
        #expect(!report.officers.isEmpty)
        #expect(throws: LedgerError.self) { try bridge.rebuild(at: bridge.importer.now()) }
    }

    @Test func aLedgerFromANewerReleaseIsRefusedForReadingAndWriting() async throws {
        let dir = try await Self.ledger()
        let queue = try DatabaseQueue(path: dir.file("kpibridge.sqlite"))
        try await queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        for command in [["tasks"], ["import", "--source", "eoffice", "\(Fixtures.home)/Samples/eoffice/doc-01-100.edxml"]] {
            let run = try await CommandRunner.capture(command, in: dir.path)
            #expect(run.ending == .exited(1))
            #expect(run.errors == "error: ledger ./kpibridge.sqlite was written by a newer release of kpibridge (schema v99-from-the-future); refusing to open it: upgrade kpibridge\n")
        }
    }

    @Test func aLedgerAtAnOlderSchemaIsNotMigratedByAReadingCommand() async throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: "\(Fixtures.home)/Tests/Fixtures/ledger-v10/v10.sqlite", toPath: dir.file("kpibridge.sqlite"))
        let run = try await CommandRunner.capture(["tasks"], in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(run.errors.contains("is at an older schema (v10-task-block-check); a reading command does not migrate it"))
        #expect(run.errors.contains("run `kpibridge migrate` once"))
        await #expect(try CommandRunner.capture(["migrate"], in: dir.path).output.contains("migrated from schema v10-task-block-check"))
        await #expect(try CommandRunner.capture(["tasks"], in: dir.path).succeeded)
    }

    @Test func aMappingEditedWithoutANewVersionBlocksWritesOnly() async throws {
        let dir = try await Self.ledger()
        let mapping = try String(contentsOfFile: "\(Fixtures.home)/Mappings/eoffice-edxml.yml", encoding: .utf8)
        try (mapping + "\n# an edit\n").write(toFile: dir.file("eoffice.yml"), atomically: true, encoding: .utf8)
        try "sources:\n  - { id: eoffice, kind: edxml-files, mapping: eoffice.yml, block: state }\n"
            .write(toFile: dir.file("kpibridge.yml"), atomically: true, encoding: .utf8)
        for command in [["tasks"], ["replay", "list"], ["replay", "show", "1"], ["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03"]] {
            let run = try await CommandRunner.capture(command, in: dir.path)
            #expect(run.succeeded, "\(command): \(run.errors)")
        }
        let write = try await CommandRunner.capture(["import", "--source", "eoffice", "\(Fixtures.home)/Samples/eoffice/doc-01-100.edxml"], in: dir.path)
        #expect(write.ending == .exited(1))
        #expect(write.errors.contains("raise its version"))
    }

    @Test func aSecondWritingRunIsRefusedAndToldWhoHoldsTheLedger() async throws {
        let dir = try await Self.ledger()
        let held = try LedgerLock(ledger: dir.file("kpibridge.sqlite"), command: "sync --config sim.yml")
        let error = #expect(throws: LedgerError.self) { _ = try LedgerLock(ledger: dir.file("kpibridge.sqlite"), command: "import") }
        #expect(error?.description.contains("is in use by `kpibridge sync --config sim.yml` (pid \(ProcessInfo.processInfo.processIdentifier), since ") == true)

        for command in [["import", "--source", "eoffice", "\(Fixtures.home)/Samples/eoffice/doc-01-100.edxml"], ["rebuild"], ["replay", "run", "--all"]] {
            let run = try await CommandRunner.capture(command + ["--database", dir.file("kpibridge.sqlite")], in: dir.path)
            #expect(run.ending == .exited(1))
            #expect(run.errors.contains("is in use by `kpibridge sync --config sim.yml`"), "\(run.errors)")
        }
        // Readers are not held up.
        await #expect(try CommandRunner.capture(["tasks"], in: dir.path).succeeded)
        withExtendedLifetime(held) {}
    }

    @Test func theLockIsFreeOnceItsHolderEnds() async throws {
        let dir = try await Self.ledger()
        do { _ = try LedgerLock(ledger: dir.file("kpibridge.sqlite"), command: "sync") }
        await #expect(try CommandRunner.capture(["rebuild"], in: dir.path).succeeded)
    }
}

extension LedgerAccessTests {
    /// An admin works while `serve` runs on the same ledger: tokens, the directory, assessments and a period are
    /// written beside it (its run lock held all the while), and the running service honours a revoked token at once.
    @Test func adminsWriteBesideARunningService() async throws {
        let dir = try await Self.ledger()
        let ledger = dir.file("kpibridge.sqlite")
        let held = try LedgerLock(ledger: ledger, command: "serve")
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: ledger, access: .update)
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }

        let created = try await CommandRunner.capture(["token", "create", "--name", "leaked", "--role", "viewer"], in: dir.path)
        #expect(created.succeeded, "\(created.errors)")
        #expect(created.errors.contains("note: writing beside `kpibridge serve`"), "\(created.errors)")
        let token = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await ServeTests.get(port, "/api/v1/tasks", token: token).status == 200)
        let revoked = try await CommandRunner.capture(["token", "revoke", "leaked"], in: dir.path)
        #expect(revoked.succeeded, "\(revoked.errors)")
        #expect(try await ServeTests.get(port, "/api/v1/tasks", token: token).status == 401)

        let directory = try await CommandRunner.capture(["directory", "import", "\(Fixtures.home)/Samples/directory.yml"], in: dir.path)
        #expect(directory.succeeded, "\(directory.errors)")
        let csv = try dir.write("assessments.csv", Array("officer,period,general_points,sanction\nlan.nt@khanhhoa.gov.vn,2026-03,27.5,\n".utf8))
        let assessed = try await CommandRunner.capture(["assess", "import", csv], in: dir.path)
        #expect(assessed.succeeded, "\(assessed.errors)")
        let closed = try await CommandRunner.capture(["period", "close", "2026-03"], in: dir.path)
        #expect(closed.succeeded, "\(closed.errors)")
        #expect(try bridge.store.scores.closed(period: "2026-03") != nil)
        #expect(try bridge.store.audit.log().contains { $0.action == "token.revoke" })

        // A source's writing run is still refused while the lock is held.
        let sync = try await CommandRunner.capture(["import", "--source", "eoffice", "\(Fixtures.home)/Samples/eoffice/doc-01-100.edxml"], in: dir.path)
        #expect(sync.ending == .exited(1) && sync.errors.contains("is in use by `kpibridge serve`"))
        withExtendedLifetime(held) {}
    }
}

extension LedgerAccessTests {
    /// A row whose value is of the wrong kind is a thrown error naming the column — in a command, one line and a
    /// non-zero exit; in `serve`, a 500 problem — never a crash of the process.
    /// Writes a word where the ledger keeps a count (SQLite keeps what it is given).
    static func corrupt(_ ledger: String) throws {
        let queue = try DatabaseQueue(path: ledger)
        try queue.write { try $0.execute(sql: "UPDATE dead_letter SET attempts = 'many'") }
        try queue.close()
    }

    @Test func aRowWithAWrongTypeIsAThrownErrorNotACrash() async throws {
        let dir = try await Self.ledger()
        let ledger = dir.file("kpibridge.sqlite")
        try Self.corrupt(ledger)
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: ledger, access: .update)
        let error = #expect(throws: LedgerError.self) { try bridge.store.deadLetters.list(includeResolved: true) }
        #expect(error?.description.contains("column attempts: a stored value (text) cannot be read as an integer") == true)

        let listed = try await CommandRunner.capture(["replay", "list"], in: dir.path)
        #expect(listed.ending == .exited(1) && listed.errors.contains("dead_letter: column attempts"), "\(listed.errors)")

        let token = try bridge.store.tokens.create(name: "ops", role: .operator, agencies: [], actor: "test", at: Timestamp(Date()))
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false)
        let (port, server) = await ServeTests.start(service)
        defer { server.cancel() }
        let answer = try await ServeTests.get(port, "/api/v1/dead-letters", token: token)
        #expect(answer.status == 500 && String(decoding: answer.body, as: UTF8.self).contains("column attempts"))
        #expect(try await ServeTests.get(port, "/healthz").status == 200)  // still serving
    }
}
