import Foundation

/// A lease: which instance works a source (`source:ID`) or the projector (`projector`) when several share one
/// ledger. On PostgreSQL it is a session-level advisory lock held by the instance's writing connection, so it is
/// held exactly as long as that session lives — an instance killed, or cut off from the database, loses its
/// leases when the server ends its session — and every commit under a lease checks, in its own transaction, that
/// its session still holds it (a fence: a commit can never land after the lease went to another instance). On
/// SQLite one process writes at a time anyway (`LedgerLock`), so every lease is held.
public enum Lease {
    /// The lease on a source's fetching and its facts.
    public static func source(_ id: String) -> String { "source:\(id)" }
    /// The lease on the projector.
    public static let projector = "projector"

    /// This process, as the audit names a lease's holder: host and process id.
    public static let instance: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return "\(host):\(getpid())"
    }()

    /// The 64-bit advisory lock key of a lease: FNV-1a of `kpibridge:NAME` (stable across releases and platforms).
    public static func key(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "kpibridge:\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

/// Another instance holds the lease: this one stands by.
public struct LeaseHeld: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "\(name) is worked by another kpibridge instance (its lease is held); this one stands by" }
}
