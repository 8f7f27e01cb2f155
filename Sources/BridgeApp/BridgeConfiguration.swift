import BridgeMapping
import BridgeModel
import Foundation

/// What the bridge runs: its sources and where its files are. Only `BridgeApp` reads files and flags.
public struct BridgeConfiguration: Sendable {
    /// One configured source.
    public struct Source: Sendable, Hashable {
        /// Stable id used in records, dead letters and commands (`--source eoffice`).
        public var id: String
        /// What the source is (`edxml-files`, later the HTTP kinds).
        public var kind: String
        /// The mapping file, absolute or relative to the configuration's folder.
        public var mapping: String
        public var block: Block?
        public var agency: String?
    }

    public var sources: [Source]
    /// Where relative paths in the configuration are resolved.
    public var baseDirectory: String
    /// The file it was read from, or nil for the built-in configuration.
    public var file: String?

    /// The built-in configuration: one `eoffice` source on the edXML mapping, so commands work without a file.
    public static func builtIn(home: String) -> BridgeConfiguration {
        BridgeConfiguration(
            sources: [Source(id: "eoffice", kind: "edxml-files", mapping: "Mappings/eoffice-edxml.yml", block: .state, agency: nil)],
            baseDirectory: home, file: nil)
    }

    /// The source with `id`, or an error listing the known ones.
    public func source(_ id: String) throws -> Source {
        guard let source = sources.first(where: { $0.id == id }) else {
            throw AppError("unknown source '\(id)' (configured: \(sources.map(\.id).joined(separator: ", ")))")
        }
        return source
    }

    /// Resolves a path written in the configuration.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
    }
}

/// A user-facing error of the application layer, one line.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
