import BridgeModel
import Foundation

/// Reads a JSON payload (RFC 8259) into a `SourceDocument`, strictly: invalid UTF-8, duplicate keys, lone
/// surrogates, control characters in strings, trailing commas and trailing content are refused; numbers are kept
/// exactly as written (no rounding of `12345678901234567890` or `1e999`); depth, string and number sizes are
/// bounded. Foundation's `JSONSerialization` keeps the last of duplicate keys and rounds numbers, and builds
/// an `NSDictionary` tree first; this reader builds the nodes directly from the bytes, several times faster.
public enum JSONReader {
    /// Most nesting accepted.
    public static let maxDepth = 128

    /// Bounds that keep a hostile payload from costing unbounded time or memory.
    public struct Limits: Sendable {
        public var maxBytes = 512 << 20
        public var maxDepth = JSONReader.maxDepth
        /// Longest string, in UTF-8 bytes (as libxml2's default for one text node).
        public var maxStringBytes = 10 << 20
        /// Longest number, in characters.
        public var maxNumberLength = 100

        public init() {}
    }

    /// Parses `data`; the error names what is wrong and where, in one line.
    public static func parse(_ data: Data, limits: Limits = Limits()) throws -> SourceDocument {
        if data.isEmpty { throw ParseError(.empty, "empty JSON payload") }
        if data.count > limits.maxBytes { throw ParseError(.limit, "payload exceeds \(limits.maxBytes) bytes") }
        let root = try data.withUnsafeBytes { bytes in
            var parser = JSONByteParser(bytes: bytes, limits: limits)
            return try parser.document()
        }
        return SourceDocument(format: .json, root: root)
    }
}

/// The parser proper: one pass over the bytes, recursive descent with an explicit depth bound.
struct JSONByteParser {
    let bytes: UnsafeRawBufferPointer
    let limits: JSONReader.Limits
    var index = 0

