import BridgeModel
import Foundation

/// A citizen's dossier in the simulated one-stop system (`kpibridge sim --one-stop`): received, passed through
/// three steps — reception, appraisal, approval — by officers of the state block, and returned. Each dossier
/// plays one scenario, and what the bridge must make of it (its verdict, each step's lateness) is written down
/// by the scenario itself, not by the bridge's rules: a sync is checked against it.
public struct SimulatedDossier: Sendable, Hashable {
    /// What happens to a dossier, and how Decision 766 judges it at the world's now.
    public enum Scenario: String, Sendable, Hashable, CaseIterable {
        case early, onTime, lateAtStep2, lateAtStep3, oneSupplement, twoSupplements, withdrawn, stopped, payment, apology, unfinished
    }

    /// One step of the log, with what the truth says of it at the world's now.
    public struct Step: Sendable, Hashable {
        public let name: String
        public let officer: SimulatedOfficer
        public let department: String
        public let startedAt: Timestamp
        public let deadline: Timestamp
        public let endedAt: Timestamp?
        /// Late at the world's now, and by how many days (dates compared, Vietnam time).
        public let late: Bool
        public let daysOver: Int
    }

    public let code: String
    public let scenario: Scenario
    public let procedure: (code: String, name: String)
    public let agency: String
    public let agencyName: String
    public let channel: Int
    public let receivedAt: Timestamp
    /// The appointments: the first, then the one an apology reset it to.
    public let appointments: [Timestamp]
    /// `TrangThaiHoSo`.
    public let status: Int
    public let finishedAt: Timestamp?
    public let returnedAt: Timestamp?
    public let supplements: [(asked: Timestamp, brought: Timestamp?)]
    public let steps: [Step]
    /// The verdict the on-time rule must give at the world's now: onTime, late, inProgress, overdue or withdrawn.
    public let expected: String

    public static func == (a: SimulatedDossier, b: SimulatedDossier) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    static let procedures: [(code: String, name: String)] = [
        ("1.001612", "Cấp giấy phép xây dựng nhà ở riêng lẻ"), ("2.000908", "Chứng thực bản sao từ bản chính"),
        ("1.004227", "Đăng ký khai sinh"), ("2.002154", "Cấp phiếu lý lịch tư pháp"),
    ]

    /// When the record last changed: the latest time it holds.
    public var updatedAt: Timestamp {
        ([receivedAt, finishedAt, returnedAt].compactMap { $0 } + supplements.flatMap { [$0.asked, $0.brought].compactMap { $0 } }
            + steps.flatMap { [$0.startedAt, $0.endedAt].compactMap { $0 } } + (appointments.count > 1 ? [appointments[1].advanced(hours: -96)] : [])).max()!
    }

    /// The one-stop system's dossiers for `world`: one per two officers (at least one of each scenario), the
    /// scenarios in turn, each dossier's steps held by officers of one state agency. The same world gives the
    /// same dossiers.
    public static func all(in world: SimulatedWorld) -> [SimulatedDossier] {
        let state = world.officers.filter { $0.block == .state }
        let byAgency = Dictionary(grouping: state, by: \.agency)
        let agencies = byAgency.keys.sorted()
        let names = Dictionary(uniqueKeysWithValues: SimulatedWorld.organisation.map { ($0.code, $0.name) })
        let count = max(Scenario.allCases.count, world.officers.count / 2)
        return (0..<count).map { index in
            let agency = agencies[index % agencies.count]
            let people = byAgency[agency]!
            let holders = (0..<3).map { people[(index / agencies.count + $0) % people.count] }
            return make(
                index: index, scenario: Scenario.allCases[index % Scenario.allCases.count], agency: agency, agencyName: names[agency] ?? agency,
                holders: holders, now: world.now)
        }
    }

