import BridgeModel
import Foundation

extension Table {
    /// A row of `source_state`: a source's polling position (JSON `SourceCheckpoint`). A fact.
    struct SourceState: LedgerRecord, Equatable {
        static let table = "source_state"
        static let columns = ["source", "checkpoint", "updated_at"]
        static let key = ["source"]

        var source: String
        var checkpoint: String
        var updatedAt: Timestamp

        var values: [(any SQLBindable)?] { [source, checkpoint, StoredInstant.value(updatedAt)] }
    }

    /// A row of `mapping_version`: which content a mapping id and version stands for. A fact.
    struct MappingVersion: LedgerRecord, Equatable {
        static let table = "mapping_version"
        static let columns = ["mapping_id", "version", "content_hash", "file", "first_seen"]
        static let key = ["mapping_id", "version"]

        var mappingId: String
        var version: Int
        var contentHash: String
        var file: String
        var firstSeen: Timestamp

        var values: [(any SQLBindable)?] { [mappingId, version, contentHash, file, StoredInstant.value(firstSeen)] }
    }

    /// A row of `source_audit`: a comparison of a source's own list with the ledger. A fact.
    struct SourceAudit: LedgerRecord, Equatable {
        static let table = "source_audit"
        static let generatedId: String? = "id"
        static let columns = ["source", "at", "actor", "listed", "missing", "unseen"]
        static let key: [String] = []

        var id: Int64?
        var source: String
        var at: Timestamp
        var actor: String
        var listed: Int
        /// JSON arrays of record ids.
        var missing: String
        var unseen: String

        var values: [(any SQLBindable)?] { [source, StoredInstant.value(at), actor, listed, missing, unseen] }
    }

    /// A row of `projection_state`: a named value the projections keep about themselves.
    struct ProjectionState: LedgerRecord, Equatable {
        static let table = "projection_state"
        static let columns = ["name", "value"]
        static let key = ["name"]

        var name: String
        var value: String

        var values: [(any SQLBindable)?] { [name, value] }
    }

    /// A row of `api_token`: a token's hash (never the token), name, role and agencies. A fact.
    struct ApiToken: LedgerRecord, Equatable {
        static let table = "api_token"
        static let columns = ["hash", "name", "role", "agencies", "created_at", "actor", "officer"]
        static let key = ["hash"]

        var hash: String
        var name: String
        var role: String
        /// Agency codes, comma-separated; empty for every agency.
        var agencies: String
        var createdAt: Timestamp
        var actor: String
        /// The directory officer an `officer` token is bound to.
        var officer: String?

        var values: [(any SQLBindable)?] { [hash, name, role, agencies, StoredInstant.value(createdAt), actor, officer] }
    }
}

extension Table.SourceState {
    init(row: LedgerRow) throws {
        source = try row["source"]
        checkpoint = try row["checkpoint"]
        updatedAt = try StoredInstant.read(row, "updated_at")
    }
}

extension Table.MappingVersion {
    init(row: LedgerRow) throws {
        mappingId = try row["mapping_id"]
        version = try row["version"]
        contentHash = try row["content_hash"]
        file = try row["file"]
        firstSeen = try StoredInstant.read(row, "first_seen")
    }
}

extension Table.SourceAudit {
    init(row: LedgerRow) throws {
        id = try row.columns.contains("id") ? row["id"] : nil
        source = try row["source"]
        at = try StoredInstant.read(row, "at")
        actor = try row["actor"]
        listed = try row["listed"]
        missing = try row["missing"]
        unseen = try row["unseen"]
    }
}

extension Table.ProjectionState {
    init(row: LedgerRow) throws {
        name = try row["name"]
        value = try row["value"]
    }
}

extension Table.ApiToken {
    init(row: LedgerRow) throws {
        hash = try row["hash"]
        name = try row["name"]
        role = try row["role"]
        agencies = try row["agencies"]
        createdAt = try StoredInstant.read(row, "created_at")
        actor = try row["actor"]
        officer = try row["officer"]
    }
}
