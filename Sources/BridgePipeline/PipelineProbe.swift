import BridgeMapping
import BridgeModel
import Foundation

/// The pipeline's stages one at a time, for the ingest benchmark: the same code the importer runs, stopped
/// after parsing or after mapping.
public enum PipelineProbe {
    /// Reads, hashes and parses one payload file: the records it holds (the mapping's items), nil when it does not parse.
    public static func parse(file: String, source: SourceBinding) throws -> Int? {
        let spec = source.mapper.spec
        let decoded = try PayloadDecoder(format: spec.format, limits: source.xmlLimits).decode(.file(file))
        guard let document = try? decoded.document.get() else { return nil }
        return spec.format == .xml ? 1 : spec.items(in: document).count
    }

    /// Reads, hashes, parses and maps one payload file: the records that mapped and those that failed.
    public static func map(file: String, source: SourceBinding) throws -> (mapped: Int, failed: Int) {
        let mapped = try Importer.map(.file(file), origin: file, source: source)
        return (mapped.entries.count - mapped.failures.count, mapped.failures.count)
    }
}
