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
            try tx.audit(at: time, actor: actor, action: "directory.import", subject: origin, detail: "\(officers.count) officer(s)")
            try tx.queueEveryTask(cause: "directory \(origin)")
            try tx.oweEveryStoredScore()
        }
    }
}
