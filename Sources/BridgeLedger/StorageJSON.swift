import BridgeModel

/// The ledger's JSON for task patches and task bodies, as releases before `StoredBody` wrote them (the shape of
/// the types' `Codable` conformances). Still read, for a ledger not yet migrated; no longer written.
public enum StorageJSON {}
