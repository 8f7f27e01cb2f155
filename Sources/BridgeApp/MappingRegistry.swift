import BridgeMapping
import BridgePipeline
import Foundation
import Synchronization

/// The sources' bindings with their loaded mappings, which a long-running service loads again when a mapping
/// file changes (`Bridge.reloadMappings`): the fixed mapping is in use from the next pass, dry run or replay.
final class MappingRegistry: Sendable {
    private let bindings: Mutex<[String: SourceBinding]>

    init(_ bindings: [String: SourceBinding]) {
        self.bindings = Mutex(bindings)
    }

    /// The bindings in use now.
    var current: [String: SourceBinding] { bindings.withLock { $0 } }

    /// Puts `binding` in use for its source.
    func replace(_ binding: SourceBinding) {
        bindings.withLock { $0[binding.id] = binding }
    }
}
