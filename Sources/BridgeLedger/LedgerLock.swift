import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One writing run per ledger: an advisory lock (`flock`) on `LEDGER.lock` beside the ledger, held for the life of
/// the value (and released by the system when the process ends, however it ends). The file says who holds it, so
/// a second `sync` or `import` is refused with a line naming the first instead of fetching everything again.
/// Readers take no lock (the ledger's WAL lets them read while a run writes).
public final class LedgerLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock for `ledger`, writing `command` and this process into the lock file; throws a `LedgerError`
    /// naming the holder when another run has it.
    public convenience init(ledger: String, command: String, at time: Date = Date()) throws {
        switch try Self.take(ledger: ledger, command: command, at: time) {
        case .taken(let fd): self.init(path: ledger + ".lock", descriptor: fd)
        case .held(let holder):
            throw LedgerError("ledger \(ledger) is in use by \(holder); wait for it to end (or stop it) and run again")
        }
    }

    /// Takes the lock for an admin's write (a token, a directory, assessments, a decision, a period): when another
    /// run holds it — `serve`, say — nil and the holder, and the caller writes beside that run. Safe because every
    /// write is one SQLite transaction taken `IMMEDIATE` (the ledger's write lock, waited for up to 10 s) and the
    /// projector's steps are transactions that drain a queue: whichever process projects next projects the change.
    public static func takeIfFree(ledger: String, command: String, at time: Date = Date()) throws -> (lock: LedgerLock?, holder: String?) {
        switch try take(ledger: ledger, command: command, at: time) {
        case .taken(let fd): return (LedgerLock(path: ledger + ".lock", descriptor: fd), nil)
        case .held(let holder): return (nil, holder)
        }
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    private enum Outcome {
        case taken(Int32)
        case held(String)
    }

    private static func take(ledger: String, command: String, at time: Date) throws -> Outcome {
        let path = ledger + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LedgerError("cannot create the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.read(fd)
            close(fd)
            return .held(holder.isEmpty ? "another kpibridge run" : holder)
        }
        let holder = "`kpibridge \(command)` (pid \(getpid()), since \(ISO8601DateFormatter().string(from: time)))"
        _ = ftruncate(fd, 0)
        _ = holder.utf8CString.withUnsafeBufferPointer { pwrite(fd, $0.baseAddress, $0.count - 1, 0) }
        return .taken(fd)
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }
}
