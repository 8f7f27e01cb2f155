/// A mapping file that cannot go live: names the file, the line and the rule, in one line.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The mapping file as the user named it.
    public let file: String
    /// 1-based line in the file, when known.
    public let line: Int?
    /// Where in the mapping, e.g. `rules[0].fields.title`.
    public let rule: String
    public let message: String

    public init(file: String, line: Int?, rule: String, message: String) {
        self.file = file
        self.line = line
        self.rule = rule
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return rule.isEmpty ? "\(place): \(message)" : "\(place): \(rule): \(message)"
    }
}
