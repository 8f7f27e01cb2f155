import Yams

/// A YAML node that remembers its file and place, so every complaint about it names both.
public struct YAMLNode {
    public let node: Node
    let file: String
    /// Where in the document, e.g. `rules[2].fields.title`.
    let place: String

    public var line: Int? { node.mark?.line }

    public func error(_ message: String) -> MappingError {
        MappingError(file: file, line: line, rule: place, message: message)
    }

    /// The entries of a mapping node in file order; refuses keys outside `allowed` when given.
    public func entries(allowed: Set<String>? = nil) throws -> [(key: String, value: YAMLNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        return try mapping.map { key, value in
            guard let name = key.scalar?.string else { throw error("keys must be plain text") }
            let child = YAMLNode(node: value, file: file, place: place.isEmpty ? name : "\(place).\(name)")
            if let allowed, !allowed.contains(name) {
                throw YAMLNode(node: key, file: file, place: place).error(
                    "unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            return (name, child)
        }
    }

    /// The child at `key`, if present.
    public func optional(_ key: String) throws -> YAMLNode? {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value)") }
        guard let value = mapping[key] else { return nil }
        return YAMLNode(node: value, file: file, place: place.isEmpty ? key : "\(place).\(key)")
    }

    /// The child at `key`; its absence is an error naming the key.
    public func required(_ key: String) throws -> YAMLNode {
        guard let child = try optional(key) else { throw error("missing required key '\(key)'") }
        return child
    }

    var isNull: Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["~", "null", "Null", "NULL", ""].contains(scalar.string)
    }

    var isScalar: Bool { node.scalar != nil }
    var isSequence: Bool { node.sequence != nil }

    public func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected text") }
        return scalar.string
    }

    public func int() throws -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string) else { throw error("expected a whole number") }
        return value
    }

    public func bool() throws -> Bool {
        guard let scalar = node.scalar else { throw error("expected true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error("expected true or false, found '\(scalar.string)'")
        }
    }

    public func items() throws -> [YAMLNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLNode(node: $1, file: file, place: "\(place)[\($0)]") }
    }

    /// A single string or a list of strings.
    public func strings() throws -> [String] {
        if node.sequence != nil { return try items().map { try $0.string() } }
        return [try string()]
    }

    /// Parses a whole file, turning YAML syntax errors into a `MappingError` with the line.
    public static func load(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw MappingError(file: file, line: nil, rule: "", message: "the file is empty")
            }
            return YAMLNode(node: node, file: file, place: "")
        } catch let error as MappingError {
            throw error
        } catch let error as YamlError {
            throw MappingError(file: file, line: error.line, rule: "", message: error.summary)
        }
    }
}

extension YamlError {
    /// The 1-based line the YAML error points at, when it has one.
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return nil
        }
    }

    /// The error without libyaml's multi-line excerpt.
    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key '\(duplicates.sorted().joined(separator: ", "))'"
        default:
            return "YAML: \(String(describing: self).split(separator: "\n").first ?? "")"
        }
    }
}
