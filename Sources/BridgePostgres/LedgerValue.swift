import PostgresNIO

/// One value of a ledger row as both stores agree on it: what a PostgreSQL column of the ledger holds (BIGINT,
/// TEXT or BYTEA). SQLite keeps any value in any column — the ledger's binary bodies live in columns declared
/// `TEXT` — so a SQLite value is read as the type of the PostgreSQL column it goes to or is compared with.
enum LedgerValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case text(String)
    case bytes([UInt8])

    /// A PostgreSQL column's type.
    enum Kind: Sendable {
        case integer, text, bytes
    }

    /// A value its column cannot take.
    struct Mismatch: Error {
        let reason: String
    }

    /// A SQLite value as a column of `kind` holds it.
    init(_ cell: SQLiteCell, as kind: Kind) throws {
        switch (cell, kind) {
        case (.null, _): self = .null
        case (.integer(let value), .integer): self = .integer(value)
        case (.integer(let value), .text): self = .text(String(value))
        case (.text(let value), .integer) where Int64(value) != nil: self = .integer(Int64(value)!)
        case (.real(let value), .text): self = .text("\(value)")
        case (.text(let value), .text): self = .text(value)
        case (.blob(let bytes), .text):
            guard let value = String(validating: bytes, as: UTF8.self) else { throw Mismatch(reason: "bytes that are not UTF-8 text") }
            self = .text(value)
        case (.blob(let bytes), .bytes): self = .bytes(bytes)
        case (.text(let value), .bytes): self = .bytes(Array(value.utf8))
        case (.integer, .bytes), (.real, .bytes), (.real, .integer), (.blob, .integer), (.text, .integer):
            throw Mismatch(reason: "a value of another type than the column's \(kind)")
        }
    }

    /// A PostgreSQL value of one of the ledger's column types.
    init(_ cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int8, .int4, .int2: self = .integer(try cell.decode(Int64.self))
        case .text, .varchar: self = .text(try cell.decode(String.self))
        case .bytea: self = .bytes(Array((try cell.decode(ByteBuffer.self)).readableBytesView))
        default: throw PostgresLedgerError("column \(cell.columnName): type \(cell.dataType) is not one the ledger uses")
        }
    }

    /// The value as SQLite stores it.
    var sqlite: SQLiteCell {
        switch self {
        case .null: .null
        case .integer(let value): .integer(value)
        case .text(let value): .text(value)
        case .bytes(let value): .blob(value)
        }
    }
}