    init(bytes: UnsafeRawBufferPointer, limits: JSONReader.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func document() throws -> SourceNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }  // UTF-8 BOM
        skipWhitespace()
        guard index < bytes.count else { throw ParseError(.empty, "empty JSON payload") }
        let root = try value(name: "$", depth: 0)
        skipWhitespace()
        if index < bytes.count { throw failure(.malformed, "content after the JSON value") }
        return root
    }

    private mutating func value(name: String, depth: Int) throws -> SourceNode {
        guard index < bytes.count else { throw failure(.malformed, "ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(name: name, depth: depth + 1)
        case UInt8(ascii: "["): return try array(name: name, depth: depth + 1)
        case UInt8(ascii: "\""): return SourceNode(kind: .string, name: name, text: try string())
        case UInt8(ascii: "t"): try literal("true"); return SourceNode(kind: .bool, name: name, text: "true")
        case UInt8(ascii: "f"): try literal("false"); return SourceNode(kind: .bool, name: name, text: "false")
        case UInt8(ascii: "n"): try literal("null"); return SourceNode(kind: .null, name: name)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return SourceNode(kind: .number, name: name, text: try number())
        default: throw failure(.malformed, "unexpected \(shown(bytes[index])) where a value was expected")
        }
    }

    private mutating func object(name: String, depth: Int) throws -> SourceNode {
        if depth > limits.maxDepth { throw failure(.limit, "nested deeper than \(limits.maxDepth)") }
        index += 1
        var children: [SourceNode] = []
        var keys: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return SourceNode(kind: .object, name: name) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failure(.malformed, "ends inside an object") }
            guard peek(UInt8(ascii: "\"")) else { throw failure(.malformed, "expected a key in quotes") }
            let keyStart = index
            let key = try string()
            // Two values under one key: which one a system meant cannot be known, so the record is refused.
            if !keys.insert(key).inserted {
                index = keyStart
                throw failure(.malformed, "duplicate key \"\(key.prefix(60))\"")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw failure(.malformed, "expected ':' after key \"\(key.prefix(60))\"") }
            index += 1
            skipWhitespace()
            children.append(try value(name: key, depth: depth))
            if try closes(UInt8(ascii: "}"), in: "an object") { break }
        }
        return SourceNode(kind: .object, name: name, children: children)
    }

    private mutating func array(name: String, depth: Int) throws -> SourceNode {
        if depth > limits.maxDepth { throw failure(.limit, "nested deeper than \(limits.maxDepth)") }
        index += 1
        var items: [SourceNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return SourceNode(kind: .array, name: name) }
        while true {
            skipWhitespace()
            items.append(try value(name: "", depth: depth))
            if try closes(UInt8(ascii: "]"), in: "an array") { break }
        }
        return SourceNode(kind: .array, name: name, children: items)
    }

    /// After a member: true past the closing `close`, false past a comma (another member follows).
    private mutating func closes(_ close: UInt8, in container: String) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure(.malformed, "ends inside \(container)") }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: ",") { return false }
        if byte == close { return true }
        index -= 1
        throw failure(.malformed, "expected ',' or '\(Character(Unicode.Scalar(close)))' in \(container), found \(shown(byte))")
    }

    /// A string starting at the opening quote; escapes decoded, UTF-8 validated.
    private mutating func string() throws -> String {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                return try text(from: contentStart, to: index, stringStart: start)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure(.malformed, "control character \(shown(byte)) inside a string") }
            index += 1
            if index - contentStart > limits.maxStringBytes { throw tooLong(start) }
        }
        var scratch = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let decoded = String(validating: scratch, as: UTF8.self) else {
                    index = start
                    throw failure(.encoding, "string is not valid UTF-8")
                }
                return decoded
            case UInt8(ascii: "\\"):
                try escape(into: &scratch)
            case 0..<0x20:
                throw failure(.malformed, "control character \(shown(byte)) inside a string")
            default:
                scratch.append(byte)
                index += 1
            }
            if scratch.count > limits.maxStringBytes { throw tooLong(start) }
        }
        index = start
        throw failure(.malformed, "ends inside a string")
    }

    /// The bytes between the quotes, validated; moves past the closing quote.
    private mutating func text(from: Int, to end: Int, stringStart: Int) throws -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[from..<end])
        guard let decoded = String(validating: slice, as: UTF8.self) else {
            index = stringStart
            throw failure(.encoding, "string is not valid UTF-8")
        }
        index = end + 1
        return decoded
    }

    private mutating func escape(into scratch: inout [UInt8]) throws {
        index += 1
        guard index < bytes.count else { throw failure(.malformed, "ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure(.encoding, "lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw failure(.encoding, "surrogate \\u\(String(scalar, radix: 16, uppercase: true)) not followed by a low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure(.encoding, "lone surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in a string")
            }
            scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            index -= 1
            throw failure(.malformed, "invalid escape \\\(shown(byte)) in a string")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure(.malformed, "ends inside a \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.malformed, "invalid hex digit \(shown(byte)) in a \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number, checked against the JSON grammar and kept as written.
    private mutating func number() throws -> String {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformed, "a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure(.malformed, "a number may not start with 0") }
        } else {
            digits()
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformed, "a number needs digits after '.'") }
            digits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure(.malformed, "a number needs digits in its exponent") }
            digits()
        }
        if index - start > limits.maxNumberLength {
            index = start
            throw failure(.limit, "number longer than \(limits.maxNumberLength) characters")
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func digits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0
        else { throw failure(.malformed, "unexpected \(shown(bytes[index])) where a value was expected") }
        index += count
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func tooLong(_ start: Int) -> ParseError {
        failure(.limit, "string longer than \(limits.maxStringBytes) bytes", at: start)
    }

    /// An error at the current position (or `at`), with its line and column.
    private func failure(_ code: ParseError.Code, _ message: String, at position: Int? = nil) -> ParseError {
        let offset = min(position ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return ParseError(code, "JSON \(message) (column \(offset - lineStart + 1))", line: line)
    }

    private func shown(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
    }
}
