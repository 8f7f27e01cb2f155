/// A failure of the database under the ledger (a full disk, a read-only file, a lost connection, a broken
/// constraint), in one line. The stores let it through: it fails the whole transaction, where an error of one
/// payload's own fails that payload alone.
public struct LedgerSQLError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    static func unreadable(_ value: SQLValue, as type: String) -> LedgerSQLError {
        LedgerSQLError("a stored value (\(value.kind)) cannot be read as \(type)")
    }

    /// A row read by a column its query does not name.
    static func noColumn(_ column: String, in columns: [String]) -> LedgerSQLError {
        LedgerSQLError("no column \(column) in a row of (\(columns.joined(separator: ", ")))")
    }

    /// A row whose `column` holds a value of the wrong kind.
    static func badValue(column: String, _ error: any Error) -> LedgerSQLError {
        LedgerSQLError("column \(column): \(error)")
    }
}

extension SQLValue {
    /// The value's storage class, for messages (never the value: it may be personal data).
    var kind: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "bytes"
        }
    }
}
