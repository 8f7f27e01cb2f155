import BridgeModel
import Foundation

extension Table {
    /// A row of `reference_version`: one import of a reference table HR keeps (positions, standard times, leave,
    /// staffing), whole, as JSON. A fact: the latest of a kind is in force, the earlier ones say what was.
    struct ReferenceVersion: LedgerRecord, Equatable {
        static let table = "reference_version"
        static let generatedId: String? = "id"
        static let columns = ["kind", "at", "actor", "origin", "rows", "body"]
        static let key: [String] = []

        var id: Int64?
        var kind: String
        var at: Timestamp
        var actor: String
        var origin: String
        var rows: Int
        var body: String

        var values: [(any SQLBindable)?] { [kind, StoredInstant.value(at), actor, origin, rows, body] }
    }
}

extension Table.ReferenceVersion {
    init(row: LedgerRow) throws {
        id = try row.columns.contains("id") ? row["id"] : nil
        kind = try row["kind"]
        at = try StoredInstant.read(row, "at")
        actor = try row["actor"]
        origin = try row["origin"]
        rows = try row["rows"]
        body = try row["body"]
    }
}
