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
    /// XML only: the document node and its nodes by name, shared by every record of the payload.
    let index: NodeIndex?

    public init(root: SourceNode, format: SourceDocument.Format) {
        self.root = root
        self.current = root
        self.bindings = [:]
        self.format = format
        self.index = format == .xml ? NodeIndex(root: root) : nil
    }
}

extension SourcePath {
    /// Every match in document order.
    func evaluate(in context: PathContext) -> [PathMatch] {
        var set: [PathMatch]
        var remaining = steps[...]
        switch start {
        case .root:
            if let index = context.index, case .descendant(let test)? = steps.first, let name = test.localName {
                // `//name` from the document: every node of that name, in document order, from the index.
                set = index.nodes(named: name).filter { matches(test, $0) }.map(PathMatch.node)
                remaining = steps.dropFirst()
            } else {
                set = [.node(context.index?.document ?? context.root)]
            }
        case .current:
            set = [.node(context.current)]
        case .variable(let name):
            guard let bound = context.bindings[name] else { return [] }
            set = [.node(bound)]
        }
        for step in remaining {
            if set.isEmpty { break }
            set = apply(step, to: set)
        }
        return set
    }

    /// The first match's text, as `evaluate(in:).compactMap(\.text).first` gives it, found depth first without
    /// building any set; only for chain paths (`isChain`).
    func firstText(in context: PathContext) -> String? {
        first(in: context, node: \.text, attribute: { $0 })
    }

    /// Whether the path matches anything, as `!evaluate(in:).isEmpty` says; only for chain paths.
    func matchesAny(in context: PathContext) -> Bool {
        first(in: context, node: { _ in true }, attribute: { _ in true }) ?? false
    }

    /// The first non-nil `node(match)` or `attribute(text)` over the matches in document order, depth first.
    private func first<T>(in context: PathContext, node leaf: (SourceNode) -> T?, attribute: (String) -> T?) -> T? {
        func walk(_ node: SourceNode, _ index: Int) -> T? {
            guard index < steps.count else { return leaf(node) }
            switch steps[index] {
            case .child(let test):
                if format == .json, node.kind == .array {
                    for item in node.children {
                        for child in item.children where matches(test, child) {
                            if let found = walk(child, index + 1) { return found }
                        }
                    }
                    return nil
                }
                for child in node.children where matches(test, child) {
                    if let found = walk(child, index + 1) { return found }
                }
                return nil
            case .items:
                guard node.kind == .array || node.kind == .object else { return nil }
                for child in node.children {
                    if let found = walk(child, index + 1) { return found }
                }
                return nil
            case .index(let n):
                guard node.kind == .array, n < node.children.count else { return nil }
                return walk(node.children[n], index + 1)
            case .attribute(let name):
                return node.attributes[name].flatMap(attribute)
            case .descendant:
                return nil  // only first, from the index (see `isChain`)
            }
        }
        switch start {
        case .root:
            if let index = context.index, case .descendant(let test)? = steps.first, let name = test.localName {
                for node in index.nodes(named: name) where matches(test, node) {
                    if let found = walk(node, 1) { return found }
                }
                return nil
            }
            return walk(context.index?.document ?? context.root, 0)
        case .current:
            return walk(context.current, 0)
        case .variable(let name):
            return context.bindings[name].flatMap { walk($0, 0) }
        }
    }

    private func apply(_ step: Step, to set: [PathMatch]) -> [PathMatch] {
        let nodes = set.compactMap(\.node)
        switch step {
        case .child(let test):
            var out: [PathMatch] = []
            for node in expandArrays(nodes) {
                for child in node.children where matches(test, child) { out.append(.node(child)) }
            }
            return out
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
