import BridgeModel

/// A dossier's status as the national public-service portal codes it (`TrangThaiHoSo`, 1–10), which provincial
/// one-stop systems report too.
public enum DossierStatus: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Mới đăng ký.
    case submitted = 1
    /// Được tiếp nhận.
    case accepted = 2
    /// Không được tiếp nhận: refused at reception.
    case refused = 3
    /// Đang xử lý.
    case processing = 4
    /// Yêu cầu bổ sung giấy tờ: waiting for the citizen's supplement.
    case supplementRequested = 5
    /// Yêu cầu thực hiện nghĩa vụ tài chính: waiting for a payment.
    case paymentRequired = 6
    /// Công dân yêu cầu rút hồ sơ.
    case withdrawn = 7
    /// Dừng xử lý.
    case stopped = 8
    /// Đã xử lý xong.
    case finished = 9
    /// Đã trả kết quả.
    case returned = 10

    /// True when the agency's processing has ended (finished, returned, stopped or refused).
    public var ended: Bool { [.finished, .returned, .stopped, .refused].contains(self) }
}
