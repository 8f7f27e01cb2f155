import Foundation
import Logging

/// Log lines as JSON objects on standard error (`serve --log-format json`), one per line, for a log collector:
/// `at` (ISO 8601), `level`, `label`, `message`, and the metadata's keys.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: String] = [
            "at": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "label": label, "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = "\(value)" }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }

    /// A logger writing JSON lines, or swift-log's text handler.
    public static func logger(label: String, json: Bool) -> Logger {
        json ? Logger(label: label, factory: { JSONLogHandler(label: $0) }) : Logger(label: label)
    }
}
