import BridgeModel
import Crypto
import Foundation

/// API tokens for `kpibridge serve` (`kpibridge token create`): only each token's SHA-256 is kept, with its name,
/// role and the agencies it may see; the token itself is printed once and never stored.
public struct TokenStore: Sendable {
    let database: LedgerDatabase

    /// The store over `database` (a ledger file's, or `LedgerDatabase.inMemory()`).
    public init(_ database: LedgerDatabase) { self.database = database }

    /// What a token may do.
    public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        /// One directory officer: sees their own record only, disputes their tasks (below every other role, so
        /// no route for viewers answers an officer).
        case officer
        /// Reads tasks, scores, explanations, the queue, sources.
        case viewer
        /// Also runs syncs and replays dead letters.
        case `operator`
        /// Also decides reconciliation conflicts and manages people and periods.
        case admin

        public static func < (a: Role, b: Role) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    /// A token as stored: who it is for, and what it may do.
    public struct Grant: Sendable, Hashable {
        public let name: String
        public let role: Role
        /// The agencies it may see; empty: every agency.
        public let agencies: [String]
        public let createdAt: String
        /// The directory officer of an `officer` token.
        public let officer: String?

        public init(name: String, role: Role, agencies: [String], createdAt: String, officer: String? = nil) {
            self.name = name
            self.role = role
            self.agencies = agencies
            self.createdAt = createdAt
            self.officer = officer
        }
    }

    /// Makes a token (32 random bytes, base64url) for `name`, keeps its hash, audits it, and returns it: the only
    /// time it is shown.
    public func create(name: String, role: Role, agencies: [String], officer: String? = nil, actor: String, at time: Timestamp) throws -> String {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw LedgerError("a token needs a --name") }
        guard (role == .officer) == (officer != nil) else {
            throw LedgerError(role == .officer ? "an officer token needs --officer (a directory officer's id)" : "--officer goes with --role officer")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        let token = "kpb_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try database.transaction(failure: "creating the token \(name) failed") { tx in
            if try Bool.fetchOne(tx.db, sql: "SELECT 1 FROM api_token WHERE name = ?", arguments: [name]) == true {
                throw LedgerError("a token named '\(name)' exists: revoke it first or choose another name")
            }
            try tx.db.insert(Table.ApiToken(
                hash: Self.hash(token), name: name, role: role.rawValue, agencies: agencies.sorted().joined(separator: ","), createdAt: time, actor: actor,
                officer: officer))
            try tx.audit(
                at: time, actor: actor, action: "token.create", subject: name,
                detail: "role \(role.rawValue)\(officer.map { " of \($0)" } ?? "")\(agencies.isEmpty ? "" : "; agencies \(agencies.sorted().joined(separator: ", "))")")
        }
        return token
    }

    /// The grant of a presented token, or nil when no such token exists (or it was revoked).
    public func grant(for token: String) throws -> Grant? {
        try database.read { db in
            try db.fetchRecord(Table.ApiToken.self, where: "hash = ?", arguments: [Self.hash(token)]).flatMap(Self.grant)
        }
    }

    /// Every token's grant, by name.
    public func list() throws -> [Grant] {
        try database.read { db in try db.fetchRecords(Table.ApiToken.self, order: "name").compactMap(Self.grant) }
    }

    /// Revokes a token by name, audited; an unknown name is an error.
    public func revoke(name: String, actor: String, at time: Timestamp) throws {
        try database.transaction(failure: "revoking the token \(name) failed") { tx in
            guard try tx.db.execute(sql: "DELETE FROM api_token WHERE name = ?", arguments: [name]) == 1 else { throw LedgerError("no token named '\(name)' (kpibridge token list)") }
            try tx.audit(at: time, actor: actor, action: "token.revoke", subject: name, detail: nil)
        }
    }

    /// A stored token's grant; nil for a role this release does not know (never a wider one).
    static func grant(_ row: Table.ApiToken) -> Grant? {
        guard let role = Role(rawValue: row.role) else { return nil }
        // An officer token without its officer (never written so) grants nothing.
        if role == .officer && row.officer == nil { return nil }
        return Grant(
            name: row.name, role: role, agencies: row.agencies.split(separator: ",").map(String.init), createdAt: row.createdAt.description, officer: row.officer)
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
