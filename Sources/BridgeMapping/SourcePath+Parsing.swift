import Foundation
import BridgeModel

extension SourcePath {
    /// Compiles `text` in the path language of `format`, resolving prefixes through `namespaces`.
    init(_ text: String, format: SourceDocument.Format, namespaces: NamespaceTable) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw PathSyntaxError(message: "empty path") }
        var scanner = Substring(trimmed)
        let start: Start
        var steps: [Step]
        switch format {
        case .xml:
            start = Self.xmlStart(&scanner)
            steps = try Self.xmlSteps(&scanner, namespaces: namespaces)
        case .json:
            start = try Self.jsonStart(&scanner)
            steps = try Self.jsonSteps(&scanner)
        }
        if start == .root, steps.isEmpty, format == .xml { throw PathSyntaxError(message: "'/' selects nothing") }
        self.init(start: start, steps: steps, format: format, description: trimmed)
    }

    private static func xmlStart(_ s: inout Substring) -> Start {
        if s.first == "$" {
            let name = s.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            s = s.dropFirst(1 + name.count)
            return .variable(String(name))
        }
        if s.first == "/" { return .root }
        if s.hasPrefix("./") { s = s.dropFirst(1) } else if s == "." { s = s.dropFirst() }
        return .current
    }

    private static func xmlSteps(_ s: inout Substring, namespaces: NamespaceTable) throws -> [Step] {
        var steps: [Step] = []
        var first = true
        while !s.isEmpty {
            var descendant = false
            if s.hasPrefix("//") {
                descendant = true
                s = s.dropFirst(2)
            } else if s.first == "/" {
                s = s.dropFirst()
            } else if !first {
                throw PathSyntaxError(message: "expected '/' before '\(s)'")
            }
            first = false
            let token = s.prefix { $0 != "/" && $0 != "[" }
            s = s.dropFirst(token.count)
            if token.isEmpty { throw PathSyntaxError(message: "empty step") }
            if token.first == "@" {
                steps.append(.attribute(String(token.dropFirst())))
            } else {
                let test = try nameTest(String(token), namespaces: namespaces)
                steps.append(descendant ? .descendant(test) : .child(test))
            }
            while s.first == "[" {
                guard let close = s.firstIndex(of: "]"), let n = Int(s[s.index(after: s.startIndex)..<close]), n >= 1
                else { throw PathSyntaxError(message: "XML positions are written [1], [2], …") }
                steps.append(.index(n - 1))
                s = s[s.index(after: close)...]
            }
        }
        return steps
    }

    private static func nameTest(_ token: String, namespaces: NamespaceTable) throws -> NameTest {
        if token == "*" { return .any }
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isNameCharacter) }), parts.count <= 2 else {
            throw PathSyntaxError(message: "'\(token)' is not an element name")
        }
        if parts.count == 1 { return .local(token) }
        guard let entry = namespaces.entries[String(parts[0])] else {
            throw PathSyntaxError(message: "unknown namespace prefix '\(parts[0])' (declare it under namespaces)")
        }
        return .qualified(entry, String(parts[1]))
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "."
    }

    private static func jsonStart(_ s: inout Substring) throws -> Start {
        if s.first == "@" {
            s = s.dropFirst()
            return .current
        }
        guard s.first == "$" else {
            throw PathSyntaxError(message: "JSON paths start with '$' (root), '$name' (a binding) or '@' (current item)")
        }
        s = s.dropFirst()
        let name = s.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        s = s.dropFirst(name.count)
        return name.isEmpty ? .root : .variable(String(name))
    }

    private static func jsonSteps(_ s: inout Substring) throws -> [Step] {
        var steps: [Step] = []
        while let c = s.first {
            if s.hasPrefix("..") {
                s = s.dropFirst(2)
                let key = s.prefix { $0 != "." && $0 != "[" }
                s = s.dropFirst(key.count)
                guard !key.isEmpty else { throw PathSyntaxError(message: "'..' needs a key") }
                steps.append(.descendant(key == "*" ? .any : .local(String(key))))
            } else if c == "." {
                s = s.dropFirst()
                let key = s.prefix { $0 != "." && $0 != "[" }
                s = s.dropFirst(key.count)
                guard !key.isEmpty else { throw PathSyntaxError(message: "'.' needs a key") }
                steps.append(key == "*" ? .items : .child(.local(String(key))))
            } else if c == "[" {
                guard let close = s.firstIndex(of: "]") else { throw PathSyntaxError(message: "missing ']'") }
                let inner = s[s.index(after: s.startIndex)..<close]
                s = s[s.index(after: close)...]
                if inner == "*" {
                    steps.append(.items)
                } else if let n = Int(inner), n >= 0 {
                    steps.append(.index(n))
                } else if inner.count >= 2, let q = inner.first, q == "'" || q == "\"", inner.last == q {
                    steps.append(.child(.local(String(inner.dropFirst().dropLast()))))
                } else {
                    throw PathSyntaxError(message: "'[\(inner)]' is not [*], [n] or ['key']")
                }
            } else {
                throw PathSyntaxError(message: "unexpected '\(c)'")
            }
        }
        return steps
    }
}
