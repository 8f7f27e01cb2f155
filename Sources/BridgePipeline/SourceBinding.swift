import BridgeMapping
import BridgeModel
import BridgeParsing

/// A configured source as the pipeline needs it: id, defaults for its tasks, and its mapping.
public struct SourceBinding: Sendable {
    public let id: String
    public let block: Block?
    public let agency: String?
    public let mapper: Mapper

    public init(id: String, block: Block?, agency: String?, mapping: MappingSpec) {
        self.id = id
        self.block = block
        self.agency = agency
        self.mapper = Mapper(spec: mapping)
    }

    /// The mapping in use: its id and version.
    public var mapping: (id: String, version: Int) { (mapper.spec.id, mapper.spec.version) }

    /// Parser limits for this source: the defaults plus the mapping's skipped elements.
    var xmlLimits: XMLLimits {
        var limits = XMLLimits()
        limits.skippedElements.formUnion(mapper.spec.skippedElements)
        return limits
    }
}
