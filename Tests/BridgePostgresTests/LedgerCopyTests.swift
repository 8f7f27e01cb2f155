import BridgeLedger
@testable import BridgePostgres
import BridgeTesting
import Foundation
import GRDB
import PostgresNIO
import Testing

/// `kpibridge copy`: a simulated province SQLite → PostgreSQL → SQLite, unchanged, against a real server.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "KPIBRIDGE_TEST_POSTGRES names no server (.ci/run starts one)"))
struct LedgerCopyTests {
    @Test func aSimulatedProvinceRoundTripsUnchanged() async throws {
        let dir = try TemporaryDirectory()
        let original = dir.file("original.sqlite")
        let back = dir.file("back.sqlite")
        // A province synced from the simulator: tasks of four systems, links, scores, the directory, the audit.
        _ = try CommandRunner.output(["demo", "--once", "--database", original])
        try await PostgresTestServer.withDatabase { location in
            let address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            _ = try CommandRunner.output(["migrate", "--database", address])
            let there = try CommandRunner.output(["copy", "--from", "sqlite:\(original)", "--to", address])
            #expect(there.contains("copied ") && there.contains("task_revision"))
            // Into a ledger that already holds one: refused, nothing changed.
            let again = try CommandRunner.run(["copy", "--from", "sqlite:\(original)", "--to", address])
            #expect(again == .exited(1))
            _ = try CommandRunner.output(["copy", "--from", address, "--to", "sqlite:\(back)"])
            // Into a SQLite file that exists: refused.
            #expect(try CommandRunner.run(["copy", "--from", address, "--to", "sqlite:\(back)"]) == .exited(1))
        }
        // Every row of every table, and what users read from them.
        #expect(try rows(back) == (try rows(original)))
        // (Scores at a fixed time: "now" moves between two runs; the stored scores are compared row by row above.)
        for command in [["tasks", "--format", "json"], ["score", "--period", "2026", "--at", "2026-12-31T12:00:00+07:00", "--format", "json"]] {
            let a = try CommandRunner.output(command + ["--database", "sqlite:\(original)"])
            let b = try CommandRunner.output(command + ["--database", "sqlite:\(back)"])
            #expect(a == b, "\(command)")
            #expect(!a.isEmpty)
        }
    }

    @Test func newRowsOnPostgreSQLAfterACopyGetFreshNumbers() async throws {
        let dir = try TemporaryDirectory()
        let original = dir.file("original.sqlite")
        _ = try CommandRunner.output(["demo", "--once", "--database", original])
        try await PostgresTestServer.withDatabase { location in
            let address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            _ = try CommandRunner.output(["migrate", "--database", address])
            _ = try CommandRunner.output(["copy", "--from", "sqlite:\(original)", "--to", address])
            // The identity column continues after the copied rows instead of colliding with them.
            try await PostgresTestServer.run(location, "INSERT INTO audit (at, actor, action) VALUES ('2026-11-30T00:00:00Z', 'test', 'after-copy')")
            let ids = try await PostgresTestServer.strings(location, "SELECT (max(id) = (SELECT id FROM audit WHERE action = 'after-copy'))::text FROM audit")
            #expect(ids == ["true"])
        }
    }

    /// Every table's rows, each table sorted, as text.
    private func rows(_ path: String) throws -> [String: [String]] {
        try DatabaseQueue(path: path).read { db in
            var out: [String: [String]] = [:]
            for table in PostgresSchema.tables {
                out[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { row in
                    row.databaseValues.map { value in
                        switch value.storage {
                        case .null: "NULL"
                        case .int64(let number): "i\(number)"
                        case .double(let number): "r\(number)"
                        case .string(let text): "t\(text)"
                        case .blob(let data): "b" + data.map { String(format: "%02x", $0) }.joined()
                        }
                    }.joined(separator: "|")
                }.sorted()
            }
            return out
        }
    }
}

/// The text `COPY` reads: what each value becomes in its column's type.
struct CopyTextTests {
    @Test func escapesWhatCOPYWouldReadAsItsOwnSyntax() throws {
        var buffer = ByteBuffer()
        try CopyText.append(
            [.integer(-42), .null, .text("a\tb\nc\\d\re Ồ"), .blob([0x00, 0xAB, 0xFF]), .blob([])],
            as: [.integer, .bytes, .text, .bytes, .bytes], to: &buffer)
        #expect(String(buffer: buffer) == "-42\t\\N\ta\\tb\\nc\\\\d\\re Ồ\t\\\\x00abff\t\\\\x\n")
    }

    @Test func writesEachValueAsItsColumnsType() throws {
        // SQLite keeps the ledger's binary bodies in TEXT columns, and any value in any column.
        var buffer = ByteBuffer()
        try CopyText.append([.text("{}"), .blob(Array("Đà Lạt".utf8)), .text("17"), .integer(5)], as: [.bytes, .text, .integer, .text], to: &buffer)
        #expect(String(buffer: buffer) == "\\\\x7b7d\tĐà Lạt\t17\t5\n")
    }

    @Test(arguments: [
        (SQLiteCell.text("seventeen"), CopyText.Kind.integer),
        (.blob([0xFF, 0xFE]), .text),
        (.integer(3), .bytes),
        (.real(1.5), .integer),
    ])
    func refusesAValueItsColumnCannotTake(cell: SQLiteCell, kind: CopyText.Kind) {
        var buffer = ByteBuffer()
        let error = #expect(throws: CopyText.Mismatch.self) { try CopyText.append([.integer(1), cell], as: [.integer, kind], to: &buffer) }
        #expect(error?.column == 1)
    }
}
