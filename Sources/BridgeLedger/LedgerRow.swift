/// One row of a query's result: its values by column name, read as the type the caller names.
public struct LedgerRow: Sendable {
    /// The result's column names, shared by its rows.
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` as `T`. A column the query does not name, or a value `T` cannot hold, is a
    /// programming error (the statements are the ledger's own), as in GRDB.
    public subscript<T: SQLReadable>(_ column: String) -> T {
        guard let index = columns.firstIndex(of: column) else { preconditionFailure("no column \(column) in \(columns)") }
        return self[index]
    }

    /// The value at `index` as `T` (see the named subscript).
    public subscript<T: SQLReadable>(_ index: Int) -> T {
        do { return try T(sqlValue: values[index]) } catch { preconditionFailure("column \(columns[index]): \(error)") }
    }
}
