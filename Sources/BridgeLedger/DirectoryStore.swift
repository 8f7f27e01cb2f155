import BridgeModel
import Foundation
import GRDB

/// The identity directory and the organisation: replaced whole by an import, read by the projector and commands.
public struct DirectoryStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// The directory in force.
    public func current() throws -> Directory {
        try database.read { db in try database.directoryCache.directory(db) }
    }

    /// Replaces the directory (one transaction, audited) and queues every task and every stored score for the
    /// projector, which resolves people through the new directory and scores them again.
    public func replace(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws {
        let directory = try Directory(officers, agencies: agencies)
        try database.transaction(failure: "importing the directory from \(origin) failed") { tx in
            let db = tx.db
            try db.execute(sql: "UPDATE directory_generation SET generation = generation + 1")
            try db.execute(sql: "DELETE FROM directory_officer")
            try db.execute(sql: "DELETE FROM directory_agency")
            for agency in agencies {
                try db.execute(
                    sql: "INSERT INTO directory_agency (code, body) VALUES (?, ?)", arguments: [agency.code, try SQLiteLedgerStore.encode(agency)])
            }
            for officer in directory.officers.values.sorted(by: { $0.id < $1.id }) {
                try db.execute(
                    sql: "INSERT INTO directory_officer (id, body) VALUES (?, ?)", arguments: [officer.id, try SQLiteLedgerStore.encode(officer)])
            }
            try db.execute(
                sql: "INSERT INTO directory_version (at, actor, origin, officers, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    time.description, actor, origin, directory.officers.count,
                    try SQLiteLedgerStore.encode(Version.Body(
                        officers: directory.officers.values.sorted { $0.id < $1.id }, agencies: agencies.sorted { $0.code < $1.code })),
                ])
            try tx.audit(at: time, actor: actor, action: "directory.import", subject: origin, detail: "\(officers.count) officer(s)")
            try Self.followOfficers(tx, directory: directory, at: time, actor: actor)
            try tx.queueEveryTask(cause: "directory \(origin)")
            try tx.oweEveryStoredScore()
        }
    }

    /// One directory import as it was kept: when, by whom, from which file, how many officers.
    public struct Version: Sendable, Hashable {
        public let id: Int64
        public let at: String
        public let actor: String
        public let origin: String
        public let officers: Int

        /// The whole directory of a version, as stored.
        struct Body: Codable {
            let officers: [Directory.Officer]
            let agencies: [Directory.Agency]
        }
    }

    /// Every directory import, oldest first.
    public func versions() throws -> [Version] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, at, actor, origin, officers FROM directory_version ORDER BY id").map {
                Version(id: $0["id"], at: $0["at"], actor: $0["actor"], origin: $0["origin"], officers: $0["officers"])
            }
        }
    }

    /// The directory a version held.
    public func directory(version id: Int64) throws -> Directory? {
        try database.read { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM directory_version WHERE id = ?", arguments: [id]) else { return nil }
            let decoded = try JSONDecoder().decode(Version.Body.self, from: Data(body.utf8))
            return try Directory(decoded.officers, agencies: decoded.agencies)
        }
    }
}

extension DirectoryStore {
    /// Assessments entered for an account (`email:lan.nt@…`) before the directory claimed it move to the officer
    /// who now owns the account, so the officer's general points and sanction follow and no score row is left on
    /// the bare account (the next projection removes it: nothing places that key in the period any more). When the
    /// officer already has an assessment for the period, it stands and the account's is kept where it was; both
    /// cases are audited.
    static func followOfficers(_ tx: LedgerTransaction, directory: Directory, at time: Timestamp, actor: String) throws {
        let db = tx.db
        for row in try Row.fetchAll(db, sql: "SELECT officer, period FROM assessment ORDER BY officer, period") {
            let key: String = row["officer"]
            let period: String = row["period"]
            guard directory.officers[key] == nil, let colon = key.firstIndex(of: ":") else { continue }
            let account = PersonRef(namespace: String(key[..<colon]), id: String(key[key.index(after: colon)...]), name: nil)
            guard let owner = directory.resolve(account), owner != key else { continue }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM assessment WHERE officer = ? AND period = ?", arguments: [owner, period]) != nil {
                try tx.audit(at: time, actor: actor, action: "assessment.follow", subject: "\(key) \(period)",
                    detail: "not moved: officer \(owner) has an assessment for \(period) already")
                continue
            }
            try db.execute(sql: "UPDATE assessment SET officer = ? WHERE officer = ? AND period = ?", arguments: [owner, key, period])
            try tx.audit(at: time, actor: actor, action: "assessment.follow", subject: "\(key) \(period)",
                detail: "moved to officer \(owner), who the directory says holds the account")
        }
    }
}
