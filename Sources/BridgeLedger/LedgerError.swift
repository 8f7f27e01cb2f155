/// A ledger operation that failed, with what was being done.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
