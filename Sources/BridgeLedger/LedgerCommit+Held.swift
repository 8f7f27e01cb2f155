import BridgeModel
import Foundation

/// A record seen again in another payload — an unchanged record on a page that changed, a record listed on two
/// pages of one group — is unchanged, and adds no row: the ledger keeps the payload it first came in.
extension LedgerCommit {
    /// A record as the ledger knows it apart from the payload it came in.
    struct RecordKey: Hashable {
        let source, recordId, recordVersion, mappingId: String
        let mappingVersion: Int

        init(_ ref: RecordRef) {
            source = ref.source
            recordId = ref.recordId
            recordVersion = ref.recordVersion
            mappingId = ref.mappingId
            mappingVersion = ref.mappingVersion
        }
    }

    /// The entries of the group (not reprocessed) whose every record is held already with the same patches — stored
    /// from another payload, or earlier in this group — read in one query per source for the whole group.
    func heldEntries() throws -> Set<EntryIndex> {
        var wanted: [String: Set<String>] = [:]
        var versions = Set<RecordKey>()  // only these versions' patches are decoded, not every older one
        for batch in batches where !batch.reprocess {
            for case .mapped(let refs, _, _) in batch.entries {
                for ref in refs {
                    wanted[ref.source, default: []].insert(ref.recordId)
                    versions.insert(RecordKey(ref))
                }
            }
        }
        // Each known version's patches, by the payload it came in.
        var known: [RecordKey: [String: Set<TaskPatch>]] = [:]
        for source in wanted.keys.sorted() {
            try db.forEachRow(
                """
                SELECT r.record_id, r.record_version, r.payload_hash, r.mapping_id, r.mapping_version, p.body
                  FROM source_record r LEFT JOIN task_patch p ON p.source_record_id = r.id
                  WHERE r.source = ? AND r.record_id IN
                """, prefix: [source], wanted[source]!.sorted()
            ) { row in
                let ref = RecordRef(
                    source: source, recordId: try row["record_id"], recordVersion: try row["record_version"], payloadHash: try row["payload_hash"],
                    mappingId: try row["mapping_id"], mappingVersion: Int(try row["mapping_version"] as Int64))
                guard versions.contains(RecordKey(ref)) else { return }
                var patches = known[RecordKey(ref), default: [:]][ref.payloadHash, default: []]
                if let body: Data = try row["body"] { patches.insert(try LedgerStore.decodePatch(body)) }
                known[RecordKey(ref), default: [:]][ref.payloadHash] = patches
            }
        }
        var held = Set<EntryIndex>()
        for (index, batch) in batches.enumerated() where !batch.reprocess {
            for (position, entry) in batch.entries.enumerated() {
                guard case .mapped(let refs, let patches, _) = entry, !refs.isEmpty else { continue }
                let same = refs.allSatisfy { ref in
                    let mine = patches.filter { $0.record == ref }
                    return known[RecordKey(ref)]?.contains { payload, stored in
                        payload != ref.payloadHash && Set(mine.map { Self.moved($0, to: payload) }) == stored
                    } ?? false
                }
                if same {
                    held.insert(EntryIndex(batch: index, position: position))
                } else {
                    for ref in refs { known[RecordKey(ref), default: [:]][ref.payloadHash] = Set(patches.filter { $0.record == ref }) }
                }
            }
        }
        return held
    }

    /// `patch` as if it had come in payload `hash`.
    static func moved(_ patch: TaskPatch, to hash: String) -> TaskPatch {
        var moved = patch
        moved.record.payloadHash = hash
        return moved
    }
}
