/// A record that could not become a task, kept with its raw payload and reason.
public struct DeadLetter: Sendable, Hashable, Codable {
    public let id: Int64
    public let source: String
    public let payloadHash: String
    public let recordId: String?
    public let failureClass: FailureClass
    public let reason: String
    public let origin: String?
    public let mappingId: String?
    public let mappingVersion: Int?
    public let attempts: Int
    public let firstSeen: String
    public let lastSeen: String
    public let resolvedAt: String?
}