    /// One dossier of `scenario`: received at 8:00 on its first day, appointment at 17:00 on day 10 (the
    /// appraisal due on day 7, the approval on day 10), the rest as the scenario has it.
    static func make(index: Int, scenario: Scenario, agency: String, agencyName: String, holders: [SimulatedOfficer], now: Timestamp) -> SimulatedDossier {
        let ago: Int
        switch scenario {
        case .payment: ago = 3
        case .unfinished: ago = 20
        default: ago = 25 + index % 5
        }
        let first = CalendarDay(daysSinceEpoch: now.day().daysSinceEpoch - ago)
        func at(_ day: Int, _ hour: Int) -> Timestamp { VietnamTime.startOfDay(CalendarDay(daysSinceEpoch: first.daysSinceEpoch + day)).advanced(hours: hour) }
        func daysLate(_ end: Timestamp?, _ deadline: Timestamp) -> Int {
            guard let end else { return max(0, now.day().daysSinceEpoch - deadline.day().daysSinceEpoch) }
            return max(0, end.day().daysSinceEpoch - deadline.day().daysSinceEpoch)
        }
        // When each step ends (nil: still held), the dossier's status, end, return, supplements and verdict.
        var ends: [Timestamp?]
        var status = 10, finished: Timestamp?, returned: Timestamp?, supplements: [(asked: Timestamp, brought: Timestamp?)] = []
        var appointments = [at(10, 17)]
        let expected: String
        switch scenario {
        case .early: ends = [at(0, 9), at(3, 10), at(5, 15)]; returned = at(6, 9); expected = "onTime"
        case .onTime: ends = [at(0, 9), at(6, 16), at(10, 11)]; status = 9; expected = "onTime"
        case .lateAtStep2: ends = [at(0, 9), at(8, 10), at(10, 9)]; returned = at(10, 15); expected = "onTime"
        case .lateAtStep3: ends = [at(0, 9), at(5, 10), at(12, 10)]; status = 9; expected = "late"
        case .oneSupplement:
            ends = [at(0, 9), at(7, 10), at(13, 10)]; returned = at(13, 15); supplements = [(at(2, 10), at(6, 9))]; expected = "onTime"
        case .twoSupplements:
            ends = [at(0, 9), at(6, 10), at(9, 10)]; returned = at(9, 15); supplements = [(at(2, 10), at(3, 9)), (at(5, 10), at(6, 9))]
            expected = "late"
        case .withdrawn: ends = [at(0, 9), nil]; status = 7; expected = "withdrawn"
        case .stopped: ends = [at(0, 9), at(4, 10)]; status = 8; expected = "onTime"
        case .payment: ends = [at(0, 9), at(1, 10), nil]; status = 6; expected = "inProgress"
        case .apology:
            ends = [at(0, 9), at(6, 10), at(12, 10)]; returned = at(12, 15); appointments.append(at(13, 17)); expected = "late"
        case .unfinished: ends = [at(0, 9), nil]; status = 4; expected = "overdue"
        }
        if [9, 10, 8].contains(status) { finished = ends.last! }
        let names = ["Tiếp nhận", "Thẩm định", "Phê duyệt"]
        let deadlines = [at(0, 17), at(7, 17), at(10, 17)]
        var steps: [Step] = []
        for (k, end) in ends.enumerated() {
            let start = k == 0 ? at(0, 8) : ends[k - 1]!
            // A step still held when the citizen withdrew the dossier is no one's: never late.
            let held = end == nil && status == 7
            let over = held ? 0 : daysLate(end, deadlines[k])
            let onTime = held || (end ?? now).day() <= deadlines[k].day()
            steps.append(Step(
                name: names[k], officer: holders[k], department: k == 0 ? "Bộ phận một cửa" : holders[k].unit, startedAt: start,
                deadline: deadlines[k], endedAt: end, late: !onTime, daysOver: onTime ? 0 : max(1, over)))
        }
        let procedure = procedures[index % procedures.count]
        let code = String(format: "%@-%02d%02d%02d-%04d", agency, first.year % 100, first.month, first.day, index + 1)
        return SimulatedDossier(
            code: code, scenario: scenario, procedure: procedure, agency: agency, agencyName: agencyName, channel: 1 + index % 3,
            receivedAt: at(0, 8), appointments: appointments, status: status, finishedAt: finished, returnedAt: returned, supplements: supplements,
            steps: steps, expected: expected)
    }

