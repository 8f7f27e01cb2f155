import GRDB

extension Database {
    /// `execute(sql:arguments:)` through the connection's statement cache: the hot path's statements are
    /// compiled once per connection, not once per record.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
