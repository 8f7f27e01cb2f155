import BridgeModel
import Foundation

extension Table {
    /// A row of `audit`: who did what, when, to what and why. Append-only; a fact.
    struct Audit: LedgerRecord, Equatable {
        static let table = "audit"
        static let generatedId: String? = "id"
        static let columns = ["at", "actor", "action", "subject", "detail"]
        static let key: [String] = []

        var id: Int64?
        var at: Timestamp
        var actor: String
        var action: String
        var subject: String?
        var detail: String?

        var values: [(any SQLBindable)?] { [StoredInstant.value(at), actor, action, subject, detail] }
    }
}

extension Table.Audit {
    init(row: LedgerRow) throws {
        id = try row.columns.contains("id") ? row["id"] : nil
        at = try StoredInstant.read(row, "at")
        actor = try row["actor"]
        action = try row["action"]
        subject = try row["subject"]
        detail = try row["detail"]
    }
}
