import BridgeModel

/// What a path selects: a node, or an attribute's text.
public enum PathMatch: Sendable {
    case node(SourceNode)
    case text(String)

    /// The text a match stands for, if any.
    public var text: String? {
        switch self {
        case .node(let node): return node.text
        case .text(let text): return text
        }
    }

    var node: SourceNode? {
        if case .node(let node) = self { return node }
        return nil
    }
}

/// Where paths are evaluated: the record's root, the current item, and named bindings.
public struct PathContext: Sendable {
    public let root: SourceNode
    public var current: SourceNode
    public var bindings: [String: SourceNode]
    let format: SourceDocument.Format

    public init(root: SourceNode, format: SourceDocument.Format) {
        self.root = root
        self.current = root
        self.bindings = [:]
        self.format = format
    }
}

extension SourcePath {
    /// Every match in document order.
    func evaluate(in context: PathContext) -> [PathMatch] {
        var set: [PathMatch]
        switch start {
        case .root:
            set = [.node(format == .xml ? SourceNode(kind: .element, name: "#document", children: [context.root]) : context.root)]
        case .current:
            set = [.node(context.current)]
        case .variable(let name):
            guard let bound = context.bindings[name] else { return [] }
            set = [.node(bound)]
        }
        for step in steps {
            set = apply(step, to: set)
            if set.isEmpty { break }
        }
        return set
    }

    private func apply(_ step: Step, to set: [PathMatch]) -> [PathMatch] {
        let nodes = set.compactMap(\.node)
        switch step {
        case .child(let test):
            return expandArrays(nodes).flatMap { $0.children.filter { matches(test, $0) } }.map(PathMatch.node)
        case .descendant(let test):
            let all = nodes.flatMap { (format == .xml ? [$0] : []) + $0.descendants() }
            return all.filter { matches(test, $0) && $0.name != "#document" }.map(PathMatch.node)
        case .attribute(let name):
            return nodes.compactMap { $0.attributes[name] }.map(PathMatch.text)
        case .items:
            return nodes.flatMap { $0.kind == .array || $0.kind == .object ? $0.children : [] }.map(PathMatch.node)
        case .index(let n):
            if format == .json {
                return nodes.compactMap { $0.kind == .array && n < $0.children.count ? $0.children[n] : nil }
                    .map(PathMatch.node)
            }
            return n < set.count ? [set[n]] : []
        }
    }

    /// JSON arrays are looked through: `.key` on an array applies to each item.
    private func expandArrays(_ nodes: [SourceNode]) -> [SourceNode] {
        guard format == .json else { return nodes }
        return nodes.flatMap { $0.kind == .array ? $0.children : [$0] }
    }

    private func matches(_ test: NameTest, _ node: SourceNode) -> Bool {
        if format == .json, node.name.isEmpty { return false }
        switch test {
        case .any: return true
        case .local(let name): return node.name == name
        case .qualified(let entry, let name):
            guard node.name == name else { return false }
            if let uri = node.namespace { return entry.uris.contains(uri) }
            return node.prefix.map(entry.undeclaredPrefixes.contains) ?? false
        }
    }
}
