/// The neutral tree that both XML and JSON payloads become, so one path language reads both.
///
/// XML: an element is a node with its namespace, local name, attributes, child elements and text.
/// JSON: an object is a node whose children are named by their keys; an array is a node whose
/// children are its items (named like the array); scalars are leaf nodes whose `text` is the value.
public final class SourceNode: Sendable {
    /// What the node was in the payload.
    public enum Kind: Sendable, Hashable {
        case element, object, array, string, number, bool, null
    }

    public let kind: Kind
    /// Namespace URI of an XML element; nil for JSON and for unqualified elements.
    public let namespace: String?
    /// The prefix written in the payload (kept so undeclared prefixes can still be matched).
    public let prefix: String?
    /// Local name (XML) or key (JSON).
    public let name: String
    /// XML attributes by local name.
    public let attributes: [String: String]
    /// Text content: an element's own text, or a JSON scalar's value; nil for JSON null, objects and arrays.
    public let text: String?
    public let children: [SourceNode]

    public init(
        kind: Kind, name: String, namespace: String? = nil, prefix: String? = nil,
        attributes: [String: String] = [:], text: String? = nil, children: [SourceNode] = []
    ) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// Every descendant (not self), depth first in document order.
    public func descendants() -> [SourceNode] {
        var out: [SourceNode] = []
        var stack = Array(children.reversed())
        while let node = stack.popLast() {
            out.append(node)
            stack.append(contentsOf: node.children.reversed())
        }
        return out
    }
}

/// A parsed payload: its root node and the format it came in.
public struct SourceDocument: Sendable {
    public enum Format: String, Sendable, Codable {
        case xml, json
    }

    public let format: Format
    public let root: SourceNode

    public init(format: Format, root: SourceNode) {
        self.format = format
        self.root = root
    }
}
