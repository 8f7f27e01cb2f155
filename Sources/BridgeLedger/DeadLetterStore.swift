import BridgeModel
import Foundation

/// Records that could not become tasks, for operators: listed, shown, replayed.
public struct DeadLetterStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// Dead letters, newest first; resolved ones too when asked.
    public func list(includeResolved: Bool) throws -> [DeadLetter] {
        try database.read { db in
            try db.fetchRecords(Table.DeadLetter.self, where: includeResolved ? "" : "resolved_at IS NULL", order: "id DESC").map(\.letter)
        }
    }

    /// One dead letter by id.
    public func letter(id: Int64) throws -> DeadLetter? {
        try database.read { db in
            try db.fetchRecord(Table.DeadLetter.self, where: "id = ?", arguments: [id])?.letter
        }
    }
}
