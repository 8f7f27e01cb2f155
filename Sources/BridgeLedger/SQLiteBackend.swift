import GRDB

/// `LedgerBackend` on a GRDB writer: a pool for a ledger file (readers beside one writer, in WAL mode), a queue
/// for a ledger in memory.
struct SQLiteBackend: LedgerBackend {
    let writer: any DatabaseWriter

    func read<T>(_ body: (any LedgerSQL) throws -> T) throws -> T {
        try SQLiteConnection.mapped { try writer.read { try body(SQLiteConnection(db: $0)) } }
    }

    func write<T>(rollback: Bool, _ body: (any LedgerSQL) throws -> T) throws -> T {
        try SQLiteConnection.mapped {
            guard rollback else { return try writer.write { try body(SQLiteConnection(db: $0)) } }
            var result: T?
            try writer.writeWithoutTransaction { db in
                try db.inTransaction {
                    result = try body(SQLiteConnection(db: db))
                    return .rollback
                }
            }
            return result!
        }
    }
}
