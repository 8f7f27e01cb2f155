import Foundation

/// File names that are not UTF-8 (a Latin-1 `café.edxml` copied from an old share) reach the program as text
/// with U+FFFD in them, which names no file. Such a name is found again among the raw bytes of the command line
/// and opened by those bytes; the file is then read through `/proc/self/fd/N`.
enum RawFileName {
    /// A path that opens `argument`: the argument itself when it names a file, else the file opened by the raw
    /// bytes of the command-line argument it came from; nil when neither is found.
    static func openable(_ argument: String) -> String? {
        if FileManager.default.fileExists(atPath: argument) || !argument.contains("\u{FFFD}") { return nil }
        for index in 1..<Int(CommandLine.argc) {
            guard let raw = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
            guard String(decoding: bytes, as: UTF8.self) == argument else { continue }
            let fd = open(raw, O_RDONLY | O_CLOEXEC)
            return fd >= 0 ? "/proc/self/fd/\(fd)" : nil
        }
        return nil
    }
}
