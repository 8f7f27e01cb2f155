import BridgeLedger
import BridgeModel
import Foundation
import GRDBSQLite

/// The benchmark's floor for the ledger: rows inserted through SQLite's C API with one prepared statement in one
/// transaction, WAL mode, into a fresh file — the least work any pipeline storing records in SQLite can do.
public enum SQLiteInsertFloor {
    /// Inserts `rows` rows of (key, body) where `row(i)` gives each; returns the seconds it took.
    public static func run(path: String, rows: Int, row: (Int) -> (key: String, body: String)) throws -> Double {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw LedgerError("floor: cannot open \(path)") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw LedgerError("floor: \(String(cString: sqlite3_errmsg(db)))") }
        }
        try exec("PRAGMA journal_mode=WAL; CREATE TABLE record (id INTEGER PRIMARY KEY, key TEXT NOT NULL, body TEXT NOT NULL)")
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let started = ContinuousClock.now
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO record (key, body) VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK else {
            throw LedgerError("floor: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        try exec("BEGIN")
        for i in 0..<rows {
            let (key, body) = row(i)
            sqlite3_bind_text(statement, 1, key, -1, transient)
            sqlite3_bind_text(statement, 2, body, -1, transient)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw LedgerError("floor: \(String(cString: sqlite3_errmsg(db)))") }
            sqlite3_reset(statement)
        }
        try exec("COMMIT")
        return started.duration(to: .now).seconds
    }
}
