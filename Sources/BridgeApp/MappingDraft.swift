import BridgeModel
import BridgeParsing
import Foundation

/// `kpibridge mapping new --from-sample page.json`: a first draft of a mapping from one sample page of a JSON
/// tool — where the records are, which field is likely the id, title, status, deadline, completion, update time
/// and handler (by name, in English and Vietnamese), the date pattern each time field is written in, and the
/// distinct status words, each left for a person to give its lifecycle state. The draft loads as it is (its
/// statuses change nothing until someone says what they mean) and says in comments what to check.
public enum MappingDraft {
    /// Field roles and the names (lower-cased, without accents' effect on ASCII) that suggest them, most likely first.
    static let roles: [(role: String, names: [String])] = [
        ("id", ["id", "ma", "mavanban", "macongviec", "macv", "code", "uuid", "key"]),
        ("title", ["title", "tieude", "trichyeu", "ten", "name", "subject", "noidung"]),
        ("status", ["status", "trangthai", "state", "tinhtrang"]),
        ("dueAt", ["due", "duedate", "deadline", "han", "hanxuly", "hanhoanthanh", "ngayhethan"]),
        ("completedAt", ["completedat", "completed", "ngayhoanthanh", "hoanthanhluc", "finishedat", "doneat"]),
        ("updated", ["updatedat", "updated", "capnhat", "ngaycapnhat", "modified", "lastmodified", "updated_at"]),
        ("mainHandler", ["assignee", "owner", "nguoixuly", "chutri", "nguoichutri", "handler", "canbo", "email"]),
    ]

    /// Date patterns tried on sample values, most specific first.
    static let patterns = [
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm", "dd-MM-yyyy",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd", "iso8601", "epoch-ms",
    ]

    public static func draft(sample data: Data, id: String, file: String) throws -> String {
        let document: SourceDocument
        do {
            document = try JSONReader.parse(data)
        } catch {
            throw AppError("\(file): not a JSON page (\(error)); drafts are made from JSON samples — for edXML start from Mappings/eoffice-edxml.yml")
        }
        guard let (itemsPath, records) = Self.items(in: document.root) else {
            throw AppError("\(file): no list of records found (an array of objects, at the top or one level down)")
        }
        // Every key the records have, with its sample values.
        var keys: [String] = []
        var values: [String: [String]] = [:]
        for record in records {
            for child in record.children where child.kind != .object && child.kind != .array {
                if values[child.name] == nil { keys.append(child.name) }
                values[child.name, default: []].append(child.text ?? "")
            }
        }
        func normalised(_ name: String) -> String {
            name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).filter { $0.isLetter || $0.isNumber }
        }
        var chosen: [String: String] = [:]
        for (role, names) in roles {
            let taken = Set(chosen.values)
            // An exact name first; else a key that starts with one (`ma_cv` for an id, `han_xu_ly` for a deadline).
            let exact = names.lazy.compactMap { name in keys.first { normalised($0) == name && !taken.contains($0) } }.first
            let prefixed = names.lazy.compactMap { name in keys.first { normalised($0).hasPrefix(name) && name.count >= 3 && !taken.contains($0) } }.first
            if let key = exact ?? prefixed { chosen[role] = key }
        }
        func datePattern(_ key: String) -> String? {
            let samples = (values[key] ?? []).filter { !$0.isEmpty }
            guard !samples.isEmpty else { return nil }
            return patterns.first { pattern in
                guard let parser = try? DatePatternParser(pattern: pattern) else { return false }
                return samples.allSatisfy { parser.parse($0, defaultOffsetSeconds: 7 * 3600) != nil || (!parser.hasTime && parser.parseDay($0) != nil) }
                    && (pattern != "epoch-ms" || samples.allSatisfy { $0.count >= 12 })
            }
        }
        let statusWords = chosen["status"].map { Array(Set(values[$0] ?? [])).filter { !$0.isEmpty }.sorted() } ?? []
        let idKey = chosen["id"] ?? keys.first ?? "id"
        let timeKey = chosen["updated"]
        let timePattern = timeKey.flatMap(datePattern)

        var yaml = """
            # Draft made by `kpibridge mapping new --from-sample \(file)`: \(records.count) record(s), keys \(keys.joined(separator: ", ")).
            # Check every line marked TODO, then `kpibridge mapping check` and `kpibridge mapping test` this file.
            id: \(id)
            version: 1
            format: json
            zone: "+07:00"
            description: TODO what this tool is
            items: \(itemsPath)


            """
        yaml += statusWords.isEmpty ? "statuses: {}   # TODO: no status field found; list the tool's status words\n" : "statuses:\n"
        for (index, word) in statusWords.enumerated() {
            yaml += "  \(Self.quoted(word)): { status: ~, rank: \(index + 1) }   # TODO: received, assigned, in_progress, completed, returned or cancelled\n"
        }
        yaml += """

            rules:
              - name: task
                task: { concat: [ "\(id):", { path: "@.\(idKey)" } ] }
                recordId: "@.\(idKey)"

            """
        if let timeKey, let timePattern {
            yaml += "    version: \"@.\(timeKey)\"\n    time: { path: \"@.\(timeKey)\", date: \"\(timePattern)\" }\n"
        } else {
            yaml += "    version: { const: \"1\" }   # TODO: a field that changes when the record changes\n"
            yaml += "    time: { const: \"2026-01-01T00:00:00+07:00\", date: iso8601 }   # TODO: the record's update time\n"
        }
        if let status = chosen["status"] { yaml += "    status: \"@.\(status)\"\n" }
        yaml += "    fields:\n"
        if let title = chosen["title"] { yaml += "      title: \"@.\(title)\"\n" }
        for role in ["dueAt", "completedAt"] {
            guard let key = chosen[role] else { continue }
            if let pattern = datePattern(key) {
                yaml += "      \(role): { path: \"@.\(key)\", date: \"\(pattern)\"\(role == "dueAt" && !pattern.contains("HH") ? ", endOfDay: true" : "") }\n"
            } else {
                yaml += "      # TODO \(role): \"@.\(key)\" — no date pattern fits its samples\n"
            }
        }
        if let handler = chosen["mainHandler"] {
            let isEmail = (values[handler] ?? []).contains { $0.contains("@") }
            yaml += "      mainHandler: { namespace: \(isEmail ? "email" : "\(id)-staff"), id: \(isEmail ? "{ path: \"@.\(handler)\", lower: true }" : "\"@.\(handler)\"") }   # TODO: check the namespace\n"
        }
        let unused = keys.filter { !chosen.values.contains($0) }
        if !unused.isEmpty { yaml += "      # TODO: other keys of the records: \(unused.joined(separator: ", "))\n" }
        return yaml
    }

    /// The records: the root array, or the largest array of objects one level down.
    static func items(in root: SourceNode) -> (path: String, records: [SourceNode])? {
        func objects(_ node: SourceNode) -> [SourceNode] { node.children.filter { $0.kind == .object } }
        if root.kind == .array, !objects(root).isEmpty { return ("$[*]", objects(root)) }
        let arrays = root.children.filter { $0.kind == .array && !objects($0).isEmpty }
        guard let best = arrays.max(by: { objects($0).count < objects($1).count }) else { return nil }
        return ("$.\(best.name)[*]", objects(best))
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
