import BridgeModel
import Foundation

extension Table {
    /// A row of `directory_officer`: one officer of the last directory import (JSON `Officer`). A fact, replaced
    /// whole by each import (its history is in `directory_version`).
    struct DirectoryOfficer: LedgerRecord, Equatable {
        static let table = "directory_officer"
        static let columns = ["id", "body"]
        static let key = ["id"]

        var id: String
        var body: String

        var values: [(any SQLBindable)?] { [id, body] }
    }

    /// A row of `directory_agency`: one agency of the last directory import (JSON `Agency`).
    struct DirectoryAgency: LedgerRecord, Equatable {
        static let table = "directory_agency"
        static let columns = ["code", "body"]
        static let key = ["code"]

        var code: String
        var body: String

        var values: [(any SQLBindable)?] { [code, body] }
    }

    /// The one row of `directory_generation`: a number changed by every directory change, so that cached
    /// directories know they are stale.
    struct DirectoryGeneration: LedgerRecord, Equatable {
        static let table = "directory_generation"
        static let columns = ["id", "generation"]
        static let key = ["id"]

        var id: Int = 1
        var generation: Int64

        init(generation: Int64) { self.generation = generation }

        var values: [(any SQLBindable)?] { [id, generation] }
    }

    /// A row of `directory_version`: one directory import, whole (JSON body). A fact.
    struct DirectoryVersion: LedgerRecord, Equatable {
        static let table = "directory_version"
        static let generatedId: String? = "id"
        static let columns = ["at", "actor", "origin", "officers", "body"]
        static let key: [String] = []

        var id: Int64?
        var at: Timestamp
        var actor: String
        var origin: String
        var officers: Int
        var body: String

        var values: [(any SQLBindable)?] { [StoredInstant.value(at), actor, origin, officers, body] }
    }

    /// A row of `directory_link`: an account an admin linked to an officer by hand, with the reason. A fact.
    struct DirectoryLink: LedgerRecord, Equatable {
        static let table = "directory_link"
        static let columns = ["namespace", "account", "officer", "actor", "at", "reason"]
        static let key = ["namespace", "account"]

        var namespace: String
        var account: String
        var officer: String
        var actor: String
        var at: Timestamp
        var reason: String

        var values: [(any SQLBindable)?] { [namespace, account, officer, actor, StoredInstant.value(at), reason] }
    }
}

extension Table.DirectoryOfficer {
    init(row: LedgerRow) throws {
        id = try row["id"]
        body = try row["body"]
    }
}

extension Table.DirectoryAgency {
    init(row: LedgerRow) throws {
        code = try row["code"]
        body = try row["body"]
    }
}

extension Table.DirectoryGeneration {
    init(row: LedgerRow) throws {
        id = try row["id"]
        generation = try row["generation"]
    }
}

extension Table.DirectoryVersion {
    init(row: LedgerRow) throws {
        id = try row.columns.contains("id") ? row["id"] : nil
        at = try StoredInstant.read(row, "at")
        actor = try row["actor"]
        origin = try row["origin"]
        officers = try row["officers"]
        body = try row["body"]
    }
}

extension Table.DirectoryLink {
    init(row: LedgerRow) throws {
        namespace = try row["namespace"]
        account = try row["account"]
        officer = try row["officer"]
        actor = try row["actor"]
        at = try StoredInstant.read(row, "at")
        reason = try row["reason"]
    }
}
