import BridgeModel
import BridgeServices
import Foundation

/// Folds dossiers from their snapshots, inside a write: each touched dossier is made again from every snapshot
/// the ledger holds of it (`Dossier(folding:)`), so the result does not depend on the order the records came in.
struct DossierFold {
    let db: any LedgerSQL

    static func encode(_ snapshot: DossierSnapshot) throws -> String {
        String(decoding: try JSONEncoder.ledger.encode(snapshot), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: String, table: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.utf8))
        } catch {
            throw LedgerError("\(table): a stored dossier cannot be read (\(error))")
        }
    }

    /// Folds `codes` again from their snapshots; a code with none left loses its dossier.
    func refold(_ codes: Set<String>) throws {
        var snapshots: [String: [DossierSnapshot]] = [:]
        try db.forEachRecord(Table.DossierPatch.self, whereIn: "code", codes.sorted()) { row in
            snapshots[row.code, default: []].append(try Self.decode(DossierSnapshot.self, row.body, table: "dossier_patch"))
        }
        var rows: [Table.Dossier] = []
        var gone: [String] = []
        for code in codes.sorted() {
            guard let dossier = snapshots[code].flatMap(Dossier.init(folding:)) else {
                gone.append(code)
                continue
            }
            rows.append(Table.Dossier(
                code: code, agency: dossier.agency, unit: dossier.unit, receivedAt: dossier.receivedAt, endedAt: dossier.end,
                body: String(decoding: try JSONEncoder.ledger.encode(dossier), as: UTF8.self)))
        }
        try db.insertLater(rows, onConflict: .update)
        try db.deleteLater(gone.map { Table.Dossier(code: $0, body: "") })
    }

    /// Folds every dossier again (`rebuild`).
    func refoldAll() throws {
        try db.execute(sql: "DELETE FROM dossier")
        let codes = try String.fetchAll(db, sql: "SELECT DISTINCT code FROM dossier_patch")
        for start in stride(from: 0, to: codes.count, by: 500) {
            try refold(Set(codes[start..<min(start + 500, codes.count)]))
        }
    }
}

extension JSONEncoder {
    /// Sorted keys: the same value is the same text.
    static var ledger: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

/// Citizens' dossiers as the one-stop systems report them (docs/services.md), folded from their snapshots.
public struct DossierStore: Sendable {
    let database: LedgerDatabase

    public init(_ database: LedgerDatabase) { self.database = database }

    /// The dossiers in the agency's hands during [from, to] — received by `to`, not ended before `from` — of
    /// `agencies` (nil: all), by code.
    public func dossiers(from: Timestamp, to: Timestamp, agencies: Set<String>? = nil) throws -> [Dossier] {
        // An agency-scoped read names its agencies in the query (the index leads with the agency).
        let scope = agencies.map { $0.sorted() }
        let marks = scope.map { " AND agency IN (" + Array(repeating: "?", count: $0.count).joined(separator: ", ") + ")" } ?? ""
        if scope?.isEmpty == true { return [] }
        return try database.read { db in
            try db.fetchRecords(
                Table.Dossier.self, where: "received_at <= ? AND (ended_at IS NULL OR ended_at >= ?)" + marks, order: "code",
                arguments: [StoredInstant.value(to), StoredInstant.value(from)] + (scope ?? []).map { $0 as (any SQLBindable)? }
            ).map { try DossierFold.decode(Dossier.self, $0.body, table: "dossier") }
        }
    }

    /// One dossier by its code (`MaHoSo`).
    public func dossier(_ code: String) throws -> Dossier? {
        try database.read { db in
            try db.fetchRecord(Table.Dossier.self, where: "code = ?", arguments: [code]).map { try DossierFold.decode(Dossier.self, $0.body, table: "dossier") }
        }
    }

    /// How many dossiers the ledger holds.
    public func count() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM dossier") ?? 0 }
    }
}
