import BridgeLedger
import BridgeModel
import Foundation
import GRDBSQLite

/// The benchmark's floor for what the ledger stores: rows an ingest wrote — its facts, its projections, and the
/// projector's queue entries made and taken off — written again into a fresh ledger of the same schema through
/// SQLite's C API, the values already in memory, one prepared INSERT per table, one transaction. Any pipeline that
/// keeps the same rows in SQLite does at least this much work on its writing core.
public enum LedgerWriteFloor {
    /// One table's share of the rows.
    public struct Part: Sendable {
        /// Where the rows go.
        public var table: String
        /// Which rows of the source ledger, in the table's column order.
        public var select: String
        /// A queue: the rows are inserted, then taken off again in one statement (the projector takes them off
        /// one by one: this is cheaper).
        public var transient: Bool

        public init(table: String, select: String, transient: Bool = false) {
            self.table = table
            self.select = select
            self.transient = transient
        }
    }

    /// What a run wrote and how long the writing took (reading the source is not counted).
    public struct Outcome: Sendable {
        public var seconds = 0.0
        public var rows = 0
        /// What `counting` answered: the records these rows stand for.
        public var records = 0
        /// Seconds spent writing each part's table, the commit under "commit".
        public var tables: [String: Double] = [:]
    }

    /// Runs `setup` on `source` (temporary tables naming the rows, untimed), then writes each part's rows into
    /// `destination`, an empty ledger already migrated, with the bridge's own settings (WAL, `synchronous =
    /// NORMAL`, its cache size). `counting` (one integer, asked of the source after the setup) names how many records
    /// the rows stand for.
    public static func run(source: String, destination: String, setup: String, counting: String, parts: [Part]) throws -> Outcome {
        let from = try open(source)
        defer { sqlite3_close(from) }
        let to = try open(destination)
        defer { sqlite3_close(to) }
        try exec(from, setup)
        var outcome = Outcome()
        let count = try prepare(from, counting)
        guard sqlite3_step(count) == SQLITE_ROW else { sqlite3_finalize(count); throw error(from, counting) }
        outcome.records = Int(sqlite3_column_int64(count, 0))
        sqlite3_finalize(count)
        try exec(to, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384; PRAGMA cache_size = -65536")
        let clock = ContinuousClock()
        try exec(to, "BEGIN")
        for part in parts {
            var writing = Duration.zero
            let select = try prepare(from, part.select)
            defer { sqlite3_finalize(select) }
            let columns = sqlite3_column_count(select)
            let marks = Array(repeating: "?", count: Int(columns)).joined(separator: ", ")
            let insert = try prepare(to, "INSERT INTO \(part.table) VALUES (\(marks))")
            defer { sqlite3_finalize(insert) }
            var done = false
            while !done {
                // Up to 20,000 rows read into memory (untimed), then written (timed).
                var values: [OpaquePointer?] = []
                while values.count < 20_000 * Int(columns) {
                    let step = sqlite3_step(select)
                    if step == SQLITE_DONE { done = true; break }
                    guard step == SQLITE_ROW else { throw error(from, "reading \(part.table)") }
                    for column in 0..<columns { values.append(sqlite3_value_dup(sqlite3_column_value(select, column))) }
                }
                defer { values.forEach { sqlite3_value_free($0) } }
                writing += try clock.measure {
                    for start in stride(from: 0, to: values.count, by: Int(columns)) {
                        for column in 0..<Int(columns) { sqlite3_bind_value(insert, Int32(column + 1), values[start + column]) }
                        guard sqlite3_step(insert) == SQLITE_DONE else { throw error(to, "writing \(part.table)") }
                        sqlite3_reset(insert)
                    }
                }
                outcome.rows += values.count / Int(columns)
            }
            if part.transient { writing += try clock.measure { try exec(to, "DELETE FROM \(part.table)") } }
            outcome.tables[part.table, default: 0] += writing.seconds
        }
        outcome.tables["commit"] = try clock.measure { try exec(to, "COMMIT") }.seconds
        outcome.seconds = outcome.tables.values.reduce(0, +)
        return outcome
    }

    private static func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            throw LedgerError("ledger floor: cannot open \(path)")
        }
        return db
    }

    private static func exec(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw error(db, sql.prefix(60).description) }
    }

    private static func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw error(db, sql.prefix(60).description) }
        return statement
    }

    private static func error(_ db: OpaquePointer, _ doing: String) -> LedgerError {
        LedgerError("ledger floor: \(doing): \(String(cString: sqlite3_errmsg(db)))")
    }
}
