import BridgeModel
import Foundation

extension MappingSpec {
    /// Loads and validates a mapping; any problem throws a `MappingError` with file, line and rule.
    public static func load(text: String, file: String) throws -> MappingSpec {
        let top = try YAMLNode.load(text, file: file)
        let keys: Set<String> = ["id", "version", "format", "zone", "namespaces", "skip", "items", "statuses", "rules", "examples", "description", "paging", "dossier"]
        _ = try top.entries(allowed: keys)
        let format: SourceDocument.Format
        let formatNode = try top.required("format")
        switch try formatNode.string() {
        case "xml": format = .xml
        case "json": format = .json
        case let other: throw formatNode.error("format '\(other)' is not xml or json")
        }
        var loader = Loader(format: format, namespaces: NamespaceTable(), offset: VietnamTime.offsetSeconds)
        if let zone = try top.optional("zone") { loader.offset = try Loader.offset(zone) }
        if let ns = try top.optional("namespaces") { loader.namespaces = try Loader.namespaces(ns) }
        let idNode = try top.required("id")
        let id = try idNode.string()
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw idNode.error("id must be letters, digits, '-' or '_'")
        }
        let versionNode = try top.required("version")
        let version = try versionNode.int()
        guard version >= 1 else { throw versionNode.error("version must be 1 or more") }
        let statuses = try top.optional("statuses").map(Loader.statuses) ?? [:]
        let dossier = try top.optional("dossier").map { try loader.dossierRule($0) }
        let rulesNode = try dossier == nil ? top.required("rules") : top.optional("rules")
        let rules = try rulesNode?.items().map { try loader.rule($0, statuses: statuses) } ?? []
        if rules.isEmpty, dossier == nil, let rulesNode { throw rulesNode.error("a mapping needs at least one rule (or a dossier: block)") }
        var names = Set<String>()
        for (rule, node) in zip(rules, try rulesNode?.items() ?? []) where !names.insert(rule.name).inserted {
            throw node.error("duplicate rule name '\(rule.name)'")
        }
        let items = try top.optional("items").map { try loader.path($0) }
        if items != nil, format == .xml { throw try top.required("items").error("items is for JSON pages only") }
        return MappingSpec(
            id: id, version: version, format: format, file: file, text: text, namespaces: loader.namespaces,
            skippedElements: Set(try top.optional("skip")?.strings() ?? []), items: items,
            paging: try top.optional("paging").map { try loader.paging($0) }, statuses: statuses,
            rules: rules, dossier: dossier, examples: try top.optional("examples").map(Loader.examples) ?? [],
            summary: try top.optional("description")?.string())
    }
}

/// Turns YAML nodes into the compiled parts of a mapping.
struct Loader {
    let format: SourceDocument.Format
    var namespaces: NamespaceTable
    var offset: Int

    static func offset(_ node: YAMLNode) throws -> Int {
        let text = try node.string()
        if text == "Z" || text == "UTC" { return 0 }
        let sign: Int = text.hasPrefix("-") ? -1 : 1
        let digits = text.dropFirst().split(separator: ":")
        guard text.first == "+" || text.first == "-", digits.count == 2, let h = Int(digits[0]), let m = Int(digits[1]),
            (0...14).contains(h), (0...59).contains(m)
        else { throw node.error("zone '\(text)' is not Z or ±HH:MM") }
        return sign * (h * 3600 + m * 60)
    }

    static func namespaces(_ node: YAMLNode) throws -> NamespaceTable {
        var table = NamespaceTable()
        for (prefix, value) in try node.entries() {
            if value.isScalar {
                table.entries[prefix] = .init(uris: [try value.string()], undeclaredPrefixes: [])
                continue
            }
            _ = try value.entries(allowed: ["uri", "aliases", "undeclaredPrefixes"])
            let uris = [try value.required("uri").string()] + (try value.optional("aliases")?.strings() ?? [])
            table.entries[prefix] = .init(
                uris: Set(uris), undeclaredPrefixes: Set(try value.optional("undeclaredPrefixes")?.strings() ?? []))
        }
        return table
    }

    static func statuses(_ node: YAMLNode) throws -> [String: MappingSpec.StatusEntry] {
        var table: [String: MappingSpec.StatusEntry] = [:]
        for (code, value) in try node.entries() {
            _ = try value.entries(allowed: ["status", "rank", "reopens"])
            var status: TaskStatus?
            if let s = try value.optional("status"), !s.isNull {
                guard let parsed = TaskStatus(rawValue: try s.string()) else {
                    throw s.error("'\(try s.string())' is not one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = parsed
            }
            table[code] = .init(
                status: status, rank: try value.required("rank").int(),
                reopens: try value.optional("reopens")?.bool() ?? false)
        }
        return table
    }

    static func examples(_ node: YAMLNode) throws -> [MappingExample] {
        try node.items().map { item in
            _ = try item.entries(allowed: ["input", "expect", "deadLetters"])
            var expect: [String: [String: String]] = [:]
            for (key, fields) in try item.optional("expect")?.entries() ?? [] {
                var values: [String: String] = [:]
                for (field, value) in try fields.entries() {
                    guard MappingExample.keys.contains(field) else {
                        throw value.error("'\(field)' is not a key an example can expect (\(MappingExample.keys.joined(separator: ", ")))")
                    }
                    values[field] = try value.string()
                }
                expect[key] = values
            }
            let letters = try item.optional("deadLetters")?.items().map { letter -> (record: String, reason: String) in
                _ = try letter.entries(allowed: ["record", "reason"])
                return (try letter.required("record").string(), try letter.required("reason").string())
            } ?? []
            if expect.isEmpty && letters.isEmpty { throw item.error("an example expects tasks (expect:) or dead letters (deadLetters:)") }
            return MappingExample(input: try item.required("input").string(), expect: expect, deadLetters: letters, line: item.line)
        }
    }

    func path(_ node: YAMLNode) throws -> SourcePath {
        do {
            return try SourcePath(try node.string(), format: format, namespaces: namespaces)
        } catch let error as PathSyntaxError {
            throw node.error("path '\((try? node.string()) ?? "")': \(error.message)")
        }
    }
}
