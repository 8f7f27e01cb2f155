import BridgeLedger
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `LedgerSQL` on one PostgreSQL connection inside an open transaction. A statement whose result is needed is
/// waited for on the calling thread (never an event loop's, never a task's: `PostgresBackend` runs transactions
/// on its own threads), after every statement sent before it; the others (`executeLater`, `insertLater`) are sent
/// without waiting and checked at the next wait, so many go out in one round trip. The ledger's statements are
/// translated once from `?`/`?N` placeholders to `$N`.
final class PostgresSQL: LedgerSQL {
    let connection: PostgresConnection
    let logger: Logger
    /// Statements sent and not waited for (`executeLater`), oldest first.
    private var pending: [(sql: String, result: EventLoopFuture<PostgresQueryResult>)] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(sql: String, arguments: [(any SQLBindable)?]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func executeLater(sql: String, arguments: [(any SQLBindable)?]) throws {
        pending.append((sql, send(sql, arguments)))
    }

    func queryLater(sql: String, arguments: [(any SQLBindable)?]) throws -> PendingRows {
        let result = send(sql, arguments)
        pending.append((sql, result))
        return PendingRows { [self] in
            try flush()
            return try Self.rows(try Self.wait(result, sql))
        }
    }

    func insertLater(_ insert: String, rows: [[(any SQLBindable)?]], suffix: String) throws {
        for (sql, arguments) in Self.valueLists("\(insert) VALUES", rows, suffix) { pending.append((sql, send(translated: sql, arguments))) }
    }

    func insertNew(into table: String, columns: [String], rows: [[(any SQLBindable)?]], key: [String], id: String?) throws -> [Int64?] {
        let positions = key.map { name in columns.firstIndex(of: name)! }
        let returning = (key + (id.map { [$0] } ?? [])).joined(separator: ", ")
        let sent = Self.valueLists("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES", rows, "ON CONFLICT DO NOTHING RETURNING \(returning)")
            .map { statement in
                let result = send(translated: statement.sql, statement.arguments)
                pending.append((statement.sql, result))
                return (statement.sql, result)
            }
        try flush()
        // The inserted rows by key; each given to the first row of the call with that key.
        var inserted: [[SQLValue]: Int64] = [:]
        for (sql, result) in sent {
            for row in try Self.rows(try Self.wait(result, sql)) {
                inserted[Array(row.values.prefix(key.count))] = id == nil ? 0 : try Int64(sqlValue: row.values[key.count])
            }
        }
        return rows.map { row in inserted.removeValue(forKey: positions.map { row[$0]?.sqlValue ?? .null }) }
    }

    func deleteLater(from table: String, key: [String], rows: [[(any SQLBindable)?]]) throws {
        let columns = key.joined(separator: ", ")
        let match = key.map { "\(table).\($0) = v.\($0)" }.joined(separator: " AND ")
        for (sql, arguments) in Self.valueLists("DELETE FROM \(table) USING (VALUES", rows, ") AS v (\(columns)) WHERE \(match)") {
            pending.append((sql, send(translated: sql, arguments)))
        }
    }

    /// `head ($1, …), (…) tail` statements of at most 1,000 rows and 30,000 values each, numbered as PostgreSQL
    /// numbers parameters (made per length, they bypass the translation cache).
    static func valueLists(_ head: String, _ rows: [[(any SQLBindable)?]], _ tail: String) -> [(sql: String, arguments: [(any SQLBindable)?])] {
        guard let width = rows.first?.count, width > 0 else { return [] }
        let size = max(1, min(1_000, 30_000 / width))
        return stride(from: 0, to: rows.count, by: size).map { start in
            let chunk = rows[start..<min(start + size, rows.count)]
            var sql = head
            sql.reserveCapacity(head.count + tail.count + chunk.count * width * 7)
            for row in 0..<chunk.count {
                sql += row == 0 ? " (" : ", ("
                for column in 0..<width {
                    if column > 0 { sql += ", " }
                    sql += "$\(row * width + column + 1)"
                }
                sql += ")"
            }
            sql += " " + tail
            return (sql, chunk.flatMap { $0 })
        }
    }

    func flush() throws {
        let sent = pending
        pending = []
        var failure: (any Error)?
        for statement in sent {
            do { _ = try Self.wait(statement.result, statement.sql) } catch { if failure == nil { failure = error } }
        }
        if let failure { throw failure }
    }

    func forEachRow(sql: String, arguments: [(any SQLBindable)?], cached: Bool, _ body: (LedgerRow) throws -> Void) throws {
        for row in try Self.rows(try run(sql, arguments)) { try body(row) }
    }

    /// A result's rows as the ledger reads them.
    static func rows(_ result: PostgresQueryResult) throws -> [LedgerRow] {
        guard let first = result.rows.first else { return [] }
        let columns = first.map(\.columnName)
        return try result.rows.map { LedgerRow(columns: columns, values: try $0.map(Self.value)) }
    }

    /// Runs `body` in a transaction opened by `begin`, committed when it returns (rolled back instead when
    /// `rollback`) and rolled back when it throws.
    func transaction<T>(_ begin: String, rollback: Bool = false, _ body: (any LedgerSQL) throws -> T) throws -> T {
        try run(begin, [])
        let result: T
        do {
            result = try body(self)
        } catch {
            try? flush()  // the failure is the body's; what its pipelined statements did is rolled back
            try run("ROLLBACK", [])
            throw error
        }
        try run(rollback ? "ROLLBACK" : "COMMIT", [])
        return result
    }

    func holdsLease(_ name: String) throws -> Bool {
        // A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low 32 bits), objsubid 1.
        let key = UInt64(bitPattern: Lease.key(name))
        return try exists(
            sql: """
                SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::text::bigint = ? AND objid::text::bigint = ?
                """,
            arguments: [Int64(key >> 32), Int64(key & 0xFFFF_FFFF)])
    }

    func tryLease(_ name: String) throws -> Bool {
        try Bool.fetchOne(self, sql: "SELECT pg_try_advisory_lock(?)", arguments: [Lease.key(name)]) == true
    }

    /// Runs one statement and waits for its result (after those sent before it); the server's errors become
    /// `LedgerSQLError`s.
    @discardableResult
    func run(_ sql: String, _ arguments: [(any SQLBindable)?]) throws -> PostgresQueryResult {
        try flush()
        return try Self.wait(send(sql, arguments), sql)
    }

    /// Sends one statement; its result comes later.
    private func send(_ sql: String, _ arguments: [(any SQLBindable)?]) -> EventLoopFuture<PostgresQueryResult> {
        send(translated: Self.translate(sql), arguments)
    }

    /// Sends one statement already written with PostgreSQL's `$N` placeholders.
    private func send(translated sql: String, _ arguments: [(any SQLBindable)?]) -> EventLoopFuture<PostgresQueryResult> {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument?.sqlValue ?? .null {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        return connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }

    /// Waits for a statement's result; the server's errors become `LedgerSQLError`s.
    private static func wait(_ result: EventLoopFuture<PostgresQueryResult>, _ sql: String) throws -> PostgresQueryResult {
        do {
            return try result.wait()
        } catch {
            // The statement is the bridge's own (its values are bound apart): naming it tells an operator where.
            let statement = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(60)
            throw LedgerSQLError("\(PostgresLedgerError.reason(error)) (in: \(statement)…)")
        }
    }

    /// A PostgreSQL value as the ledger reads it.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float8, .float4: return .real(try cell.decode(Double.self))
            case .numeric:
                let text = try cell.decode(String.self)
                guard let value = Double(text) else { throw LedgerSQLError("column \(cell.columnName): '\(text)' is not a number") }
                return .real(value)
            case .bytea: return .blob(Data((try cell.decode(ByteBuffer.self)).readableBytesView))
            default: return .text(try cell.decode(String.self))
            }
        } catch let error as LedgerSQLError {
            throw error
        } catch {
            throw LedgerSQLError("column \(cell.columnName) (\(cell.dataType)): \(PostgresLedgerError.reason(error))")
        }
    }

    private static let translations = Mutex<[String: String]>([:])

    /// `sql` with SQLite's placeholders as PostgreSQL's: `?N` becomes `$N`, and each bare `?` the number after
    /// the highest so far (as SQLite numbers them). Quoted text and identifiers are left alone.
    static func translate(_ sql: String) -> String {
        if let known = translations.withLock({ $0[sql] }) { return known }
        var out = ""
        var highest = 0
        var quote: Character?
        var index = sql.startIndex
        while index < sql.endIndex {
            let c = sql[index]
            index = sql.index(after: index)
            if let open = quote {
                out.append(c)
                if c == open { quote = nil }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
                continue
            }
            guard c == "?" else {
                out.append(c)
                continue
            }
            var digits = ""
            while index < sql.endIndex, let digit = sql[index].wholeNumberValue, sql[index].isASCII {
                digits.append(String(digit))
                index = sql.index(after: index)
            }
            let number = Int(digits) ?? highest + 1
            highest = max(highest, number)
            out.append("$\(number)")
        }
        translations.withLock {
            if $0.count > 4096 { $0.removeAll() }  // a bound: statements with inline lists vary by length
            $0[sql] = out
        }
        return out
    }
}
