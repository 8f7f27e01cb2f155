import BridgeModel
import BridgeServices

/// What the mapping made of one record of a payload.
public enum RecordOutcome: Sendable {
    /// The record's patches (one or more tasks) under its identity.
    case patches(record: MappedRecord)
    /// The record could not be mapped; `recordId` when it could still be read.
    case failure(recordId: String?, reason: RecordFailure)
}

/// A record that mapped: its identity and the patches it contributes.
public struct MappedRecord: Sendable {
    /// The records' identities (usually one; several rules may name their own).
    public let refs: [RecordRef]
    public let patches: [TaskPatch]
    /// The dossier the record describes, when the mapping has a `dossier:` block that applies.
    public var dossiers: [DossierSnapshot] = []
}
