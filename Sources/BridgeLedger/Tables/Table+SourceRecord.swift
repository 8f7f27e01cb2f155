import BridgeModel
import Foundation

extension Table {
    /// A row of `source_record`: one version of one record of a source, the payload it came in and the mapping
    /// that read it. A fact; its unique key is its first six columns.
    struct SourceRecord: LedgerRecord, Equatable {
        static let table = "source_record"
        static let generatedId: String? = "id"
        static let columns = ["source", "record_id", "record_version", "payload_hash", "mapping_id", "mapping_version", "origin", "received_at"]
        static let key = ["source", "record_id", "record_version", "payload_hash", "mapping_id", "mapping_version"]

        var source: String
        var recordId: String
        var recordVersion: String
        var payloadHash: String
        var mappingId: String
        var mappingVersion: Int
        var origin: String?
        var receivedAt: Timestamp

        init(_ ref: RecordRef, origin: String?, receivedAt: Timestamp) {
            self.source = ref.source
            self.recordId = ref.recordId
            self.recordVersion = ref.recordVersion
            self.payloadHash = ref.payloadHash
            self.mappingId = ref.mappingId
            self.mappingVersion = ref.mappingVersion
            self.origin = origin
            self.receivedAt = receivedAt
        }

        var values: [(any SQLBindable)?] {
            [source, recordId, recordVersion, payloadHash, mappingId, mappingVersion, origin, StoredInstant.value(receivedAt)]
        }
    }

    /// A row of `task_patch`: what one source record says of one task (JSON). A fact.
    struct TaskPatch: LedgerRecord, Equatable {
        static let table = "task_patch"
        static let generatedId: String? = "id"
        static let columns = ["source_record_id", "task_key", "body"]
        static let key = ["source_record_id", "task_key"]

        var sourceRecordId: Int64
        var taskKey: String
        var body: Data

        var values: [(any SQLBindable)?] { [sourceRecordId, taskKey, body] }
    }
}

extension Table.SourceRecord {
    init(row: LedgerRow) throws {
        source = try row["source"]
        recordId = try row["record_id"]
        recordVersion = try row["record_version"]
        payloadHash = try row["payload_hash"]
        mappingId = try row["mapping_id"]
        mappingVersion = try row["mapping_version"]
        origin = try row["origin"]
        receivedAt = try StoredInstant.read(row, "received_at")
    }
}

extension Table.TaskPatch {
    init(row: LedgerRow) throws {
        sourceRecordId = try row["source_record_id"]
        taskKey = try row["task_key"]
        body = try row["body"]
    }
}
