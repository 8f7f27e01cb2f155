import Foundation
import GRDB

/// `LedgerSQL` on one SQLite connection inside a GRDB transaction. Statements go through the connection's
/// statement cache (the hot path's are compiled once per connection, not once per record); GRDB's errors become
/// `LedgerSQLError`s in one line.
struct SQLiteConnection: LedgerSQL {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(sql: String, arguments: [(any SQLBindable)?]) throws -> Int {
        try Self.mapped {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
            return db.changesCount
        }
    }

    func forEachRow(sql: String, arguments: [(any SQLBindable)?], cached: Bool, _ body: (LedgerRow) throws -> Void) throws {
        try Self.mapped {
            let statement = cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            let columns = statement.columnNames
            let rows = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
            while let row = try rows.next() {
                try body(LedgerRow(columns: columns, values: row.databaseValues.map(Self.value)))
            }
        }
    }

    func executeLater(sql: String, arguments: [(any SQLBindable)?]) throws { try execute(sql: sql, arguments: arguments) }

    func queryLater(sql: String, arguments: [(any SQLBindable)?]) throws -> PendingRows {
        let rows = try rows(sql: sql, arguments: arguments)
        return PendingRows { rows }
    }

    func flush() throws {}

    func insertLater(_ insert: String, rows: [[(any SQLBindable)?]], suffix: String) throws {
        guard let first = rows.first else { return }
        let sql = Self.singleRow(insert, columns: first.count, suffix: suffix)
        for row in rows { try execute(sql: sql, arguments: row) }
    }

    func insertNew(into table: String, columns: [String], rows: [[(any SQLBindable)?]], key: [String], id: String?) throws -> [Int64?] {
        guard let first = rows.first else { return [] }
        let sql = Self.singleRow("INSERT INTO \(table) (\(columns.joined(separator: ", ")))", columns: first.count, suffix: "ON CONFLICT DO NOTHING")
        return try rows.map { row in
            try execute(sql: sql, arguments: row) > 0 ? (id == nil ? 0 : db.lastInsertedRowID) : nil
        }
    }

    func deleteLater(from table: String, key: [String], rows: [[(any SQLBindable)?]]) throws {
        guard !rows.isEmpty else { return }
        let sql = "DELETE FROM \(table) WHERE " + key.map { "\($0) = ?" }.joined(separator: " AND ")
        for row in rows { try execute(sql: sql, arguments: row) }
    }

    /// `INSERT INTO t (…) VALUES (?, …) suffix`.
    static func singleRow(_ insert: String, columns: Int, suffix: String) -> String {
        "\(insert) VALUES (\(Array(repeating: "?", count: columns).joined(separator: ", "))) \(suffix)"
    }

    /// One process writes a SQLite ledger at a time (`LedgerLock`): it holds every lease.
    func holdsLease(_ name: String) throws -> Bool { true }
    func tryLease(_ name: String) throws -> Bool { true }

    /// Runs `body`, turning GRDB's errors into `LedgerSQLError`s.
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw LedgerSQLError(explain(error))
        }
    }

    /// What a database error means for an operator.
    static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_FULL: "the disk is full (SQLITE_FULL); free space and run again"
        case .SQLITE_READONLY: "the database is read-only (SQLITE_READONLY); check the file's permissions"
        case .SQLITE_CANTOPEN: "the database file cannot be opened (SQLITE_CANTOPEN)"
        case .SQLITE_IOERR: "a disk I/O error (SQLITE_IOERR): \(error.message ?? "")"
        default: error.message ?? "\(error.resultCode)"
        }
    }

    private static func arguments(_ values: [(any SQLBindable)?]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value?.sqlValue ?? .null {
            case .null: .null
            case .integer(let v): v.databaseValue
            case .real(let v): v.databaseValue
            case .text(let v): v.databaseValue
            case .blob(let v): v.databaseValue
            }
        })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(v)
        }
    }
}
