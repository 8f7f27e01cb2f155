import BridgeModel
import Foundation

/// One row of one ledger table as a Swift value (GRDB's record idea, kept usable by both databases): the table,
/// its columns in the order of `values`, how a row is read and the values a row is written with. The stores write
/// records (`insertLater`, `insertNew`, `deleteLater`, `insert`) and read them (`fetchRecords`), so a column list
/// and its values cannot drift apart, and a stored value of the wrong type is a thrown `LedgerSQLError` naming the
/// table and the column — never a crash.
///
/// The types are under `Table`, named after their tables, in `Tables/` grouped by concern. Each one's
/// `init(row:)` is in an extension, so that the compiler keeps its memberwise initializer.
protocol LedgerRecord: Sendable {
    /// The table's name.
    static var table: String { get }
    /// The columns a record writes and reads, in the order of `values` (a table's generated `id` is left out).
    static var columns: [String] { get }
    /// The columns of the unique key that upserts and deletes name (some of `columns`); empty for a table whose
    /// rows have only a generated id (an append-only log).
    static var key: [String] { get }
    /// The generated id column of a table whose rows have one (`id`, `sequence`), read beside `columns` and
    /// never written; nil for none.
    static var generatedId: String? { get }
    /// Reads a row that has (at least) `columns`.
    init(row: LedgerRow) throws
    /// The record's values, in the order of `columns`.
    var values: [(any SQLBindable)?] { get }
}

/// The namespace of the ledger's record types, one per table.
enum Table {
    /// Every table's record type (a test holds them to both databases' schemas).
    static let all: [any LedgerRecord.Type] = [
        Payload.self, PayloadChunk.self, SourceRecord.self, TaskPatch.self, DeadLetter.self, Audit.self, SourceState.self, MappingVersion.self,
        SourceAudit.self, ProjectionState.self, ApiToken.self, Task.self, TaskRevision.self, TaskOfficer.self, TaskDirty.self, Score.self,
        ScoreClosed.self, ScoreDirty.self, PeriodClose.self, ScoreAdjustment.self, Assessment.self, DirectoryOfficer.self, DirectoryAgency.self,
        DirectoryGeneration.self, DirectoryVersion.self, DirectoryLink.self, ReconcileDecision.self, TaskMatch.self, Conflict.self,
        DossierPatch.self, Dossier.self, ReferenceVersion.self, Dispute.self, SelfAssessment.self, Notice.self, NotificationDelivery.self,
    ]
}

/// What an insert does when the row's unique key is taken.
enum OnConflict {
    /// The statement fails (and with it the transaction).
    case fail
    /// The row is skipped.
    case ignore
    /// The stored row takes every column of the new one but the key.
    case update

    /// The clause that follows the values, for `R`.
    func clause<R: LedgerRecord>(_ record: R.Type) -> String {
        switch self {
        case .fail: ""
        case .ignore: "ON CONFLICT DO NOTHING"
        case .update:
            // A table that is all key has nothing else to set: the stored row is the new one.
            R.columns.allSatisfy(R.key.contains)
                ? "ON CONFLICT DO NOTHING"
                : "ON CONFLICT (\(R.key.joined(separator: ", "))) DO UPDATE SET "
                    + R.columns.filter { !R.key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        }
    }
}

extension LedgerRecord {
    static var generatedId: String? { nil }

    /// `column, column, …` of the record.
    static var columnList: String { columns.joined(separator: ", ") }

    /// Reads a row as this record; a failure names the table.
    static func read(_ row: LedgerRow) throws -> Self {
        do { return try Self(row: row) } catch { throw LedgerSQLError("\(table): \(error)") }
    }

}

extension LedgerSQL {
    /// Inserts `records` as `insertLater` sends rows (many per statement on PostgreSQL).
    func insertLater<R: LedgerRecord>(_ records: [R], onConflict: OnConflict = .fail) throws {
        try insertLater("INSERT INTO \(R.table) (\(R.columnList))", rows: records.map(\.values), suffix: onConflict.clause(R.self))
    }

