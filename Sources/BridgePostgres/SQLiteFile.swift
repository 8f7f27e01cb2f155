import Foundation
import GRDBSQLite

/// One value of a SQLite row.
enum SQLiteCell: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A SQLite ledger file through SQLite's C API, for copying whole tables: rows are read one at a time and written
/// through one prepared statement, outside GRDB's closures, because a copy awaits PostgreSQL between rows.
final class SQLiteFile {
    private let db: OpaquePointer
    let path: String

    init(path: String, readOnly: Bool) throws {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw PostgresLedgerError("\(path): cannot open the SQLite ledger")
        }
        db = handle
        self.path = path
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { sqlite3_close(db) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    /// The first column of the first row of `sql` as text, or nil.
    func text(_ sql: String) throws -> String? {
        let rows = try Rows(self, sql)
        guard let row = try rows.next(), case .text(let value) = row.first else { return nil }
        return value
    }

    /// The columns of `table`, in their order.
    func columns(of table: String) throws -> [String] {
        var out: [String] = []
        let rows = try Rows(self, "SELECT name FROM pragma_table_info('\(table)') ORDER BY cid")
        while let row = try rows.next() { if case .text(let name) = row[0] { out.append(name) } }
        guard !out.isEmpty else { throw PostgresLedgerError("\(path): no table \(table) (a SQLite ledger of another release?)") }
        return out
    }

    fileprivate func prepare(_ sql: String) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw failure(sql) }
        return statement
    }

    fileprivate func failure(_ doing: String) -> PostgresLedgerError {
        PostgresLedgerError("\(path): \(String(cString: sqlite3_errmsg(db))) (\(doing.prefix(80)))")
    }

    /// The rows of a query, one at a time.
    final class Rows {
        private let file: SQLiteFile
        private let statement: OpaquePointer

        init(_ file: SQLiteFile, _ sql: String) throws {
            self.file = file
            statement = try file.prepare(sql)
        }

        deinit { sqlite3_finalize(statement) }

        func next() throws -> [SQLiteCell]? {
            switch sqlite3_step(statement) {
            case SQLITE_DONE: return nil
            case SQLITE_ROW: break
            default: throw file.failure("reading")
            }
            return (0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
                case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
                    return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
                default: return .null
                }
            }
        }
    }

    /// An INSERT into one table, prepared once.
    final class Inserter {
        private let file: SQLiteFile
        private let statement: OpaquePointer

        init(_ file: SQLiteFile, table: String, columns: [String]) throws {
            self.file = file
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            statement = try file.prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))")
        }

        deinit { sqlite3_finalize(statement) }

        func insert(_ cells: [SQLiteCell]) throws {
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (index, cell) in cells.enumerated() {
                let position = Int32(index + 1)
                switch cell {
                case .null: sqlite3_bind_null(statement, position)
                case .integer(let value): sqlite3_bind_int64(statement, position, value)
                case .real(let value): sqlite3_bind_double(statement, position, value)
                case .text(let value): sqlite3_bind_text(statement, position, value, -1, transient)
                case .blob(let value) where value.isEmpty: sqlite3_bind_zeroblob(statement, position, 0)  // a nil pointer would bind NULL
                case .blob(let value): _ = value.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), transient) }
                }
            }
            defer { sqlite3_reset(statement) }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw file.failure("writing") }
        }
    }
}