    /// The motcua account of an officer (the one-stop system's own user ids).
    public static func account(_ officer: SimulatedOfficer) -> String { String(format: "MC-%05d", officer.index) }

    static let stamp = try! DatePatternParser(pattern: "yyyyMMddHHmmss")
    static func text(_ time: Timestamp) -> String { stamp.format(time, offsetSeconds: VietnamTime.offsetSeconds) }

    /// The dossier as the provincial one-stop API serves it (Mappings/motcua-dossiers.yml).
    var record: [String: Any] {
        var item: [String: Any] = [
            "MaHoSo": code, "MaTTHC": procedure.code, "TenTTHC": procedure.name, "MaDonVi": agency, "TenDonViXuLy": agencyName,
            "ChuHoSo": "Công dân \(code.suffix(4))", "KenhThucHien": channel, "NgayTiepNhan": Self.text(receivedAt),
            "NgayHenTra": Self.text(appointments.last!), "TrangThaiHoSo": status, "NgayCapNhat": Self.text(updatedAt),
            "ThoiGianThucHien": 8, "DonViThoiGian": "ngay_lam_viec",
            "DanhSachHoSoBoSung": supplements.map { s -> [String: Any] in
                var item: [String: Any] = ["NgayBoSung": Self.text(s.asked)]
                if let brought = s.brought { item["NgayTiepNhanBoSung"] = Self.text(brought) }
                return item
            },
            "DanhSachPhieuXinLoi": appointments.count > 1 ? [["NgayHenTraTruoc": Self.text(appointments[0]), "NgayHenTraMoi": Self.text(appointments[1])]] : [],
            "QuaTrinhXuLy": steps.enumerated().map { k, step -> [String: Any] in
                var item: [String: Any] = [
                    "ThuTu": k + 1, "TenBuoc": step.name, "NguoiXuLy": Self.account(step.officer), "TenNguoiXuLy": step.officer.name,
                    "PhongBanXuLy": step.department, "NgayBatDau": Self.text(step.startedAt), "NgayHetHanBuocXuLy": Self.text(step.deadline),
                ]
                if let end = step.endedAt { item["NgayKetThuc"] = Self.text(end) }
                return item
            },
        ]
        if let finishedAt { item["NgayKetThucXuLy"] = Self.text(finishedAt) }
        if let returnedAt { item["NgayTra"] = Self.text(returnedAt) }
        return item
    }

    /// Each step as the unified task the shipped mapping must make of it.
    var tasks: [UnifiedTask] {
        steps.enumerated().map { k, step in
            var u = UnifiedTask(key: TaskKey("motcua:\(code)#\(k + 1)"))
            u.block = .state
            u.agency = agency
            u.unit = step.department
            u.title = "\(step.name): \(procedure.name)"
            u.document.number = code
            u.document.documentType = procedure.code
            u.productType = "Hồ sơ TTHC"
            u.mainHandler = PersonRef(namespace: "motcua", id: Self.account(step.officer), name: step.officer.name)
            u.assignedAt = step.startedAt
            u.dueAt = step.deadline
            u.deadlines = [step.deadline]
            if let end = step.endedAt {
                u.status = .completed
                u.statusCode = "da_chuyen"
                u.completedAt = end
            } else if status == 7 {
                u.status = .cancelled
                u.statusCode = "khong_tinh"
            } else {
                u.status = .inProgress
                u.statusCode = "dang_xu_ly"
            }
            return u
        }
    }
}
