import BridgeModel
import Foundation

extension Table {
    /// A row of `self_assessment`: an officer's proposal of their general points and the leader's confirmation.
    struct SelfAssessment: LedgerRecord, Equatable {
        static let table = "self_assessment"
        static let columns = [
            "officer", "period", "proposed_points", "comment", "proposed_at", "state", "confirmed_points", "leader_comment", "confirmed_at", "confirmed_by",
        ]
        static let key = ["officer", "period"]

        var item: BridgeModel.SelfAssessment

        var values: [(any SQLBindable)?] {
            [
                item.officer, item.period, item.proposedPoints, item.comment, StoredInstant.value(item.proposedAt), item.state.rawValue, item.confirmedPoints,
                item.leaderComment, item.confirmedAt.map(StoredInstant.value), item.confirmedBy,
            ]
        }
    }
}

extension Table.SelfAssessment {
    init(row: LedgerRow) throws {
        let state: String = try row["state"]
        item = BridgeModel.SelfAssessment(
            officer: try row["officer"], period: try row["period"], proposedPoints: try row["proposed_points"], comment: try row["comment"],
            proposedAt: try StoredInstant.read(row, "proposed_at"), state: BridgeModel.SelfAssessment.State(rawValue: state) ?? .proposed,
            confirmedPoints: try row["confirmed_points"], leaderComment: try row["leader_comment"], confirmedAt: try StoredInstant.readOptional(row, "confirmed_at"),
            confirmedBy: try row["confirmed_by"])
    }
}
