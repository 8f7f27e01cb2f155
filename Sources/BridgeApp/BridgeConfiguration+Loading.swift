import BridgeMapping
import BridgeModel
import Foundation

extension BridgeConfiguration {
    /// Reads a configuration file; unknown keys, bad values and missing mapping files are errors naming them.
    public static func load(file: String) throws -> BridgeConfiguration {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AppError("\(file): configuration file not found")
        }
        let top = try YAMLNode.load(String(decoding: data, as: UTF8.self), file: file)
        _ = try top.entries(allowed: ["sources"])
        let base = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var config = BridgeConfiguration(sources: [], baseDirectory: base, file: file)
        for item in try top.required("sources").items() {
            _ = try item.entries(allowed: ["id", "kind", "mapping", "block", "agency"])
            var block: Block?
            if let node = try item.optional("block") {
                guard let parsed = Block(rawValue: try node.string()) else {
                    throw node.error("block '\(try node.string())' is not party, state or mass")
                }
                block = parsed
            }
            let id = try item.required("id").string()
            if config.sources.contains(where: { $0.id == id }) { throw item.error("duplicate source id '\(id)'") }
            let mapping = try item.required("mapping")
            let source = Source(
                id: id, kind: try item.required("kind").string(), mapping: try mapping.string(), block: block,
                agency: try item.optional("agency")?.string())
            if !FileManager.default.fileExists(atPath: config.resolve(source.mapping)) {
                throw mapping.error("mapping file '\(source.mapping)' not found")
            }
            config.sources.append(source)
        }
        return config
    }
}
