import Foundation

/// Files that hold personal data or secrets are made readable by their owner only (configurations, with their
/// sources and environment names: 0600), whatever the umask.
public enum PrivateFile {
    /// Writes `text` to `path` atomically with mode 0600.
    public static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        try write(Data(text.utf8), to: path, mode: mode)
    }

    /// Writes `data` to `path` atomically with mode 0600.
    public static func write(_ data: Data, to path: String, mode: Int = 0o600) throws {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
