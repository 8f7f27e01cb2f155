/// One row of a query's result: its values by column name, read as the type the caller names.
public struct LedgerRow: Sendable {
    /// The result's column names, shared by its rows.
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` as `T`. A column the query does not name, or a value `T` cannot hold, is a thrown
    /// `LedgerSQLError` naming the column and the value — never a crash of the process.
    public subscript<T: SQLReadable>(_ column: String) -> T {
        get throws {
            guard let index = columns.firstIndex(of: column) else { throw LedgerSQLError.noColumn(column, in: columns) }
            return try self[index]
        }
    }

    /// The value at `index` as `T` (see the named subscript).
    public subscript<T: SQLReadable>(_ index: Int) -> T {
        get throws {
            guard values.indices.contains(index) else { throw LedgerSQLError.noColumn("#\(index)", in: columns) }
            do { return try T(sqlValue: values[index]) } catch { throw LedgerSQLError.badValue(column: columns[index], error) }
        }
    }
}
