import BridgeMapping
import Foundation

/// Paths to the project's own mappings and samples, for tests.
public enum Fixtures {
    /// The repository root (the folder holding `Mappings/`), found from this file's location.
    public static let home: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Every E-Office sample file, sorted by name.
    public static func eofficeSamples() throws -> [String] {
        let folder = "\(home)/Samples/eoffice"
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".edxml") }.sorted()
            .map { "\(folder)/\($0)" }
    }

    /// The edXML mapping, loaded and validated.
    public static func edxmlMapping() throws -> MappingSpec {
        let text = try String(contentsOfFile: "\(home)/Mappings/eoffice-edxml.yml", encoding: .utf8)
        return try MappingSpec.load(text: text, file: "Mappings/eoffice-edxml.yml")
    }

    /// The bytes of one sample.
    public static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(home)/Samples/eoffice/\(name)")))
    }
}

/// A fresh folder under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes `bytes` to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}
