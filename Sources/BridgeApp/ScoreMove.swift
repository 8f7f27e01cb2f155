import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation

/// A stored score that a change would move (or moved): its total before and after (nil: no score row). What a
/// dry run prints as the KPI impact of a directory import or a reconciliation decision.
public struct ScoreMove: Sendable, Hashable {
    public let pair: ScorePair
    public let before: Decimal?
    public let after: Decimal?

    /// The scores whose totals differ between two sets of stored score bodies (or that appear or disappear).
    static func between(_ before: [ScorePair: String], _ after: [ScorePair: String]) -> [ScoreMove] {
        func total(_ body: String?) -> Decimal? {
            body.flatMap { try? JSONDecoder().decode(ScoreRow.self, from: Data($0.utf8)) }?.total
        }
        return Set(before.keys).union(after.keys).sorted().compactMap { pair in
            let (old, new) = (before[pair], after[pair])
            guard old != new, total(old) != total(new) || (old == nil) != (new == nil) else { return nil }
            return ScoreMove(pair: pair, before: total(old), after: total(new))
        }
    }

    /// `officer period: before → after`.
    public var line: String {
        func total(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "none" }
        return "\(pair.officer) \(pair.period): \(total(before)) → \(total(after))"
    }
}
