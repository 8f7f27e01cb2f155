import Foundation
import GRDB
import Synchronization

/// Decoded values by the exact bytes of their stored JSON. A stored body never changes, so the same bytes always
/// decode to the same value: patches and tasks written by this process, or read once, are not decoded again —
/// Foundation's JSON decoding was the largest cost of a commit. Bounded: emptied when it reaches `capacity`.
final class DecodeCache<Value: Sendable>: Sendable {
    /// A body's bytes, hashed whole (not just a prefix, as JSON bodies share long prefixes).
    struct Key: Hashable, Sendable {
        let bytes: [UInt8]
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    private let entries = Mutex<[Key: Value]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// The value for `body`, decoded with `decode` only when it is not cached.
    func value(for body: String, decode: (Data) throws -> Value) rethrows -> Value {
        let key = Key(bytes: Array(body.utf8))
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let value = try decode(Data(key.bytes))
        remember(key, value)
        return value
    }

    /// Records that `body` is the encoding of `value` (just encoded, so a later read need not decode it).
    func remember(_ body: String, _ value: Value) {
        remember(Key(bytes: Array(body.utf8)), value)
    }

    private func remember(_ key: Key, _ value: Value) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }
}

extension Database {
    /// `execute(sql:arguments:)` through the connection's statement cache: the hot path's statements are
    /// compiled once per connection, not once per record.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
