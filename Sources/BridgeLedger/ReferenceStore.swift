import BridgeModel
import Foundation

/// The reference tables HR keeps beside the directory (docs/workload.md): each import of a kind — `positions`,
/// `standard-times`, `leave`, `staffing`, a year's `payroll:YYYY` — is a version kept whole; the latest is in
/// force. A bonus run (`bonus-run:AGENCY:YYYY`, docs/bonus.md) is kept the same way. Every version is audited.
public struct ReferenceStore: Sendable {
    let database: LedgerDatabase

    public init(_ database: LedgerDatabase) { self.database = database }

    /// One stored version.
    public struct Version: Sendable, Hashable {
        public let id: Int64
        public let kind: String
        public let at: Timestamp
        public let actor: String
        public let origin: String
        public let rows: Int
    }

    /// Stores `body` as the new version of `kind` (with `rows` rows, from `origin`), audited as `action`; returns its id.
    @discardableResult
    public func record<T: Encodable>(
        _ kind: String, _ body: T, rows: Int, origin: String, actor: String, at time: Timestamp, action: String = "reference.import"
    ) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(body), as: UTF8.self)
        return try database.write { db in
            let id = try db.insert(
                Table.ReferenceVersion(id: nil, kind: kind, at: time, actor: actor, origin: origin, rows: rows, body: text), returning: "id", as: Int64.self) ?? 0
            try LedgerStore.audit(db, at: time, actor: actor, action: action, subject: kind, detail: "version \(id): \(rows) row(s) from \(origin)")
            return id
        }
    }

    /// The version of `kind` in force (the latest), decoded as `T`; nil when none was imported.
    public func current<T: Decodable>(_ kind: String, as type: T.Type) throws -> T? {
        let row = try database.read { db in try db.fetchRecord(Table.ReferenceVersion.self, where: "kind = ?", order: "id DESC", arguments: [kind]) }
        guard let row else { return nil }
        do {
            return try JSONDecoder().decode(type, from: Data(row.body.utf8))
        } catch {
            throw LedgerError("reference_version \(row.id ?? 0) (\(kind)) cannot be read: \(error)")
        }
    }

    /// The version of `kind` numbered `id` (the latest when nil) with its body as stored; nil when there is none.
    public func stored(_ kind: String, id: Int64? = nil) throws -> (version: Version, body: String)? {
        let row = try database.read { db in
            try id.map { try db.fetchRecord(Table.ReferenceVersion.self, where: "kind = ? AND id = ?", arguments: [kind, $0]) }
                ?? db.fetchRecord(Table.ReferenceVersion.self, where: "kind = ?", order: "id DESC", arguments: [kind])
        }
        return row.map { (Version(id: $0.id ?? 0, kind: $0.kind, at: $0.at, actor: $0.actor, origin: $0.origin, rows: $0.rows), $0.body) }
    }

    /// Every version of `kind`, newest first.
    public func versions(_ kind: String) throws -> [Version] {
        try database.read { db in
            try db.fetchRecords(Table.ReferenceVersion.self, where: "kind = ?", order: "id DESC", arguments: [kind]).map {
                Version(id: $0.id ?? 0, kind: $0.kind, at: $0.at, actor: $0.actor, origin: $0.origin, rows: $0.rows)
            }
        }
    }
}
