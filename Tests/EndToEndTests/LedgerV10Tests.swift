import BridgeApp
import BridgeDemo
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// A ledger written by the release before facts and projections (schema v10) opens, migrates, and prints what
/// that release printed for it (`Tests/Fixtures/ledger-v10/README.md` says how the files were made).
struct LedgerV10Tests {
    static let fixture = "\(Fixtures.home)/Tests/Fixtures/ledger-v10"

    /// The expected output, as the v10 release printed it.
    static func expected(_ name: String) throws -> String { try String(contentsOfFile: "\(fixture)/\(name)", encoding: .utf8) }

    @Test func aV10LedgerMigratesAndGivesTheSameTasksAndScores() async throws {
        let dir = try TemporaryDirectory()
        let database = dir.file("v10.sqlite")
        try FileManager.default.copyItem(atPath: "\(Self.fixture)/v10.sqlite", toPath: database)
        let config = try dir.write("kpibridge.yml", Array(SimulatorSetup.configYAML(port: 9, home: Fixtures.home).utf8))
        // The scoring policy and catalogue are read from `Mappings/` beside the configuration, as they were.
        try FileManager.default.createSymbolicLink(atPath: dir.file("Mappings"), withDestinationPath: "\(Fixtures.home)/Mappings")
        let common = ["--config", config, "--database", "sqlite:\(database)"]
        // Reading commands never migrate: the upgrade is one explicit step.
        await #expect(try CommandRunner.output(["migrate"] + common).contains("migrated from schema v10-task-block-check to v24-officers"))
        // Every patch, task and revision was written as JSON by v10; after the migration none is.
        let json = try await DatabaseQueue(path: database).read { db in
            try ["task_patch", "task", "task_revision"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0) WHERE substr(body, 1, 1) = '{'")! }
        }
        #expect(json == [0, 0, 0])
        await #expect(try CommandRunner.output(["tasks", "--format", "json"] + common) == (try Self.expected("tasks.json")))
        await #expect(try CommandRunner.output(["score", "--period", "2026-03", "--format", "json"] + common) == (try Self.expected("score-2026-03-closed.json")))
        await #expect(try CommandRunner.output(["score", "--period", "2026-Q1", "--at", "2026-04-30T00:00:00+07:00", "--format", "json"] + common)
            == (try Self.expected("score-2026-Q1.json")))
        await #expect(try CommandRunner.output(["score", "--period", "2026-04", "--at", "2026-05-31T00:00:00+07:00", "--format", "json"] + common)
            == (try Self.expected("score-2026-04.json")))
        // The stored scores migrated with it are owed again and read through the one scoring path: the same
        // numbers as computed in memory at the same instant.
        let stored = try await CommandRunner.output(["score", "--period", "2026-Q1", "--format", "json"] + common)
        let now = try #require(stored.split(separator: "\n").first { $0.contains("evaluatedAt") }).split(separator: "\"")[3]
        let computed = try await CommandRunner.output(["score", "--period", "2026-Q1", "--at", String(now), "--format", "json"] + common)
        #expect(stored == computed)
        // The directory it held is kept as the first directory version.
        let history = try await CommandRunner.output(["directory", "history"] + common)
        #expect(history.contains("directory before v11") && history.contains("migration"))
        // And a rebuild from the facts alone changes none of it.
        _ = try await CommandRunner.output(["rebuild"] + common)
        await #expect(try CommandRunner.output(["tasks", "--format", "json"] + common) == (try Self.expected("tasks.json")))
        await #expect(try CommandRunner.output(["score", "--period", "2026-Q1", "--at", "2026-04-30T00:00:00+07:00", "--format", "json"] + common)
            == (try Self.expected("score-2026-Q1.json")))
    }
}
