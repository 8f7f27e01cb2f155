import BridgeModel
import Foundation

/// Where a PostgreSQL ledger lives: `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=disable|require]`. The password
/// is not part of it: it comes from `PGPASSWORD`, else from the password file (`PGPASSFILE`, else `~/.pgpass`),
/// as for PostgreSQL's own tools, so it never shows in a command line, a log or a process list.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    /// Whether the connection must be encrypted (`sslmode=require`); the default is a plain connection (a ledger
    /// on the same host or a private network).
    public var requireTLS: Bool

    /// Parses a `--database` value; throws a one-line error naming what is wrong.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw PostgresLedgerError("\(text): not a postgres:// address") }
        if components.password != nil {
            throw PostgresLedgerError("\(Self.redacting(text)): give the password in PGPASSWORD or a .pgpass file, not in the address")
        }
        guard let user = components.user, !user.isEmpty else { throw PostgresLedgerError("\(text): no user (postgres://USER@HOST/DATABASE)") }
        guard let host = components.host, !host.isEmpty else { throw PostgresLedgerError("\(text): no host (postgres://USER@HOST/DATABASE)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw PostgresLedgerError("\(text): no database (postgres://USER@HOST/DATABASE)") }
        self.user = user
        // An IPv6 address is bracketed in the address, bare for the connection.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw PostgresLedgerError("\(text): port \(port) is out of range") }
        self.database = database
        requireTLS = false
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): requireTLS = false
            case ("sslmode", "require"): requireTLS = true
            case ("sslmode", let value): throw PostgresLedgerError("\(text): sslmode '\(value ?? "")' is not one of disable, require")
            default: throw PostgresLedgerError("\(text): unknown parameter '\(item.name)' (only sslmode)")
            }
        }
    }

    /// The address without a password, for messages and logs.
    public var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" + (requireTLS ? "?sslmode=require" : "")
    }

    /// The password for this location: `PGPASSWORD`, else the first matching line of the password file; nil when
    /// neither has one (the server may not ask for one).
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let password = environment["PGPASSWORD"] { return password }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { "\($0)/.pgpass" }
        guard let file, FileManager.default.fileExists(atPath: file) else { return nil }
        // Like PostgreSQL's tools: a password file others can read is not used.
        let mode = (try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw PostgresLedgerError("\(file): the password file can be read by others (chmod 600 \(file)); not used")
        }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return PasswordFile(text).password(host: host, port: port, database: database, user: user)
    }

    static func redacting(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}

/// PostgreSQL's password file: lines `host:port:database:user:password`, `*` matching anything in the first four
/// fields, `\:` and `\\` escaping, `#` starting a comment. The first line that matches gives the password.
public struct PasswordFile: Sendable {
    let entries: [[String]]

    public init(_ text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            var fields: [String] = []
            var field = ""
            var escaped = false
            for character in line {
                if escaped {
                    field.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            return fields.count == 5 ? fields : nil
        }
    }

    /// The password of the first entry matching the connection, or nil.
    public func password(host: String, port: Int, database: String, user: String) -> String? {
        let wanted = [host, String(port), database, user]
        for entry in entries where zip(entry.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
            return entry[4]
        }
        return nil
    }
}
