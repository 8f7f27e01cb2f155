import BridgeMapping
import BridgeModel
import Foundation

/// Reads the identity directory from YAML or CSV; a bad entry is an error naming the file and line.
///
/// YAML: `officers: [{id, name, agency, unit, block, position, group, accounts: {email: …, party-member: […]}}]`.
/// CSV: `id,name,agency,unit,block,position,group,accounts` with accounts as `email=a@b;party-member=DV1`.
public enum DirectoryFile {
    /// The officers and the organisation (agencies with their block and units; YAML only).
    public static func load(_ path: String) throws -> (officers: [Directory.Officer], agencies: [Directory.Agency]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError("\(path): cannot be read") }
        return try load(data, file: path)
    }

    /// The officers and the organisation from a file's bytes (an upload); `file` names it in errors and says by its
    /// ending whether it is CSV or YAML.
    public static func load(_ data: Data, file path: String) throws -> (officers: [Directory.Officer], agencies: [Directory.Agency]) {
        let loaded = path.lowercased().hasSuffix(".csv") ? (try csv(data, file: path), []) : try yaml(String(decoding: data, as: UTF8.self), file: path)
        do {
            _ = try Directory(loaded.0, agencies: loaded.1)
        } catch let error as DirectoryError {
            throw AppError("\(path): \(error)")
        }
        return loaded
    }

    static func yaml(_ text: String, file: String) throws -> ([Directory.Officer], [Directory.Agency]) {
        let top = try YAMLNode.load(text, file: file)
        _ = try top.entries(allowed: ["officers", "agencies"])
        let agencies = try top.optional("agencies")?.items().map { item -> Directory.Agency in
            _ = try item.entries(allowed: ["code", "name", "block", "units"])
            let blockNode = try item.required("block")
            guard let block = Block(rawValue: try blockNode.string()) else { throw blockNode.error("block '\(try blockNode.string())' is not party, state or mass") }
            return Directory.Agency(
                code: try item.required("code").string(), name: try item.required("name").string(), block: block,
                units: try item.optional("units")?.strings() ?? [])
        } ?? []
        let officers = try top.required("officers").items().map { item in
            _ = try item.entries(allowed: ["id", "name", "agency", "unit", "block", "position", "group", "accounts"])
            var accounts: [String: [String]] = [:]
            for (namespace, value) in try item.optional("accounts")?.entries() ?? [] {
                accounts[namespace] = try value.strings()
            }
            var block: Block?
            if let node = try item.optional("block") {
                guard let parsed = Block(rawValue: try node.string()) else { throw node.error("block '\(try node.string())' is not party, state or mass") }
                block = parsed
            }
            return Directory.Officer(
                id: try item.required("id").string(), name: try item.required("name").string().precomposedStringWithCanonicalMapping,
                agency: try item.optional("agency")?.string(), unit: try item.optional("unit")?.string(), block: block,
                position: try item.optional("position")?.string(), group: try item.optional("group")?.string(), accounts: accounts)
        }
        return (officers, agencies)
    }

    static func csv(_ data: Data, file: String) throws -> [Directory.Officer] {
        var out: [Directory.Officer] = []
        for row in try CSVTable.read(data, file: file) {
            let f = row.fields
            if f.first?.lowercased() == "id" { continue }  // the header row
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            guard f.count == 8 else { throw fail("expected 8 fields (id,name,agency,unit,block,position,group,accounts), found \(f.count)") }
            var block: Block?
            if !f[4].isEmpty {
                guard let parsed = Block(rawValue: f[4]) else { throw fail("block '\(f[4])' is not party, state or mass") }
                block = parsed
            }
            var accounts: [String: [String]] = [:]
            for pair in f[7].split(separator: ";") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else { throw fail("account '\(pair)' is not namespace=id") }
                accounts[kv[0], default: []].append(kv[1])
            }
            func opt(_ s: String) -> String? { s.isEmpty ? nil : s }
            guard !f[0].isEmpty, !f[1].isEmpty else { throw fail("id and name are required") }
            out.append(Directory.Officer(
                id: f[0], name: f[1].precomposedStringWithCanonicalMapping, agency: opt(f[2]), unit: opt(f[3]), block: block,
                position: opt(f[5]), group: opt(f[6]), accounts: accounts))
        }
        return out
    }
}

extension DirectoryFile {
    /// The CSV columns `load` reads, in order.
    public static let csvHeader = ["id", "name", "agency", "unit", "block", "position", "group", "accounts"]

    /// One officer as a CSV row that `load` reads back (accounts as `namespace=id;…`, sorted).
    public static func csvRow(_ o: Directory.Officer) -> [String] {
        let accounts = o.accounts.keys.sorted().flatMap { ns in o.accounts[ns]!.sorted().map { "\(ns)=\($0)" } }.joined(separator: ";")
        return [o.id, o.name, o.agency ?? "", o.unit ?? "", o.block?.rawValue ?? "", o.position ?? "", o.group ?? "", accounts]
    }
}
