import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The command line gives the same output on a SQLite ledger and on a PostgreSQL one, command after command:
/// imports (twice), lists, one task's history, dead letters and a dry-run replay, scores and an explanation,
/// assessments, a period closed, a rebuild, a directory import and the reconciliation queue. Only the instants
/// the bridge stamps with the wall clock differ.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "KPIBRIDGE_TEST_POSTGRES names no server"))
struct LedgerParityTests {
    static func commands(_ dir: TemporaryDirectory) throws -> [[String]] {
        let samples = try Fixtures.eofficeSamples()
        let assessments = try dir.write("assess.csv", Array("officer,period,general_points,sanction\nlan.nt@khanhhoa.gov.vn,2026-03,27.5,false\n".utf8))
        let march = ["--period", "2026-03", "--at", "2026-04-30"]
        return [
            ["import", "--source", "eoffice"] + samples,
            ["import", "--source", "eoffice"] + samples,
            ["tasks", "--format", "json"],
            ["tasks", "--status", "completed", "--format", "csv"],
            ["task", "000.00.00.H34,2026/04/01,245/UBND-NC@000.00.12.H34"],
            ["replay", "list"],
            ["replay", "show", "1"],
            ["replay", "run", "--all", "--dry-run"],
            ["score", "--format", "json"] + march,
            ["explain", "lan.nt@khanhhoa.gov.vn"] + march,
            ["assess", "import", assessments],
            ["score", "--period", "2026-Q1", "--at", "2026-04-30", "--format", "json"],
            ["period", "close", "2026-03"],
            ["rebuild"],
            ["score", "--format", "json"] + march,
            ["directory", "import", "Samples/directory.yml"],
            ["reconcile", "list"],
            ["score"] + march,
        ]
    }

    /// Every command's exit, output and errors, with the ledger's address and today's instants blanked.
    static func transcript(_ address: String, _ commands: [[String]]) async throws -> [String] {
        let today = DateFormatter()
        today.dateFormat = "yyyy-MM-dd"
        today.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        let stamp = try Regex("\(today.string(from: Date()))T[0-9:.]+\\+07:00")
        var out: [String] = []
        for arguments in commands {
            let run = try await CommandRunner.capture(arguments + ["--database", address], in: Fixtures.home)
            out.append("\(arguments.first!) \(run.ending)\n\(run.output)\(run.errors)".replacing(address, with: "LEDGER").replacing(stamp, with: "NOW"))
        }
        return out
    }

    /// The one-stop system's dossiers: imports, the report in every format, a rebuild — the same on both stores.
    @Test func theDossiersAndTheirReportAreTheSameOnBothStores() async throws {
        let dir = try TemporaryDirectory()
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: motcua, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/motcua-dossiers.yml, block: state }
            """.utf8))
        let december = ["--period", "2026-12", "--at", "2026-12-31T12:00:00", "--config", config]
        let commands: [[String]] = [
            ["import", "--source", "motcua", "--config", config, "\(Fixtures.home)/Samples/motcua/page-1.json"],
            ["import", "--source", "motcua", "--config", config, "\(Fixtures.home)/Samples/motcua/page-1.json"],
            ["services", "report", "--format", "json"] + december,
            ["services", "report", "--format", "csv"] + december,
            ["rebuild", "--config", config],
            ["services", "report"] + december,
        ]
        let sqlite = try await TestLedger.sqlite.withStore(in: dir) { _, address in try await Self.transcript(address, commands) }
        let postgres = try await TestLedger.postgres.withStore(in: dir) { _, address in try await Self.transcript(address, commands) }
        #expect(sqlite[2].contains("\"onTimeRate\" : 0.5"), "\(sqlite[2])")
        for (index, (a, b)) in zip(sqlite, postgres).enumerated() {
            #expect(a == b, "command \(index + 1): \(commands[index].prefix(3).joined(separator: " "))")
        }
    }

    @Test func everyCommandPrintsTheSameOnBothStores() async throws {
        let dir = try TemporaryDirectory()
        let commands = try Self.commands(dir)
        let sqlite = try await TestLedger.sqlite.withStore(in: dir) { _, address in try await Self.transcript(address, commands) }
        let postgres = try await TestLedger.postgres.withStore(in: dir) { _, address in try await Self.transcript(address, commands) }
        #expect(sqlite.count == commands.count)
        for (index, (a, b)) in zip(sqlite, postgres).enumerated() {
            #expect(a == b, "command \(index + 1): \(commands[index].prefix(3).joined(separator: " "))")
        }
        #expect(sqlite.allSatisfy { $0.contains(" exited(0)\n") }, "\(sqlite.filter { !$0.contains(" exited(0)\n") })")
    }
}
