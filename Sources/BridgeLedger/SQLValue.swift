import Foundation

/// One value bound to a ledger statement or read from a row, in the types both stores share: SQLite's storage
/// classes, which PostgreSQL's BIGINT, DOUBLE PRECISION, TEXT and BYTEA columns map onto.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value a statement can take as an argument.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a row's column can be read as. Conversions are those SQLite allows between its storage classes
/// (an integer read as a `Double`, UTF-8 bytes as a `String`); anything else is a `LedgerSQLError`.
public protocol SQLReadable {
    init(sqlValue: SQLValue) throws
}

extension String: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .text(let text): self = text
        case .blob(let data):
            guard let text = String(data: data, encoding: .utf8) else { throw LedgerSQLError.unreadable(sqlValue, as: "text") }
            self = text
        case .integer(let value): self = String(value)
        default: throw LedgerSQLError.unreadable(sqlValue, as: "text")
        }
    }
}

extension Int64: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value) where value.rounded() == value && abs(value) < 9.2e18: self = Int64(value)
        default: throw LedgerSQLError.unreadable(sqlValue, as: "an integer")
        }
    }
}

extension Int: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = Int(try Int64(sqlValue: sqlValue)) }
}

extension Bool: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue) throws { self = try Int64(sqlValue: sqlValue) != 0 }
}

extension Double: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw LedgerSQLError.unreadable(sqlValue, as: "a number")
        }
    }
}

extension Data: SQLBindable, SQLReadable {
    public var sqlValue: SQLValue { .blob(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .blob(let data): self = data
        case .text(let text): self = Data(text.utf8)
        default: throw LedgerSQLError.unreadable(sqlValue, as: "bytes")
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    public init(sqlValue: SQLValue) throws {
        if case .null = sqlValue { self = nil } else { self = try Wrapped(sqlValue: sqlValue) }
    }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}
