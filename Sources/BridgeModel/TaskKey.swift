/// The identity of one unified task: the same piece of work has the same key in every source.
public struct TaskKey: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The key as stored and shown, e.g. `000.00.00.H41,2026/03/02,123/UBND-VP@000.00.12.H41`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: TaskKey, rhs: TaskKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
