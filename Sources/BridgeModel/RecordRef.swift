/// Where a patch came from: enough to find the exact bytes and the mapping that produced it.
public struct RecordRef: Hashable, Comparable, Codable, Sendable {
    /// The configured source id, e.g. `eoffice`.
    public var source: String
    /// The record's own id in that source.
    public var recordId: String
    /// The record's version (a timestamp or counter the source gives).
    public var recordVersion: String
    /// SHA-256 of the raw payload, lower-case hex.
    public var payloadHash: String
    /// The mapping id and version that turned the payload into patches.
    public var mappingId: String
    public var mappingVersion: Int

    public init(
        source: String, recordId: String, recordVersion: String, payloadHash: String, mappingId: String,
        mappingVersion: Int
    ) {
        self.source = source
        self.recordId = recordId
        self.recordVersion = recordVersion
        self.payloadHash = payloadHash
        self.mappingId = mappingId
        self.mappingVersion = mappingVersion
    }

    public static func < (lhs: RecordRef, rhs: RecordRef) -> Bool {
        (lhs.source, lhs.recordId, lhs.recordVersion, lhs.payloadHash, lhs.mappingId, lhs.mappingVersion)
            < (rhs.source, rhs.recordId, rhs.recordVersion, rhs.payloadHash, rhs.mappingId, rhs.mappingVersion)
    }
}
