@testable import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The record types are the ledger's tables as Swift values: each names real columns on both databases, covers
/// every column of its table, reads back what it writes, and turns a wrong value into an error naming the table
/// and the column.
struct LedgerRecordTests {
    static let time = Timestamp(iso8601: "2026-04-01T08:00:00.123+07:00")!

    /// The record read back from its own values, as a database would hand them over.
    static func roundTrip<R: LedgerRecord>(_ record: R) throws -> R {
        let row = LedgerRow(columns: R.columns, values: record.values.map { $0?.sqlValue ?? .null })
        return try R.read(row)
    }

    @Test(arguments: TestLedger.available)
    func everyRecordNamesTheColumnsOfItsTableOnBothDatabases(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store, _ in
            try store.database.read { db in
                for record in Table.all {
                    // Every named column exists (the statement fails otherwise), on SQLite and on PostgreSQL.
                    try db.forEachRow(sql: record.select("1 = 0", ""), arguments: []) { _ in }
                    #expect(Set(record.key).isSubset(of: record.columns), "\(record.table)")
                }
            }
        }
    }

    @Test func everyTableHasARecordThatCoversAllItsColumns() throws {
        let store = try LedgerStore(database: try .inMemory())
        try store.database.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name")
            #expect(tables == Table.all.map { $0.table }.sorted())
            for record in Table.all {
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [record.table])
                #expect(Set(columns) == Set(record.columns + (record.generatedId.map { [$0] } ?? [])), "\(record.table)")
            }
        }
    }

    @Test func aRecordReadsBackWhatItWrites() throws {
        var task = UnifiedTask(key: TaskKey("eoffice/1"))
        task.agency = "SNV"
        task.dueAt = Self.time
        let row = Table.Task(task, revision: 3, body: Data("{}".utf8), at: Self.time)
        #expect(try Self.roundTrip(row) == row)

        let score = Table.Score(
            ScorePair(officer: "cb-1", period: "2026-03"),
            DerivedScore(
                body: "{}", fingerprint: "numbers total=1", staleAt: Self.time,
                columns: .init(agency: "SNV", unit: "P1", block: "state", level: "good", totalMicros: 91_500_000, assignedTasks: 4, provisional: true)),
            evaluatedAt: Self.time)
        #expect(try Self.roundTrip(score) == score)

        let letter = Table.DeadLetter(
            source: "eoffice", payloadHash: String(repeating: "a", count: 64),
            letter: DeadLetterInput(failureClass: .mapping, recordId: "r9", reason: "no status", mappingId: "m", mappingVersion: 2), origin: "a.xml",
            at: Self.time)
        #expect(try Self.roundTrip(letter) == letter)

        let decision = Table.ReconcileDecision(ReconcileDecision(
            sequence: 0, action: .link, task: TaskKey("a/1"), other: TaskKey("b/2"), field: nil, source: nil, value: nil, evidence: "CV 12",
            actor: "admin", reason: "same document", at: Self.time))
        #expect(try Self.roundTrip(decision) == decision)
    }

    @Test func aValueOfTheWrongKindNamesTheTableAndTheColumn() throws {
        var values = Table.Task.columns.map { _ in SQLValue.text("x") }
        values[Table.Task.columns.firstIndex(of: "revision")!] = .text("three")
        let error = #expect(throws: LedgerSQLError.self) { try Table.Task.read(LedgerRow(columns: Table.Task.columns, values: values)) }
        #expect(error?.description == "task: column revision: a stored value (text) cannot be read as an integer")

        var instant = Table.Audit(at: Self.time, actor: "a", action: "b", subject: nil, detail: nil).values.map { $0?.sqlValue ?? .null }
        instant[0] = .text("yesterday")
        let bad = #expect(throws: LedgerSQLError.self) { try Table.Audit.read(LedgerRow(columns: Table.Audit.columns, values: instant)) }
        #expect(bad?.description == "audit: column at: a stored value (text) cannot be read as an integer")
    }

    @Test func anUpsertSetsEveryColumnButTheKey() {
        #expect(OnConflict.update.clause(Table.TaskOfficer.self) == "ON CONFLICT DO NOTHING")
        #expect(OnConflict.update.clause(Table.SourceState.self)
            == "ON CONFLICT (source) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at")
        #expect(OnConflict.ignore.clause(Table.Score.self) == "ON CONFLICT DO NOTHING")
    }
}
