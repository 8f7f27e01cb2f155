import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring

/// Brings a ledger's projections up to its facts with the decree's default scoring rules, as `import` does at
/// the end of a run.
@discardableResult
public func project(_ store: LedgerStore, at time: Timestamp = Timestamp(millis: 0)) throws -> ProjectionSummary {
    try Projector(store: store, scoreBook: ScoreBook(scorer: Scorer())).run(at: time, cause: "test")
}
