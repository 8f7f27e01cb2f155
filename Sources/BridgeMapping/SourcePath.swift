import BridgeModel

/// A compiled path into a `SourceNode` tree.
///
/// XML mappings use an XPath subset: `/a/b` from the root, `//b` anywhere, `$item/b` from a binding,
/// `b/c` from the current node, `@attr`, `*`, `prefix:name` (namespace-aware) and `[n]` (1-based).
/// JSON mappings use a JSONPath subset: `$.a.b`, `$..b`, `[*]`, `[n]` (0-based), `['a b']`,
/// `$item.b` from a binding and `@.b` from the current node.
public struct SourcePath: Sendable, Hashable, CustomStringConvertible {
    enum Start: Sendable, Hashable {
        case root, current, variable(String)
    }

    enum NameTest: Sendable, Hashable {
        case any
        /// Matches the local name in any namespace.
        case local(String)
        /// Matches the local name in one of the namespace's URIs, or with one of its undeclared prefixes.
        case qualified(NamespaceTable.Entry, String)

        /// The local name the test requires, nil for `*`.
        var localName: String? {
            switch self {
            case .any: nil
            case .local(let name), .qualified(_, let name): name
            }
        }
    }

    enum Step: Sendable, Hashable {
        case child(NameTest)
        case descendant(NameTest)
        case attribute(String)
        /// 0-based position (XML `[1]` is stored as 0).
        case index(Int)
        case items
    }

    let start: Start
    let steps: [Step]
    let format: SourceDocument.Format
    /// The path as written in the mapping.
    public let description: String
    /// True when every step goes down from one node to some of its children (`.child`, `[*]`, a JSON `[n]`, a
    /// last `@attr`, an XML `//name` first from the root): its first match is then found depth first, without building the set of every match
    /// (`SourcePath.firstText`). Decided once, when the path is compiled.
    let isChain: Bool

    init(start: Start, steps: [Step], format: SourceDocument.Format, description: String) {
        self.start = start
        self.steps = steps
        self.format = format
        self.description = description
        isChain = steps.indices.allSatisfy { index in
            switch steps[index] {
            case .child, .items: return true
            case .index: return format == .json  // XML `[n]` picks from the whole set
            case .attribute: return index == steps.count - 1
            case .descendant(let test):
                // `//name` from an XML document's root reads the name index; the rest goes down from there.
                return index == 0 && start == .root && format == .xml && test.localName != nil
            }
        }
    }

    /// The binding a path starts from, if any (`$to/…` → `to`).
    public var variable: String? {
        if case .variable(let name) = start { return name }
        return nil
    }

    /// True when the path starts from the root (absolute), so it does not depend on the current item.
    public var isAbsolute: Bool { start == .root }
}

/// A path that does not compile, with the reason.
struct PathSyntaxError: Error {
    let message: String
}
