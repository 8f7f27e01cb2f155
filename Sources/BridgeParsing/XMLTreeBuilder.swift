import BridgeModel
import CLibXML2

/// Receives libxml2's SAX2 events and builds `SourceNode`s, enforcing `XMLLimits`.
///
/// Only the parser that owns it calls it, on one thread at a time, so it needs no lock.
final class XMLTreeBuilder {
    private struct Pending {
        var name: String
        var namespace: String?
        var prefix: String?
        var attributes: [String: String]
        var text: [UInt8] = []
        var children: [SourceNode] = []
        var skipping: Bool
    }

    let limits: XMLLimits
    var context: xmlParserCtxtPtr?
    private(set) var root: SourceNode?
    private(set) var failure: ParseError?
    private var stack: [Pending] = []
    private var nodeCount = 0
    /// Element names, prefixes and namespace URIs by libxml2's pointer: the parser interns them in its dictionary
    /// (one pointer per distinct string for the parser's life), so each becomes a Swift string once per payload,
    /// not once per element.
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    init(limits: XMLLimits) { self.limits = limits }

    private var line: Int? {
        guard let context, let line = Optional(Int(xmlSAX2GetLineNumber(context))), line > 0 else { return nil }
        return line
    }

    /// Records the first failure and stops the parser.
    func fail(_ code: ParseError.Code, _ message: String) {
        guard failure == nil else { return }
        failure = ParseError(code, message, line: line)
        if let context { xmlStopParser(context) }
    }

    /// The string at an interned libxml2 name.
    func name(_ pointer: UnsafePointer<xmlChar>) -> String {
        if let known = names[pointer] { return known }
        let text = String(cString: pointer)
        names[pointer] = text
        return text
    }

    func startElement(
        localname: String, prefix: String?, uri: String?, attributes: [String: String]
    ) {
        guard failure == nil else { return }
        nodeCount += 1
        if stack.count >= limits.maxDepth {
            return fail(.limit, "elements nested deeper than \(limits.maxDepth)")
        }
        if nodeCount > limits.maxNodes {
            return fail(.limit, "more than \(limits.maxNodes) elements")
        }
        let skipping = (stack.last?.skipping ?? false) || limits.skippedElements.contains(localname)
        stack.append(
            Pending(name: localname, namespace: uri, prefix: prefix, attributes: attributes, skipping: skipping))
    }

    func endElement() {
        guard failure == nil, let done = stack.popLast() else { return }
        let text = done.text.isEmpty ? nil : String(decoding: done.text, as: UTF8.self)
        let node = SourceNode(
            kind: .element, name: done.name, namespace: done.namespace, prefix: done.prefix,
            attributes: done.attributes, text: text, children: done.children)
        if stack.isEmpty {
            root = node
        } else if !stack[stack.count - 1].skipping {
            stack[stack.count - 1].children.append(node)
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard failure == nil, !stack.isEmpty else { return }
        let top = stack.count - 1
        if stack[top].skipping { return }
        if stack[top].text.count + bytes.count > limits.maxTextBytes {
            return fail(.limit, "text of <\(stack[top].name)> exceeds \(limits.maxTextBytes) bytes")
        }
        stack[top].text.append(contentsOf: bytes)
    }
}
