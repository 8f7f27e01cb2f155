/// Why one record could not become task patches; the record goes to the dead letters with this reason.
public struct RecordFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which stage refused the record.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The mapping could not read the record (missing field, unmapped value, bad date).
        case mapping
        /// The mapped values break a rule of the task model.
        case validation
    }

    public let kind: Kind
    /// Where in the mapping, e.g. `rules[status].status` with its line.
    public let place: String
    public let line: Int?
    public let message: String

    public init(_ kind: Kind, place: String, line: Int?, message: String) {
        self.kind = kind
        self.place = place
        self.line = line
        self.message = message
    }

    public var description: String {
        let at = line.map { "\(place) (mapping line \($0))" } ?? place
        return at.isEmpty ? message : "\(at): \(message)"
    }
}
