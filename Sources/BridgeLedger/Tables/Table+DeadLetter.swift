import BridgeModel
import Foundation

extension Table {
    /// A row of `dead_letter`: a record (or a whole payload) that could not be mapped, why, and whether a later
    /// pass resolved it. A fact.
    struct DeadLetter: LedgerRecord, Equatable {
        static let table = "dead_letter"
        static let generatedId: String? = "id"
        static let columns = [
            "source", "payload_hash", "record_id", "failure_class", "reason", "origin", "mapping_id", "mapping_version", "attempts",
            "first_seen", "last_seen", "resolved_at",
        ]
        static let key = ["source", "payload_hash", "record_id"]

        var id: Int64?
        var source: String
        var payloadHash: String
        /// The record's id, its position (`#3`), or empty for the whole payload.
        var recordId: String
        var failureClass: String
        var reason: String
        var origin: String?
        var mappingId: String?
        var mappingVersion: Int?
        var attempts: Int
        var firstSeen: Timestamp
        var lastSeen: Timestamp
        var resolvedAt: Timestamp?

        init(source: String, payloadHash: String, letter: DeadLetterInput, origin: String?, at time: Timestamp) {
            id = nil
            self.source = source
            self.payloadHash = payloadHash
            recordId = letter.identity
            failureClass = letter.failureClass.rawValue
            reason = letter.reason
            self.origin = origin
            mappingId = letter.mappingId
            mappingVersion = letter.mappingVersion
            attempts = 1
            firstSeen = time
            lastSeen = time
            resolvedAt = nil
        }

        var values: [(any SQLBindable)?] {
            [
                source, payloadHash, recordId, failureClass, reason, origin, mappingId, mappingVersion, attempts, StoredInstant.value(firstSeen),
                StoredInstant.value(lastSeen), resolvedAt.map(StoredInstant.value),
            ]
        }

        /// The dead letter as commands and pages show it.
        var letter: BridgeLedger.DeadLetter {
            BridgeLedger.DeadLetter(
                id: id ?? 0, source: source, payloadHash: payloadHash, recordId: recordId.isEmpty ? nil : recordId,
                failureClass: FailureClass(rawValue: failureClass) ?? .parse, reason: reason, origin: origin, mappingId: mappingId,
                mappingVersion: mappingVersion, attempts: attempts, firstSeen: firstSeen.description, lastSeen: lastSeen.description,
                resolvedAt: resolvedAt?.description)
        }
    }
}

extension Table.DeadLetter {
    init(row: LedgerRow) throws {
        id = try row.columns.contains("id") ? row["id"] : nil
        source = try row["source"]
        payloadHash = try row["payload_hash"]
        recordId = try row["record_id"]
        failureClass = try row["failure_class"]
        reason = try row["reason"]
        origin = try row["origin"]
        mappingId = try row["mapping_id"]
        mappingVersion = try row["mapping_version"]
        attempts = try row["attempts"]
        firstSeen = try StoredInstant.read(row, "first_seen")
        lastSeen = try StoredInstant.read(row, "last_seen")
        resolvedAt = try StoredInstant.readOptional(row, "resolved_at")
    }
}
