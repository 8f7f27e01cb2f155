import BridgeLedger
import BridgeTesting
@testable import BridgePostgres
import Testing

/// How the ledger's SQL becomes PostgreSQL's: placeholders numbered, multi-row statements cut to size.
struct PostgresSQLTests {
    @Test(arguments: [
        ("SELECT ?, ?", "SELECT $1, $2"),
        ("WHERE a = ?1 OR b = ?1 AND c = ?", "WHERE a = $1 OR b = $1 AND c = $2"),
        ("SELECT '?' || \"?\" || ?", "SELECT '?' || \"?\" || $1"),
        ("INSERT INTO t (a) VALUES (?2), (?1)", "INSERT INTO t (a) VALUES ($2), ($1)"),
    ])
    func placeholdersAreNumberedAsSQLiteNumbersThem(sql: String, expected: String) {
        #expect(PostgresSQL.translate(sql) == expected)
    }

    @Test func valueListsNumberEveryRowAndSplitAtAThousandRows() {
        let rows: [[(any SQLBindable)?]] = (0..<2_001).map { ["k\($0)", $0] }
        let statements = PostgresSQL.valueLists("INSERT INTO t (a, b) VALUES", rows, "ON CONFLICT DO NOTHING")
        #expect(statements.map(\.arguments.count) == [2_000, 2_000, 2])
        #expect(statements[2].sql == "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        #expect(statements[0].sql.hasPrefix("INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"))
        #expect(statements[0].sql.hasSuffix("($1999, $2000) ON CONFLICT DO NOTHING"))
        #expect(PostgresSQL.valueLists("INSERT INTO t (a) VALUES", [], "").isEmpty)
    }

    @Test func wideRowsStayUnderThirtyThousandValuesAStatement() {
        let rows: [[(any SQLBindable)?]] = (0..<1_000).map { _ in (0..<40).map { _ in "v" } }
        let statements = PostgresSQL.valueLists("INSERT INTO t VALUES", rows, "")
        #expect(statements.map { $0.arguments.count / 40 } == [750, 250])
    }
}

/// Reads through the pool: a read's own failure comes back as it was thrown, the database's as a one-line
/// `LedgerSQLError`, and the pooled connection is fit for the next read either way.
@Suite(.serialized)
struct PostgresReadPoolTests {
    struct Refused: Error, Equatable {}

    @Test(.enabled(if: PostgresTestServer.isAvailable))
    func aReadsOwnFailureIsItsAndTheDatabasesIsOneLine() async throws {
        try await PostgresTestServer.withDatabase { location in
            let backend = try PostgresBackend(location: location)
            defer { backend.close() }
            #expect(throws: Refused()) { try backend.read { _ in throw Refused() } }
            let error = #expect(throws: LedgerSQLError.self) { try backend.read { db in try db.execute(sql: "SELECT * FROM no_such_table", arguments: []) } }
            #expect(error.map { "\($0)" }?.contains("no_such_table") == true)
            #expect(!("\(String(describing: error))".contains("\n")))
            #expect(try backend.read { db in try Int.fetchOne(db, sql: "SELECT 1 + 1") } == 2)
            // Closed, it opens a new pool when read again.
            backend.close()
            #expect(try backend.read { db in try Int.fetchOne(db, sql: "SELECT 40 + 2") } == 42)
        }
    }
}
