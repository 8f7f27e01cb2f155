import BridgeModel

/// Every node of a parsed XML payload by local name, in document order, built once per payload: `//ed:DocumentId`
/// from the document is one lookup instead of a walk of the whole tree (an edXML mapping evaluates about forty
/// such paths per record).
final class NodeIndex: Sendable {
    /// The wrapper above the root element that `/` and `//` start from.
    let document: SourceNode
    private let byName: [String: [SourceNode]]

    init(root: SourceNode) {
        document = SourceNode(kind: .element, name: "#document", children: [root])
        var byName: [String: [SourceNode]] = [:]
        var stack = [root]
        while let node = stack.popLast() {
            byName[node.name, default: []].append(node)
            for child in node.children.reversed() { stack.append(child) }
        }
        self.byName = byName
    }

    /// The nodes with this local name, in document order.
    func nodes(named name: String) -> [SourceNode] { byName[name] ?? [] }
}
