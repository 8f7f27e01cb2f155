import Foundation

/// Reads the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`) at the start of a payload.
enum XMLDeclaration {
    /// Refuses a payload that declares an encoding other than UTF-8: edXML is UTF-8, and a wrong
    /// declaration would otherwise turn Vietnamese text into mojibake without any error.
    static func checkEncoding(_ bytes: [UInt8]) throws {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = declarationEnd(bytes[...]) else { return }
        let declaration = String(decoding: bytes[..<end], as: UTF8.self)
        guard let encoding = attribute("encoding", in: declaration) else { return }
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

    /// The value of `name="…"` or `name='…'` inside the declaration.
    static func attribute(_ name: String, in declaration: String) -> String? {
        var rest = declaration[...]
        while !rest.isEmpty, !rest.hasPrefix(name) { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        rest = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(value)
    }
}
