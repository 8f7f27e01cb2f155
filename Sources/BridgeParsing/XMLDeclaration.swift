import Foundation

/// Reads the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`) at the start of a payload.
enum XMLDeclaration {
    /// Refuses a payload that declares an encoding other than UTF-8: edXML is UTF-8, and a wrong
    /// declaration would otherwise turn Vietnamese text into mojibake without any error.
    static func checkEncoding(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = declarationEnd(bytes[...]) else { return }
        guard let encoding = attribute("encoding", in: bytes[..<end]) else { return }
        let normalized = encoding.lowercased().filter { $0 != "-" && $0 != "_" }
        if normalized != "utf8" {
            throw ParseError(.encoding, "declares encoding '\(encoding)'; only UTF-8 is accepted", line: 1)
        }
    }

    /// Where `?>` first starts in `bytes` (an index of `bytes`): a byte loop, because Foundation's generic
    /// `firstRange(of:)` cost as much as a tenth of parsing a small document.
    static func declarationEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        let limit = bytes.endIndex - 1
        var index = bytes.startIndex
        while index < limit {
            if bytes[index] == 0x3F, bytes[index + 1] == 0x3E { return index }
            index += 1
        }
        return nil
    }

    /// The value of `name="…"` or `name='…'` inside the declaration's bytes.
    static func attribute(_ name: String, in declaration: ArraySlice<UInt8>) -> String? {
        let key = Array(name.utf8)
        var index = declaration.startIndex
        while index + key.count <= declaration.endIndex, !declaration[index..<index + key.count].elementsEqual(key) { index += 1 }
        guard index + key.count <= declaration.endIndex else { return nil }
        var rest = declaration[(index + key.count)...].drop { $0 == 0x20 || $0 == 0x09 }
        guard rest.first == UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop { $0 == 0x20 || $0 == 0x09 }
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        return String(decoding: rest.dropFirst().prefix { $0 != quote }, as: UTF8.self)
    }
}
