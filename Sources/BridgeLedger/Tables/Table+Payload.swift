import BridgeModel
import Foundation

extension Table {
    /// A row of `payload`: one received payload's hash and size (its bytes are in `payload_chunk`). A fact.
    struct Payload: LedgerRecord, Equatable {
        static let table = "payload"
        static let columns = ["hash", "size", "received_at"]
        static let key = ["hash"]

        var hash: String
        var size: Int
        var receivedAt: Timestamp

        var values: [(any SQLBindable)?] { [hash, size, StoredInstant.value(receivedAt)] }
    }

    /// A row of `payload_chunk`: a piece of a payload's bytes, in order. A fact.
    struct PayloadChunk: LedgerRecord, Equatable {
        static let table = "payload_chunk"
        static let generatedId: String? = "id"
        static let columns = ["hash", "seq", "data"]
        static let key = ["hash", "seq"]

        var hash: String
        var seq: Int
        var data: Data

        var values: [(any SQLBindable)?] { [hash, seq, data] }
    }
}

extension Table.Payload {
    init(row: LedgerRow) throws {
        hash = try row["hash"]
        size = try row["size"]
        receivedAt = try StoredInstant.read(row, "received_at")
    }
}

extension Table.PayloadChunk {
    init(row: LedgerRow) throws {
        hash = try row["hash"]
        seq = try row["seq"]
        data = try row["data"]
    }
}
