import BridgeModel
import Foundation

/// How the ledger's rows are read and written, shared by its stores and the projector's transaction: stored
/// bodies (`StoredBody`), task rows with their officer rows, and the small lookups several stores need.
extension LedgerStore {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func decodeTask(_ body: Data) throws -> UnifiedTask { try StoredBody.decodeTask(body) }
    static func decodePatch(_ body: Data) throws -> TaskPatch { try StoredBody.decodePatch(body) }

    /// Patches and task values as stored bodies (see `StoredBody`).
    static func encode(_ patch: TaskPatch) -> Data { StoredBody.encode(patch) }
    static func encode(_ task: UnifiedTask) -> Data { StoredBody.encode(task) }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every task that names `officer` (main handler or coordinator), ordered by key.
    static func officerTasks(_ db: any LedgerSQL, _ officer: String) throws -> [UnifiedTask] {
        try Data.fetchAll(db, sql: "SELECT body FROM task WHERE key IN (SELECT task_key FROM task_officer WHERE officer = ?) ORDER BY key",
            arguments: [officer]
        ).map(decodeTask)
    }

    static func assessment(_ db: any LedgerSQL, officer: String, period: String) throws -> StoredAssessment? {
        try db.fetchRecord(Table.Assessment.self, where: "officer = ? AND period = ?", arguments: [officer, period])?.stored
    }

    static func audit(_ db: any LedgerSQL, at: Timestamp, actor: String, action: String, subject: String?, detail: String?) throws {
        try db.insert(Table.Audit(at: at, actor: actor, action: action, subject: subject, detail: detail))
    }

    /// The directory as stored.
    /// The directory as stored, with the accounts linked by hand applied on top (see `DirectoryLink`).
    static func directory(_ db: any LedgerSQL) throws -> Directory {
        try importedDirectory(db).applying(try directoryLinks(db)).directory
    }

    /// The directory as the last import gave it, without links.
    /// Each table's JSON rows are decoded as one array: `JSONDecoder` costs more per call than per row (40,000
    /// officers took 1.7 s one by one).
    static func importedDirectory(_ db: any LedgerSQL) throws -> Directory {
        func rows<T: Decodable>(_ sql: String, as type: T.Type) throws -> [T] {
            var array = Data("[".utf8)
            var first = true
            try db.forEachRow(sql: sql) { row in
                if !first { array.append(UInt8(ascii: ",")) }
                array.append(contentsOf: (try row["body"] as String).utf8)
                first = false
            }
            array.append(UInt8(ascii: "]"))
            return try JSONDecoder().decode([T].self, from: array)
        }
        return try Directory(
            try rows("SELECT body FROM directory_officer ORDER BY id", as: Directory.Officer.self),
            agencies: try rows("SELECT body FROM directory_agency ORDER BY code", as: Directory.Agency.self))
    }

    /// The accounts linked by hand, oldest first.
    static func directoryLinks(_ db: any LedgerSQL) throws -> [DirectoryLink] {
        try db.fetchRecords(Table.DirectoryLink.self, order: "at, namespace, account").map {
            DirectoryLink(namespace: $0.namespace, account: $0.account, officer: $0.officer, actor: $0.actor, at: $0.at.description, reason: $0.reason)
        }
    }

    /// The primary task of the unit of work `task` is merged into, when that unit has other members.
    static func unitPrimary(_ task: UnifiedTask) -> String? {
        guard let link = task.link, link.members.count > 1 else { return nil }
        return link.primary.rawValue
    }

    /// One `task_officer` row of a task, without the key.
    struct OfficerRow: Hashable, Comparable {
        let officer: String
        let role: String
        static func < (a: OfficerRow, b: OfficerRow) -> Bool { (a.officer, a.role) < (b.officer, b.role) }
    }

    /// Who a task names: its main handler (`main`) and its coordinators (`coordinator`), by officer key. A
    /// member absorbed into another task's unit names no one: its work is the primary's.
    static func officerRows(_ task: UnifiedTask?) -> Set<OfficerRow> {
        guard let task, task.countsForKPI else { return [] }
        var rows = Set(task.coordinators.map { OfficerRow(officer: $0.officerKey, role: "coordinator") })
        if let main = task.mainHandler { rows.insert(OfficerRow(officer: main.officerKey, role: "main")) }
        return rows
    }
}
