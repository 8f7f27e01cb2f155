import BridgeLedger
@testable import BridgePostgres
import BridgeTestSupport
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
        try await withProvince(original) { location, address in
            let there = try await CommandRunner.output(["copy", "--from", "sqlite:\(original)", "--to", address])
            #expect(there.contains("copied ") && there.contains("task_revision") && there.contains("every table verified"))
            // Into a ledger that already holds one: refused, nothing changed.
            let again = try await CommandRunner.run(["copy", "--from", "sqlite:\(original)", "--to", address])
            #expect(again == .exited(1))
            // What a copy killed earlier left: cleared, and the ledger appears at its name only once it is whole.
            try "not a ledger".write(toFile: back + ".partial", atomically: true, encoding: .utf8)
            _ = try await CommandRunner.output(["copy", "--from", address, "--to", "sqlite:\(back)"])
            #expect(!FileManager.default.fileExists(atPath: back + ".partial"))
            // Into a SQLite file that exists: refused.
            await #expect(try CommandRunner.run(["copy", "--from", address, "--to", "sqlite:\(back)"]) == .exited(1))
        }
        // Every row of every table, and what users read from them.
        #expect(try rows(back) == (try rows(original)))
        // (Scores at a fixed time: "now" moves between two runs; the stored scores are compared row by row above.)
        for command in [["tasks", "--format", "json"], ["score", "--period", "2026", "--at", "2026-12-31T12:00:00+07:00", "--format", "json"]] {
            let a = try await CommandRunner.output(command + ["--database", "sqlite:\(original)"])
            let b = try await CommandRunner.output(command + ["--database", "sqlite:\(back)"])
            #expect(a == b, "\(command)")
            #expect(!a.isEmpty)
        }
    }

    @Test func newRowsOnPostgreSQLAfterACopyGetFreshNumbers() async throws {
        let dir = try TemporaryDirectory()
        let original = dir.file("original.sqlite")
        try await withProvince(original) { location, address in
            _ = try await CommandRunner.output(["copy", "--from", "sqlite:\(original)", "--to", address])
            // The identity column continues after the copied rows instead of colliding with them.
            try await PostgresTestServer.run(location, "INSERT INTO audit (at, actor, action) VALUES (1796083200000, 'test', 'after-copy')")
            let ids = try await PostgresTestServer.strings(location, "SELECT (max(id) = (SELECT id FROM audit WHERE action = 'after-copy'))::text FROM audit")
            #expect(ids == ["true"])
        }
    }

    @Test func aCopyThatArrivesChangedIsRolledBack() async throws {
        let dir = try TemporaryDirectory()
        let original = dir.file("original.sqlite")
        try await withProvince(original) { location, _ in
            // Something on the server alters what arrives (a trigger here; a faulty disk or proxy in life).
            try await PostgresTestServer.run(location, """
                CREATE FUNCTION tamper() RETURNS trigger AS $$ BEGIN NEW.cause := NEW.cause || '!'; RETURN NEW; END $$ LANGUAGE plpgsql
                """)
            try await PostgresTestServer.run(location, "CREATE TRIGGER tamper BEFORE INSERT ON task_revision FOR EACH ROW EXECUTE FUNCTION tamper()")
            let error = await #expect(throws: PostgresLedgerError.self) {
                try await LedgerCopy().sqliteToPostgres(from: original, to: location)
            }
            #expect(error?.description.hasPrefix("copy not verified, nothing kept: table task_revision has ") == true, "\(error?.description ?? "")")
            #expect(error?.description.hasSuffix(", with other contents") == true)
            #expect(try await PostgresTestServer.strings(location, "SELECT count(*)::text FROM task") == ["0"])
        }
    }

    /// Runs `body` with a simulated province synced into a SQLite ledger at `original` (tasks of four systems,
    /// links, scores, the directory, the audit) and a new PostgreSQL database migrated by `kpibridge migrate`.
    private func withProvince(_ original: String, _ body: (PostgresLocation, String) async throws -> Void) async throws {
        _ = try await CommandRunner.output(["demo", "--once", "--database", original])
        try await PostgresTestServer.withDatabase { location in
            let address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            _ = try await CommandRunner.output(["migrate", "--database", address])
            try await body(location, address)
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

/// The text `COPY` reads: what each value becomes.
struct CopyTextTests {
    @Test func escapesWhatCOPYWouldReadAsItsOwnSyntax() {
        var buffer = ByteBuffer()
        CopyText.append([.integer(-42), .null, .text("a\tb\nc\\d\re Ồ"), .bytes([0x00, 0xAB, 0xFF]), .bytes([])], to: &buffer)
        #expect(String(buffer: buffer) == "-42\t\\N\ta\\tb\\nc\\\\d\\re Ồ\t\\\\x00abff\t\\\\x\n")
    }
}

/// A SQLite value read as the PostgreSQL column it goes to.
struct LedgerValueTests {
    @Test(arguments: [
        // SQLite keeps the ledger's binary bodies in TEXT columns, and any value in any column.
        (SQLiteCell.text("{}"), LedgerValue.Kind.bytes, LedgerValue.bytes([0x7B, 0x7D])),
        (.blob(Array("Đà Lạt".utf8)), .text, .text("Đà Lạt")),
        (.text("17"), .integer, .integer(17)),
        (.integer(5), .text, .text("5")),
        (.null, .bytes, .null),
        (.blob([1, 2]), .bytes, .bytes([1, 2])),
    ])
    func readsAValueAsItsColumnsType(cell: SQLiteCell, kind: LedgerValue.Kind, expected: LedgerValue) throws {
        #expect(try LedgerValue(cell, as: kind) == expected)
    }

    @Test(arguments: [
        (SQLiteCell.text("seventeen"), LedgerValue.Kind.integer),
        (.blob([0xFF, 0xFE]), .text),
        (.integer(3), .bytes),
        (.real(1.5), .integer),
    ])
    func refusesAValueItsColumnCannotTake(cell: SQLiteCell, kind: LedgerValue.Kind) {
        #expect(throws: LedgerValue.Mismatch.self) { try LedgerValue(cell, as: kind) }
    }
}

/// What a copy compares on both ends.
struct TableDigestTests {
    let rows: [[LedgerValue]] = [[.integer(1), .text("a"), .null], [.integer(2), .text("b"), .bytes([0])], [.integer(3), .text("c"), .bytes([])]]

    func digest(_ rows: [[LedgerValue]]) -> TableDigest {
        var digest = TableDigest()
        for row in rows { digest.add(row) }
        return digest
    }

    @Test func theSameRowsInAnyOrderGiveTheSameDigest() {
        #expect(digest(rows) == digest(rows.reversed()))
        #expect(digest(rows) == digest([rows[1], rows[0], rows[2]]))
    }

    @Test func aRowMissingRepeatedOrChangedGivesAnother() {
        #expect(digest(rows) != digest(Array(rows.dropLast())))
        #expect(digest(rows + [rows[0]]) != digest(rows))
        // Same count, one row repeated in place of another.
        #expect(digest([rows[0], rows[0], rows[2]]) != digest(rows))
        var changed = rows
        changed[1][1] = .text("B")
        #expect(digest(changed) != digest(rows))
        // The same text as bytes, a null as an empty text: other values.
        changed = rows
        changed[0][1] = .bytes(Array("a".utf8))
        #expect(digest(changed) != digest(rows))
        changed = rows
        changed[0][2] = .text("")
        #expect(digest(changed) != digest(rows))
    }
}