    /// Inserts one record at once; returns how many rows changed (0 when skipped).
    @discardableResult
    func insert<R: LedgerRecord>(_ record: R, onConflict: OnConflict = .fail) throws -> Int {
        let marks = Array(repeating: "?", count: R.columns.count).joined(separator: ", ")
        return try execute(sql: "INSERT INTO \(R.table) (\(R.columnList)) VALUES (\(marks)) \(onConflict.clause(R.self))", arguments: record.values)
    }

    /// Inserts one record at once and returns the `returning` column of the new row (a generated id).
    func insert<R: LedgerRecord, T: SQLReadable>(_ record: R, returning column: String, as type: T.Type) throws -> T? {
        let marks = Array(repeating: "?", count: R.columns.count).joined(separator: ", ")
        return try T.fetchOne(self, sql: "INSERT INTO \(R.table) (\(R.columnList)) VALUES (\(marks)) RETURNING \(column)", arguments: record.values)
    }

    /// Inserts the records whose key is free (see `insertNew(into:…)`): for each, its new `id`, 0 when `id` is
    /// nil, or nil when it was skipped.
    func insertNew<R: LedgerRecord>(_ records: [R], id: String?) throws -> [Int64?] {
        try insertNew(into: R.table, columns: R.columns, rows: records.map(\.values), key: R.key, id: id)
    }

    /// Deletes the stored rows with the keys of `records`.
    func deleteLater<R: LedgerRecord>(_ records: [R]) throws {
        guard !records.isEmpty else { return }
        let positions = R.key.compactMap { R.columns.firstIndex(of: $0) }
        try deleteLater(from: R.table, key: R.key, rows: records.map { record in
            let values = record.values
            return positions.map { values[$0] }
        })
    }

    /// Deletes the rows of `R`'s table with these values of its key.
    func deleteLater<R: LedgerRecord>(_ type: R.Type, keys: [[(any SQLBindable)?]]) throws {
        try deleteLater(from: R.table, key: R.key, rows: keys)
    }

    /// The records of the table's rows that `condition` (SQL after `WHERE`, or empty for all) selects, in the
    /// order `order` gives (SQL after `ORDER BY`, or empty), at most `limit` of them.
    func fetchRecords<R: LedgerRecord>(
        _ type: R.Type, where condition: String = "", order: String = "", limit: Int? = nil, arguments: [(any SQLBindable)?] = []
    ) throws -> [R] {
        var out: [R] = []
        let sql = R.select(condition, order) + (limit.map { " LIMIT \($0)" } ?? "")
        try forEachRow(sql: sql, arguments: arguments) { out.append(try R.read($0)) }
        return out
    }

    /// The first record `condition` selects, or nil.
    func fetchRecord<R: LedgerRecord>(
        _ type: R.Type, where condition: String, order: String = "", arguments: [(any SQLBindable)?] = []
    ) throws -> R? {
        try row(sql: R.select(condition, order), arguments: arguments).map(R.read)
    }

    /// The records whose `column` is one of `values` (an `IN` list, 500 at a time), in no given order.
    func forEachRecord<R: LedgerRecord>(_ type: R.Type, whereIn column: String, _ values: [String], _ body: (R) throws -> Void) throws {
        try forEachRow(R.select("", "") + " WHERE \(column) IN", values) { try body(R.read($0)) }
    }
}

extension LedgerRecord {
    /// `SELECT columns FROM table [WHERE …] [ORDER BY …]`.
    static func select(_ condition: String, _ order: String) -> String {
        "SELECT \(generatedId.map { "\($0), " } ?? "")\(columnList) FROM \(table)" + (condition.isEmpty ? "" : " WHERE \(condition)") + (order.isEmpty ? "" : " ORDER BY \(order)")
    }
}

/// How the ledger stores an instant: integer milliseconds since 1970 (UTC), in every table (docs/ledger.md).
enum StoredInstant {
    /// The stored value of `time`.
    static func value(_ time: Timestamp) -> Int64 { time.millis }

    /// Reads an instant stored by `value`.
    static func read(_ row: LedgerRow, _ column: String) throws -> Timestamp {
        Timestamp(millis: try row[column])
    }

    /// Reads an instant or NULL.
    static func readOptional(_ row: LedgerRow, _ column: String) throws -> Timestamp? {
        (try row[column] as Int64?).map(Timestamp.init(millis:))
    }
}
