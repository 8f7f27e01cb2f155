import BridgeModel
import Foundation

extension Table {
    /// A row of `dossier_patch`: what one source record says of a citizen's dossier (a `DossierSnapshot` as JSON).
    /// A fact, beside the record's task patches.
    struct DossierPatch: LedgerRecord, Equatable {
        static let table = "dossier_patch"
        static let generatedId: String? = nil
        static let columns = ["source_record_id", "code", "body"]
        static let key = ["source_record_id", "code"]

        var sourceRecordId: Int64
        var code: String
        var body: String

        var values: [(any SQLBindable)?] { [sourceRecordId, code, body] }
    }

    /// A row of `dossier`: a dossier folded from all its snapshots (`Dossier(folding:)`), as JSON, with the
    /// columns a period's report selects by. A projection: `rebuild` makes it again from `dossier_patch`.
    struct Dossier: LedgerRecord, Equatable {
        static let table = "dossier"
        static let generatedId: String? = nil
        static let columns = ["code", "agency", "unit", "received_at", "ended_at", "body"]
        static let key = ["code"]

        var code: String
        var agency: String?
        var unit: String?
        var receivedAt: Timestamp?
        var endedAt: Timestamp?
        var body: String

        var values: [(any SQLBindable)?] {
            [code, agency, unit, receivedAt.map(StoredInstant.value), endedAt.map(StoredInstant.value), body]
        }
    }
}

extension Table.DossierPatch {
    init(row: LedgerRow) throws {
        sourceRecordId = try row["source_record_id"]
        code = try row["code"]
        body = try row["body"]
    }
}

extension Table.Dossier {
    init(row: LedgerRow) throws {
        code = try row["code"]
        agency = try row["agency"]
        unit = try row["unit"]
        receivedAt = try StoredInstant.readOptional(row, "received_at")
        endedAt = try StoredInstant.readOptional(row, "ended_at")
        body = try row["body"]
    }
}
