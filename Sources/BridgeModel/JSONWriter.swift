/// Writes JSON straight into bytes, the way `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`
/// writes it, for the bodies the ledger stores by the million (task patches, tasks, scores), where generic
/// `Codable` boxing cost more than the database. The caller writes keys in sorted order.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// What has been written, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func open() { bytes.append(UInt8(ascii: "{")) }
    public mutating func close() { bytes.append(UInt8(ascii: "}")) }
    public mutating func comma() { bytes.append(UInt8(ascii: ",")) }

    /// `"name":`, after a comma unless it is the object's first key.
    public mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { comma() }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Text written as it is: `true`, `false`, `null`, or a number already formatted.
    public mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func number(_ text: String) { bytes.append(contentsOf: text.utf8) }

    public mutating func int(_ number: Int) { bytes.append(contentsOf: String(number).utf8) }

    public mutating func bool(_ value: Bool) { literal(value ? "true" : "false") }

    /// The string, or `null`.
    public mutating func string(_ text: String?) {
        guard let text else { return literal("null") }
        string(text)
    }

    /// A string: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00xx`, everything else
    /// (all of Unicode, `/` included) as its UTF-8.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22, 0x5C: bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `[a,b,…]`, each element written by `element`.
    public mutating func array<T>(_ items: [T], _ element: (inout JSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { comma() }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
