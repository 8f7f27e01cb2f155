import BridgeModel
import Foundation
import GRDB

/// The embedded ledger: one SQLite file in WAL mode, through one GRDB pool per process.
public final class SQLiteLedgerStore: LedgerStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// Keeps stored scores current on every commit; nil stores tasks only.
    let deriver: (any ScoreDeriver)?

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Opens (creating and migrating when needed) the ledger at `path`.
    public init(path: String, deriver: (any ScoreDeriver)? = nil) throws {
        self.path = path
        self.deriver = deriver
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try LedgerSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw LedgerError("cannot open ledger \(path): \(error.message ?? "\(error.resultCode)")")
        }
    }

    public func commit(_ batch: IngestBatch) throws -> CommitSummary {
        try commit(batch, dryRun: false)
    }

    /// With `dryRun`, everything is done and measured inside the transaction, which is then rolled back.
    public func commit(_ batch: IngestBatch, dryRun: Bool) throws -> CommitSummary {
        do {
            if dryRun {
                var summary = CommitSummary()
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction {
                        var work = LedgerCommit(db: db, batch: batch, deriver: deriver)
                        summary = try work.run()
                        return .rollback
                    }
                }
                return summary
            }
            return try pool.write { db in
                var work = LedgerCommit(db: db, batch: batch, deriver: deriver)
                return try work.run()
            }
        } catch let error as DatabaseError {
            throw LedgerError("ledger \(path): commit of payload \(batch.payload.hash.prefix(12)) failed, nothing was written: \(error.message ?? "\(error.resultCode)")")
        }
    }

    public func payload(hash: String) throws -> Data? {
        try pool.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM payload WHERE hash = ?", arguments: [hash]) != nil else {
                return nil
            }
            var data = Data()
            for chunk in try Data.fetchAll(db, sql: "SELECT data FROM payload_chunk WHERE hash = ? ORDER BY seq", arguments: [hash]) {
                data.append(chunk)
            }
            return data
        }
    }

    static func decodeTask(_ body: String) throws -> UnifiedTask {
        try JSONDecoder().decode(UnifiedTask.self, from: Data(body.utf8))
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
