/// The statements a ledger store runs, on either database: one open transaction of SQLite (through GRDB) or of
/// PostgreSQL (through PostgresNIO). Statements are written once, in the SQL both share — `?` or `?N`
/// placeholders, `ON CONFLICT` upserts, `RETURNING` — and the few places where the two differ (JSON fields) ask
/// `dialect`. Valid only inside the closure a `LedgerBackend` hands it to.
public protocol LedgerSQL {
    /// Which database runs the statements.
    var dialect: SQLDialect { get }

    /// Runs one statement and returns how many rows it changed.
    @discardableResult
    func execute(sql: String, arguments: [(any SQLBindable)?]) throws -> Int

    /// Runs one query and calls `body` with each row, in order. `cached` false for statements made once (an `IN`
    /// list of a given length), which would crowd the statement cache.
    func forEachRow(sql: String, arguments: [(any SQLBindable)?], cached: Bool, _ body: (LedgerRow) throws -> Void) throws

    /// Sends one statement whose result no one waits for: PostgreSQL pipelines it behind the statements before it
    /// (one round trip for many), SQLite runs it at once. A failure surfaces at the next statement that waits,
    /// or at `flush`, and fails the transaction.
    func executeLater(sql: String, arguments: [(any SQLBindable)?]) throws

    /// Sends one query whose rows are read later (`PendingRows.rows()`), so that several go in one round trip.
    func queryLater(sql: String, arguments: [(any SQLBindable)?]) throws -> PendingRows

    /// Inserts many rows, sent as `executeLater` sends: `insert` is `INSERT INTO table (columns)`, `suffix` what
    /// follows the values (`ON CONFLICT …`). PostgreSQL gets multi-row statements (hundreds of rows a round trip);
    /// SQLite runs one cached single-row statement per row, which is faster there.
    func insertLater(_ insert: String, rows: [[(any SQLBindable)?]], suffix: String) throws

    /// Inserts many rows into `table`, skipping each whose unique `key` (some of `columns`) is taken — by a stored
    /// row or an earlier row of the same call — and returns for each row its new `id` column's value, 0 when `id`
    /// is nil, or nil when it was skipped. PostgreSQL gets multi-row statements returning the keys; SQLite one
    /// cached single-row statement per row, asking what it changed.
    func insertNew(into table: String, columns: [String], rows: [[(any SQLBindable)?]], key: [String], id: String?) throws -> [Int64?]

    /// Deletes many rows, each named by its values of `key` (the columns of a unique key), sent as
    /// `executeLater` sends: PostgreSQL gets a few `DELETE … USING (VALUES …)` statements, SQLite one cached
    /// single-row statement per row.
    func deleteLater(from table: String, key: [String], rows: [[(any SQLBindable)?]]) throws

    /// Waits for every statement sent with `executeLater` and throws the first failure.
    func flush() throws

    /// True when this connection's session holds the lease `name` (see `Lease`).
    func holdsLease(_ name: String) throws -> Bool

    /// Takes the lease `name` for this connection's session if no other session holds it; true when taken.
    func tryLease(_ name: String) throws -> Bool
}

/// The rows of a query sent with `queryLater`, read when needed.
public struct PendingRows {
    let resolve: () throws -> [LedgerRow]

    public init(_ resolve: @escaping () throws -> [LedgerRow]) { self.resolve = resolve }

    /// The query's rows (waiting for them if they are not in yet).
    public func rows() throws -> [LedgerRow] { try resolve() }
}

/// The SQL a ledger store writes differently for each database.
public enum SQLDialect: Sendable {
    case sqlite, postgres

    /// A field of a JSON object stored as text in `column`, as text.
    public func jsonText(_ column: String, _ field: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(field)')"
        case .postgres: "(\(column)::jsonb ->> '\(field)')"
        }
    }

    /// A numeric field of a JSON object stored as text in `column`, as a number (NULL when absent).
    /// A JSON boolean field as 1 (true) or 0 (false or missing), the same on both databases.
    public func jsonFlag(_ column: String, _ field: String) -> String {
        switch self {
        case .sqlite: "(CASE WHEN json_extract(\(column), '$.\(field)') = 1 THEN 1 ELSE 0 END)"
        case .postgres: "(CASE WHEN (\(column)::jsonb ->> '\(field)') = 'true' THEN 1 ELSE 0 END)"
        }
    }

    public func jsonNumber(_ column: String, _ field: String) -> String {
        switch self {
        case .sqlite: "json_extract(\(column), '$.\(field)')"
        case .postgres: "((\(column)::jsonb ->> '\(field)')::double precision)"
        }
    }
}

extension LedgerSQL {
    @discardableResult
    public func execute(sql: String) throws -> Int { try execute(sql: sql, arguments: []) }

    public func forEachRow(sql: String, arguments: [(any SQLBindable)?] = [], _ body: (LedgerRow) throws -> Void) throws {
        try forEachRow(sql: sql, arguments: arguments, cached: true, body)
    }

    /// Runs `sql` followed by an `(?, …)` list of at most 500 of `values` at a time, after the `prefix` arguments,
    /// and calls `body` with each row.
    func forEachRow(_ sql: String, prefix: [(any SQLBindable)?] = [], _ values: [String], _ body: (LedgerRow) throws -> Void) throws {
        for start in stride(from: 0, to: values.count, by: 500) {
            let slice = values[start..<min(start + 500, values.count)]
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            // Prepared per call, not cached: every list length would be a statement of its own in the cache.
            try forEachRow(sql: "\(sql) (\(marks))", arguments: prefix + Array(slice), cached: false, body)
        }
    }

    /// Every row of a query.
    public func rows(sql: String, arguments: [(any SQLBindable)?] = []) throws -> [LedgerRow] {
        var out: [LedgerRow] = []
        try forEachRow(sql: sql, arguments: arguments) { out.append($0) }
        return out
    }

    /// The first row of a query, or nil.
    public func row(sql: String, arguments: [(any SQLBindable)?] = []) throws -> LedgerRow? {
        var out: LedgerRow?
        try forEachRow(sql: sql, arguments: arguments) { if out == nil { out = $0 } }
        return out
    }

    /// True when a query gives at least one row.
    public func exists(sql: String, arguments: [(any SQLBindable)?] = []) throws -> Bool {
        try row(sql: sql, arguments: arguments) != nil
    }
}

extension SQLReadable {
    /// The first column of the first row, or nil when there is no row or the value is NULL.
    public static func fetchOne(_ db: any LedgerSQL, sql: String, arguments: [(any SQLBindable)?] = []) throws -> Self? {
        guard let row = try db.row(sql: sql, arguments: arguments), case let value = row.values[0], value != .null else { return nil }
        return try Self(sqlValue: value)
    }

    /// The first column of every row.
    public static func fetchAll(_ db: any LedgerSQL, sql: String, arguments: [(any SQLBindable)?] = []) throws -> [Self] {
        var out: [Self] = []
        try db.forEachRow(sql: sql, arguments: arguments) { out.append(try Self(sqlValue: $0.values[0])) }
        return out
    }
}

extension LedgerRow {
    /// The first row of a query, or nil.
    public static func fetchOne(_ db: any LedgerSQL, sql: String, arguments: [(any SQLBindable)?] = []) throws -> LedgerRow? {
        try db.row(sql: sql, arguments: arguments)
    }

    /// Every row of a query.
    public static func fetchAll(_ db: any LedgerSQL, sql: String, arguments: [(any SQLBindable)?] = []) throws -> [LedgerRow] {
        try db.rows(sql: sql, arguments: arguments)
    }
}
