import BridgeModel
import Foundation

/// The identity directory and the organisation: replaced whole by an import, read by the projector and commands.
public struct DirectoryStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// The directory in force: the last import with the accounts linked by hand.
    public func current() throws -> Directory {
        try database.read { db in try database.directoryCache.directory(db) }
    }

    /// The directory as the last import gave it, without the links (what `--merge` merges into).
    public func imported() throws -> Directory {
        try database.read { db in try LedgerStore.importedDirectory(db) }
    }

    /// Replaces the directory (one transaction, audited) and queues every task and every stored score for the
    /// projector, which resolves people through the new directory and scores them again. Returns the links made
    /// by hand that the new directory sets aside (it gives their account to someone, or no longer lists their
    /// officer).
    @discardableResult
    public func replace(
        _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String, at time: Timestamp
    ) throws -> [DirectoryLink] {
        try database.transaction(failure: "importing the directory from \(origin) failed") { tx in
            try Self.replace(tx, officers, agencies: agencies, origin: origin, actor: actor, at: time)
        }
    }

    /// `replace` inside an open transaction (a dry run projects it and rolls it all back).
    public static func replace(
        _ tx: LedgerTransaction, _ officers: [Directory.Officer], agencies: [Directory.Agency] = [], origin: String, actor: String,
        at time: Timestamp
    ) throws -> [DirectoryLink] {
        let directory = try Directory(officers, agencies: agencies)
        do {
            let db = tx.db
            try Self.newGeneration(db)
            try db.execute(sql: "DELETE FROM directory_officer")
            try db.execute(sql: "DELETE FROM directory_agency")
            for agency in agencies {
                try db.insert(Table.DirectoryAgency(code: agency.code, body: try LedgerStore.encode(agency)))
            }
            for officer in directory.officers.values.sorted(by: { $0.id < $1.id }) {
                try db.insert(Table.DirectoryOfficer(id: officer.id, body: try LedgerStore.encode(officer)))
            }
            try db.insert(Table.DirectoryVersion(
                at: time, actor: actor, origin: origin, officers: directory.officers.count,
                body: try LedgerStore.encode(Version.Body(
                    officers: directory.officers.values.sorted { $0.id < $1.id }, agencies: agencies.sorted { $0.code < $1.code }))))
            try tx.audit(at: time, actor: actor, action: "directory.import", subject: origin, detail: "\(officers.count) officer(s)")
            let (linked, setAside) = try directory.applying(try LedgerStore.directoryLinks(db))
            for link in setAside {
                try tx.audit(at: time, actor: actor, action: "directory.link.set-aside", subject: link.identity,
                    detail: "the link to \(link.officer) is not applied: \(Self.whySetAside(link, directory))")
            }
            try Self.followOfficers(tx, directory: linked, at: time, actor: actor)
            try tx.tasks.queueEveryTask(cause: "directory \(origin)")
            try tx.scores.oweEveryStoredScore()
            return setAside
        }
    }

    /// Marks the directory changed for `DirectoryCache`. A random number, not a counter: a dry run changes the
    /// directory in a transaction it rolls back, and a counter would give the next real change the very number the
    /// dry run's directory is cached under.
    static func newGeneration(_ db: any LedgerSQL) throws {
        try db.execute(sql: "UPDATE directory_generation SET generation = ?", arguments: [Int64.random(in: .min ... .max)])
    }

    static func whySetAside(_ link: DirectoryLink, _ directory: Directory) -> String {
        if let holder = directory.holder(namespace: link.namespace, account: link.account) {
            return holder == link.officer ? "the directory gives the account to \(holder) itself" : "the directory gives the account to \(holder)"
        }
        return "the directory no longer lists officer \(link.officer)"
    }

    /// The accounts linked by hand, oldest first, applied or set aside.
    public func links() throws -> [DirectoryLink] {
        try database.read { db in try LedgerStore.directoryLinks(db) }
    }

    /// Gives an account no officer holds to `officer`, by hand (audited with the reason); every task is queued so
    /// the projector resolves the account's tasks to the officer and scores them.
    public func link(namespace: String, account: String, to officer: String, reason: String, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "linking \(namespace):\(account) failed") { tx in
            let db = tx.db
            let current = try LedgerStore.directory(db)
            guard current.officers[officer] != nil else { throw LedgerError("no officer '\(officer)' in the directory") }
            if let holder = current.holder(namespace: namespace, account: account) {
                throw LedgerError(holder == officer
                    ? "\(namespace):\(account) is \(officer)'s already"
                    : "\(namespace):\(account) belongs to \(holder); unlink it or correct the directory first")
            }
            try db.insert(Table.DirectoryLink(namespace: namespace, account: account, officer: officer, actor: actor, at: time, reason: reason))
            try Self.newGeneration(db)
            try tx.audit(at: time, actor: actor, action: "directory.link", subject: "\(namespace):\(account)", detail: "to \(officer): \(reason)")
            try Self.followOfficers(tx, directory: try LedgerStore.directory(db), at: time, actor: actor)
            try tx.tasks.queueEveryTask(cause: "link \(namespace):\(account)")
            try tx.scores.oweEveryStoredScore()
        }
    }

    /// Takes back an account linked by hand (audited with the reason); its tasks are resolved again.
    public func unlink(namespace: String, account: String, reason: String, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "unlinking \(namespace):\(account) failed") { tx in
            let db = tx.db
            guard try db.execute(sql: "DELETE FROM directory_link WHERE namespace = ? AND account = ?", arguments: [namespace, account]) > 0 else { throw LedgerError("\(namespace):\(account) was not linked by hand (kpibridge directory links)") }
            try Self.newGeneration(db)
            try tx.audit(at: time, actor: actor, action: "directory.unlink", subject: "\(namespace):\(account)", detail: reason)
            try tx.tasks.queueEveryTask(cause: "unlink \(namespace):\(account)")
            try tx.scores.oweEveryStoredScore()
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
            try LedgerRow.fetchAll(db, sql: "SELECT id, at, actor, origin, officers FROM directory_version ORDER BY id").map {
                Version(id: try $0["id"], at: try StoredInstant.read($0, "at").description, actor: try $0["actor"], origin: try $0["origin"], officers: try $0["officers"])
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
        for row in try LedgerRow.fetchAll(db, sql: "SELECT officer, period FROM assessment ORDER BY officer, period") {
            let key: String = try row["officer"]
            let period: String = try row["period"]
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
