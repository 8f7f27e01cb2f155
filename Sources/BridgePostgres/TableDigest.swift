import Crypto
import Foundation

/// What a copy checks of each table on both ends: how many rows, and the sum (modulo 2²⁵⁶) of each row's SHA-256
/// over its values in one encoding — the same rows give the same digest in whatever order they are read, and a
/// row missing, added, repeated or changed gives another (but for a SHA-256 collision).
struct TableDigest: Equatable, Sendable {
    private(set) var rows = 0
    private var sum: [UInt64] = [0, 0, 0, 0]

    mutating func add(_ values: [LedgerValue]) {
        var hasher = SHA256()
        for value in values {
            switch value {
            case .null: hasher.update(data: [0])
            case .integer(let number): hasher.update(data: [1] + withUnsafeBytes(of: number.littleEndian, Array.init))
            case .text(let text): append(2, Array(text.utf8), to: &hasher)
            case .bytes(let bytes): append(3, bytes, to: &hasher)
            }
        }
        let digest = Array(hasher.finalize())
        var carry: UInt64 = 0
        for word in 0..<4 {
            let part = digest[word * 8..<word * 8 + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let (partial, overflow1) = sum[word].addingReportingOverflow(part)
            let (total, overflow2) = partial.addingReportingOverflow(carry)
            sum[word] = total
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        rows += 1
    }

    private func append(_ tag: UInt8, _ bytes: [UInt8], to hasher: inout SHA256) {
        hasher.update(data: [tag] + withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init))
        hasher.update(data: bytes)
    }
}
