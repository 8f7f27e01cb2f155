import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation

/// What a directory import would change, worked out by importing it and projecting everything in a transaction
/// that is then rolled back (`kpibridge directory import --dry-run`).
public struct DirectoryChange: Sendable {
    /// An officer whose fields or accounts differ between the directory in force and the file.
    public struct Changed: Sendable {
        public let before: Directory.Officer
        public let after: Directory.Officer
        /// The fields that differ, by name (`name`, `agency`, `unit`, `block`, `position`, `group`, `accounts`).
        public let fields: [String]
    }

    /// A task whose people resolve to other officers.
    public struct Resolution: Sendable {
        public let task: TaskKey
        public let before: [String]
        public let after: [String]
    }

    public var added: [Directory.Officer] = []
    public var removed: [Directory.Officer] = []
    public var changed: [Changed] = []
    public var resolutions: [Resolution] = []
    public var scores: [ScoreMove] = []
    /// Links made by hand that the new directory would set aside.
    public var setAside: [DirectoryLink] = []

    /// The officer-level differences between two directories, by id.
    static func officers(from old: Directory, to new: Directory) -> DirectoryChange {
        var change = DirectoryChange()
        change.added = new.officers.values.filter { old.officers[$0.id] == nil }.sorted { $0.id < $1.id }
        change.removed = old.officers.values.filter { new.officers[$0.id] == nil }.sorted { $0.id < $1.id }
        for after in new.officers.values.sorted(by: { $0.id < $1.id }) {
            guard let before = old.officers[after.id], before != after else { continue }
            var fields: [String] = []
            if before.name != after.name { fields.append("name") }
            if before.agency != after.agency { fields.append("agency") }
            if before.unit != after.unit { fields.append("unit") }
            if before.block != after.block { fields.append("block") }
            if before.position != after.position { fields.append("position") }
            if before.group != after.group { fields.append("group") }
            if before.accounts.mapValues(Set.init) != after.accounts.mapValues(Set.init) { fields.append("accounts") }
            if !fields.isEmpty { change.changed.append(Changed(before: before, after: after, fields: fields)) }
        }
        return change
    }

    /// The lines `directory import --dry-run` prints.
    public var lines: [String] {
        var out: [String] = []
        out.append("officers: \(added.count) added, \(removed.count) removed, \(changed.count) changed")
        out += added.map { "  + \($0.id)  \($0.name)" }
        out += removed.map { "  - \($0.id)  \($0.name)" }
        out += changed.map { "  ~ \($0.after.id)  \($0.after.name): \($0.fields.joined(separator: ", "))" }
        out.append("tasks whose people resolve differently: \(resolutions.count)")
        out += resolutions.prefix(50).map { r in
            "  \(r.task.rawValue): \(r.before.isEmpty ? "-" : r.before.joined(separator: ", ")) → \(r.after.isEmpty ? "-" : r.after.joined(separator: ", "))"
        }
        if resolutions.count > 50 { out.append("  … and \(resolutions.count - 50) more") }
        out.append("scores that move: \(scores.count)")
        out += scores.prefix(50).map { "  \($0.line)" }
        if scores.count > 50 { out.append("  … and \(scores.count - 50) more") }
        out += setAside.map { "link set aside: \($0.identity) → \($0.officer) (made by \($0.actor) at \($0.at))" }
        return out
    }
}
