import BridgeModel

/// One step of a dossier's processing (`CapNhatTienDoHoSoMC`, the provincial step log `QuaTrinhXuLyHoSo`): the
/// officer who held it, from when, and the step's own deadline. A work product of that officer.
public struct DossierStep: Sendable, Hashable, Codable {
    /// The officer who held the step (`NguoiXuLy` / `NguoiNhan`), as the directory knows them.
    public var officer: String
    /// `PhongBanXuLy`.
    public var department: String?
    /// `NgayBatDau` / `ThoiGian`: when the officer got it.
    public var startedAt: Timestamp
    /// `NgayKetThucTheoQuyDinh` / `NgayHetHanBuocXuLy`: the step's deadline.
    public var deadline: Timestamp?
    /// `NoiDungXuLy`.
    public var content: String?

    public init(officer: String, startedAt: Timestamp, deadline: Timestamp?, department: String? = nil, content: String? = nil) {
        self.officer = officer
        self.startedAt = startedAt
        self.deadline = deadline
        self.department = department
        self.content = content
    }
}
