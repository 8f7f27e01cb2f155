import BridgeModel

/// A dossier of an administrative procedure (hồ sơ thủ tục hành chính) as a one-stop system reports it: received,
/// passed from officer to officer in steps, and returned. Times are instants; the one-stop systems' own text
/// (`yyyyMMddHHmmss`, Vietnam time) is read by the mapping.
public struct Dossier: Sendable, Hashable, Codable {
    /// `MaHoSo`.
    public var code: String
    /// `MaTTHC` and `TenTTHC`: the procedure.
    public var procedure: String?
    public var procedureName: String?
    /// `DonViXuLy`: the unit that processes it.
    public var unit: String?
    public var agency: String?
    /// `KenhThucHien`: 1 in person, 2 online, 3 by post.
    public var channel: Int?
    public var status: DossierStatus
    /// `NgayTiepNhan`.
    public var receivedAt: Timestamp?
    /// Every appointment (`NgayHenTra`) the dossier has had, oldest first: the first one made at reception, then
    /// each reset (`NgayHenTraMoi`), with whether an apology (phiếu xin lỗi và hẹn lại) came with it.
    public var appointments: [Appointment]
    /// `NgayKetThucXuLy`: when processing ended (finished, stopped or refused).
    public var finishedAt: Timestamp?
    /// `NgayTra`: when the result was returned.
    public var returnedAt: Timestamp?
    /// `DanhSachHoSoBoSung`: the requests for a supplement, oldest first.
    public var supplements: [Supplement]
    /// `ThoiGianThucHien` with its unit: the statutory duration, for a dossier without an appointment.
    public var statutoryDuration: StatutoryDuration?
    /// The step log, in order.
    public var steps: [DossierStep]

    public init(
        code: String, status: DossierStatus, receivedAt: Timestamp?, appointments: [Appointment] = [], finishedAt: Timestamp? = nil,
        returnedAt: Timestamp? = nil, supplements: [Supplement] = [], statutoryDuration: StatutoryDuration? = nil, steps: [DossierStep] = [],
        procedure: String? = nil, procedureName: String? = nil, unit: String? = nil, agency: String? = nil, channel: Int? = nil
    ) {
        self.code = code
        self.status = status
        self.receivedAt = receivedAt
        self.appointments = appointments
        self.finishedAt = finishedAt
        self.returnedAt = returnedAt
        self.supplements = supplements
        self.statutoryDuration = statutoryDuration
        self.steps = steps
        self.procedure = procedure
        self.procedureName = procedureName
        self.unit = unit
        self.agency = agency
        self.channel = channel
    }

    /// One appointment for the result.
    public struct Appointment: Sendable, Hashable, Codable {
        public var at: Timestamp
        /// True when the appointment was reset with an apology to the citizen.
        public var apology: Bool

        public init(at: Timestamp, apology: Bool = false) {
            self.at = at
            self.apology = apology
        }
    }

    /// One request for a supplement: when the agency asked (`NgayBoSung`) and when the citizen brought it
    /// (`NgayTiepNhanBoSung`, nil while awaited).
    public struct Supplement: Sendable, Hashable, Codable {
        public var requestedAt: Timestamp
        public var resumedAt: Timestamp?

        public init(requestedAt: Timestamp, resumedAt: Timestamp? = nil) {
            self.requestedAt = requestedAt
            self.resumedAt = resumedAt
        }
    }

    /// A statutory duration: so many days, working days or hours.
    public struct StatutoryDuration: Sendable, Hashable, Codable {
        public enum Unit: String, Sendable, Hashable, Codable {
            case days, workingDays, hours
        }

        public var amount: Int
        public var unit: Unit

        public init(_ amount: Int, _ unit: Unit) {
            self.amount = amount
            self.unit = unit
        }
    }

    /// When the agency's processing ended: the first of processing finished, the result returned (for a system
    /// that reports no finishing time), or the stop or refusal; nil while it runs.
    public var end: Timestamp? {
        guard status.ended || finishedAt != nil || returnedAt != nil else { return nil }
        return finishedAt ?? returnedAt
    }
}
