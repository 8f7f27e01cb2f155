import BridgeLedger
import Foundation
import Logging
import PostgresNIO

/// `kpibridge copy`: a whole ledger from SQLite into an empty PostgreSQL ledger, or back into a new SQLite file —
/// every table, every row, every value as stored, from one snapshot of the source and into one transaction of
/// the destination. Before it commits, every table is read again on both ends and compared (row count and
/// `TableDigest`); a copy that fails or differs leaves the destination as it was. Both ends must be at this
/// release's schema.
public struct LedgerCopy: Sendable {
    let logger: Logger

    public init(logger: Logger? = nil) {
        self.logger = logger ?? {
            var quiet = Logger(label: "kpibridge.copy")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    /// Rows copied, per table in copy order.
    public typealias Report = [(table: String, rows: Int)]

    /// Copies the SQLite ledger at `path` into the empty, migrated PostgreSQL ledger at `location` (by `COPY … FROM
    /// STDIN`), then moves its identity columns past the copied numbers.
    public func sqliteToPostgres(from path: String, to location: PostgresLocation) async throws -> Report {
        let source = try openSQLite(path)
        try source.execute("BEGIN")  // one snapshot of every table
        defer { try? source.execute("COMMIT") }
        try await PostgresMigrator(location: location, logger: logger).requireCurrent()
        let connection = try await location.connect(logger: logger)
        var report = Report()
        do {
            _ = try await connection.query("BEGIN", logger: logger)
            try await requireEmpty(connection, location)
            for table in PostgresSchema.tables {
                let columns = try source.columns(of: table)
                let kinds = try await columnKinds(connection, table, columns)
                if PostgresSchema.seeded.contains(table) { _ = try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"), logger: logger) }
                let rows = try SQLiteFile.Rows(source, "SELECT \(columns.joined(separator: ", ")) FROM \(table)")
                var count = 0
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    var buffer = ByteBuffer()
                    while let row = try rows.next() {
                        count += 1
                        CopyText.append(try values(row, kinds, path, table, columns, count), to: &buffer)
                        if buffer.readableBytes >= 1 << 18 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    if buffer.readableBytes > 0 { try await writer.write(buffer) }
                }
                report.append((table, count))
            }
            // Read both ends again before committing: a table that differs rolls the whole copy back.
            try await verify(source, connection, location)
            // Identity columns continue after the copied numbers.
            let identities = try await connection.query(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'", logger: logger)
            var pairs: [(String, String)] = []
            for try await (table, column) in identities.decode((String, String).self) { pairs.append((table, column)) }
            for (table, column) in pairs {
                _ = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE((SELECT max(\(column)) FROM \(table)), 0) + 1, false)
                    """), logger: logger)
            }
            _ = try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            try? await connection.close()
            throw error as? PostgresLedgerError ?? PostgresLedgerError("copy to \(location) failed, nothing of it kept: \(PostgresLedgerError.reason(error))")
        }
        try? await connection.close()
        return report
    }

    /// Copies the PostgreSQL ledger at `location` into a new SQLite ledger at `path` (which must not exist). The
    /// copy is written to `PATH.partial` and renamed once committed and checked, so a copy stopped anywhere —
    /// even killed — never leaves a file at `path` that looks like a ledger.
    public func postgresToSQLite(from location: PostgresLocation, to path: String) async throws -> Report {
        let files = FileManager.default
        guard !files.fileExists(atPath: path) else {
            throw PostgresLedgerError("\(path) exists: a copy goes into a new SQLite file (move the old one away first)")
        }
        try await PostgresMigrator(location: location, logger: logger).requireCurrent()
        let partial = path + ".partial"
        func removePartial() { for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: partial + suffix) } }
        removePartial()  // left by a copy that was killed
        _ = try LedgerStore(path: partial)  // a new ledger at this release's schema
        var destination: SQLiteFile? = try SQLiteFile(path: partial, readOnly: false)
        let connection = try await location.connect(logger: logger)
        var report = Report()
        do {
            let file = destination!
            // One snapshot of every table.
            _ = try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            try file.execute("BEGIN")
            for table in PostgresSchema.tables {
                let columns = try file.columns(of: table)
                if PostgresSchema.seeded.contains(table) { try file.execute("DELETE FROM \(table)") }
                let inserter = try SQLiteFile.Inserter(file, table: table, columns: columns)
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(columns.joined(separator: ", ")) FROM \(table)"), logger: logger)
                var count = 0
                for try await row in rows {
                    try inserter.insert(try row.map { try LedgerValue($0).sqlite })
                    count += 1
                }
                report.append((table, count))
            }
            // Read both ends again before committing: a table that differs leaves no file behind.
            try await verify(file, connection, location)
            try file.execute("COMMIT")
            try file.execute("PRAGMA wal_checkpoint(TRUNCATE)")  // everything in the database file before it moves
            _ = try await connection.query("COMMIT", logger: logger)
            destination = nil  // closed
            try files.moveItem(atPath: partial, toPath: path)
            for suffix in ["-wal", "-shm"] where files.fileExists(atPath: partial + suffix) {
                try? files.removeItem(atPath: partial + suffix)
            }
        } catch {
            try? destination?.execute("ROLLBACK")
            destination = nil
            try? await connection.close()
            removePartial()
            throw error as? PostgresLedgerError ?? PostgresLedgerError("copy from \(location) failed, nothing written to \(path): \(PostgresLedgerError.reason(error))")
        }
        try? await connection.close()
        return report
    }

    /// A SQLite row as its PostgreSQL columns hold it; a value a column cannot take is an error naming it.
    private func values(_ row: [SQLiteCell], _ kinds: [LedgerValue.Kind], _ path: String, _ table: String, _ columns: [String], _ number: Int) throws -> [LedgerValue] {
        try zip(row, kinds).enumerated().map { index, pair in
            do {
                return try LedgerValue(pair.0, as: pair.1)
            } catch let error as LedgerValue.Mismatch {
                throw PostgresLedgerError("\(path): \(table).\(columns[index]), row \(number): \(error.reason); nothing copied")
            }
        }
    }

    /// Throws unless every table holds the same rows on both ends (row count and `TableDigest`), naming the first
    /// that does not.
    private func verify(_ sqlite: SQLiteFile, _ connection: PostgresConnection, _ location: PostgresLocation) async throws {
        for table in PostgresSchema.tables {
            let columns = try sqlite.columns(of: table)
            let kinds = try await columnKinds(connection, table, columns)
            var here = TableDigest()
            let rows = try SQLiteFile.Rows(sqlite, "SELECT \(columns.joined(separator: ", ")) FROM \(table)")
            while let row = try rows.next() { here.add(try values(row, kinds, sqlite.path, table, columns, here.rows + 1)) }
            var there = TableDigest()
            let stored = try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(columns.joined(separator: ", ")) FROM \(table)"), logger: logger)
            for try await row in stored { there.add(try row.map(LedgerValue.init)) }
            guard there == here else {
                throw PostgresLedgerError("copy not verified, nothing kept: table \(table) has \(here.rows) rows on SQLite and \(there.rows) on \(location)"
                    + (there.rows == here.rows ? ", with other contents" : ""))
            }
        }
    }

    private func openSQLite(_ path: String) throws -> SQLiteFile {
        guard FileManager.default.fileExists(atPath: path) else { throw PostgresLedgerError("no ledger at \(path) (check --from)") }
        let file = try SQLiteFile(path: path, readOnly: true)
        let schema = try file.text("SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "none"
        guard schema == PostgresSchema.latest else {
            throw PostgresLedgerError("\(path) is at schema \(schema), this kpibridge copies \(PostgresSchema.latest): run kpibridge migrate --database sqlite:\(path) first")
        }
        return file
    }

    /// The PostgreSQL type of each of `columns` of `table`.
    private func columnKinds(_ connection: PostgresConnection, _ table: String, _ columns: [String]) async throws -> [LedgerValue.Kind] {
        var types: [String: String] = [:]
        let rows = try await connection.query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = \(table)", logger: logger)
        for try await (name, type) in rows.decode((String, String).self) { types[name] = type }
        guard types.count == columns.count else {
            throw PostgresLedgerError("\(table) has \(columns.count) columns on SQLite and \(types.count) on PostgreSQL; are both ledgers at this release's schema?")
        }
        return try columns.map { column in
            switch types[column] {
            case "bigint": .integer
            case "text": .text
            case "bytea": .bytes
            case let other: throw PostgresLedgerError("\(table).\(column): \(other.map { "type \($0)" } ?? "no such column") on PostgreSQL; is the ledger at this release's schema?")
            }
        }
    }

    private func requireEmpty(_ connection: PostgresConnection, _ location: PostgresLocation) async throws {
        for table in PostgresSchema.tables where !PostgresSchema.seeded.contains(table) {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table))"), logger: logger)
            for try await filled in rows.decode(Bool.self) where filled {
                throw PostgresLedgerError("\(location) already holds a ledger (table \(table) has rows): copy into an empty, migrated database")
            }
        }
    }
}

/// PostgreSQL's `COPY` text format: columns separated by tabs, rows ended by a newline, NULL as `\N`, and
/// backslash, tab, newline and carriage return escaped; bytes as `\x` and hex, its backslash escaped.
enum CopyText {
    static func append(_ row: [LedgerValue], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let number): buffer.writeString(String(number))
            case .text(let text): escape(text.utf8, to: &buffer)
            case .bytes(let bytes): hex(bytes, to: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func escape(_ bytes: String.UTF8View, to buffer: inout ByteBuffer) {
        // Most values have nothing to escape: written whole.
        guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        else {
            buffer.writeBytes(bytes)
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: out.append(byte)
            }
        }
        buffer.writeBytes(out)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeStaticString("\\\\x")
        var out = [UInt8](repeating: 0, count: bytes.count * 2)
        digits.withUnsafeBufferPointer { digits in
            out.withUnsafeMutableBufferPointer { out in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
            }
        }
        buffer.writeBytes(out)
    }
}
