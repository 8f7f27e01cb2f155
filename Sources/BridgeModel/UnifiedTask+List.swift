import Foundation

extension UnifiedTask {
    /// The stable JSON of `kpibridge tasks --format json` (and of the simulator's truth): pretty, key-sorted,
    /// provenance left out — `kpibridge task KEY` shows it — so the same work gives byte-identical output.
    public static func listJSON(_ tasks: [UnifiedTask]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let listed = tasks.sorted { $0.key < $1.key }.map { task -> UnifiedTask in
            var copy = task
            copy.provenance = []
            return copy
        }
        return String(decoding: try encoder.encode(listed), as: UTF8.self)
    }
}
