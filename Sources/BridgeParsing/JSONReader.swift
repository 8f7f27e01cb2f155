import BridgeModel
import Foundation

/// Reads a JSON payload into a `SourceDocument` through Foundation's `JSONSerialization`.
public enum JSONReader {
    /// Most nesting accepted.
    public static let maxDepth = 128

    /// Parses `data`; the error names what is wrong in one line.
    public static func parse(_ data: Data, maxBytes: Int = 512 << 20) throws -> SourceDocument {
        if data.isEmpty { throw ParseError(.empty, "empty JSON payload") }
        if data.count > maxBytes { throw ParseError(.limit, "payload exceeds \(maxBytes) bytes") }
        guard String(data: data, encoding: .utf8) != nil else {
            throw ParseError(.encoding, "JSON payload is not valid UTF-8")
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw ParseError(.malformed, "JSON is not well-formed" + (reason.map { ": \($0)" } ?? ""))
        }
        return SourceDocument(format: .json, root: try node(value, name: "$", depth: 0))
    }

    static func node(_ value: Any, name: String, depth: Int) throws -> SourceNode {
        if depth > maxDepth { throw ParseError(.limit, "JSON nested deeper than \(maxDepth)") }
        switch value {
        case let object as [String: Any]:
            let children = try object.keys.sorted().map { key in
                try node(object[key]!, name: key, depth: depth + 1)
            }
            return SourceNode(kind: .object, name: name, children: children)
        case let array as [Any]:
            let items = try array.map { try node($0, name: "", depth: depth + 1) }
            return SourceNode(kind: .array, name: name, children: items)
        case let string as String:
            return SourceNode(kind: .string, name: name, text: string)
        case is NSNull:
            return SourceNode(kind: .null, name: name)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {
                return SourceNode(kind: .bool, name: name, text: number.boolValue ? "true" : "false")
            }
            return SourceNode(kind: .number, name: name, text: number.stringValue)
        default:
            return SourceNode(kind: .string, name: name, text: "\(value)")
        }
    }
}
