import PostgresNIO

/// A PostgreSQL ledger failure, in one line that names the ledger (never its password) and what to do.
public struct PostgresLedgerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// PostgresNIO hides its errors' text (they may hold query values); the server's own message and code, or the
    /// connection's underlying error, say what went wrong without a password.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return message + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
