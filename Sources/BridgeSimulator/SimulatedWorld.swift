import BridgeModel
import Foundation

/// A seeded province: officers across the three blocks and the work each system holds about them.
/// The same scale and seed always give the same world.
public struct SimulatedWorld: Sendable {
    public let officers: [SimulatedOfficer]
    public private(set) var tasks: [SimulatedTask]
    /// The world's "now": every time in it is at or before this; `evolve` moves it on.
    public private(set) var now: Timestamp
    /// The share of E-Office documents (0 to 1) that iOffice also tracks — the same work in two systems, which
    /// the bridge must count once (`kpibridge sim --overlap`). Chosen by document number, so the same documents
    /// overlap in every run of a seed.
    public var overlap = 0.0
    private var nextNumber: Int

    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Hoài"]
    static let givens = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]

    /// The simulated province's organisation — its agencies with their names, blocks and units — as a directory
    /// holds it (no officers: the simulator's accounts are the queue's to resolve).
    public static var organisation: [Directory.Agency] {
        agencies.keys.sorted { $0.rawValue < $1.rawValue }.flatMap { block in
            agencies[block]!.map { Directory.Agency(code: $0.code, name: $0.name, block: block, units: $0.units) }
        }
    }

    /// Agencies per block: code, name and units.
    static let agencies: [Block: [(code: String, name: String, units: [String])]] = [
        .state: [
            ("000.00.12.H34", "Sở Nội vụ", ["Phòng Công chức, viên chức", "Phòng Tổ chức biên chế"]),
            ("000.00.14.H34", "Sở Tài chính", ["Phòng Ngân sách", "Phòng Tài chính đầu tư"]),
            ("000.00.21.H34", "Sở Y tế", ["Phòng Nghiệp vụ Y", "Phòng Kế hoạch tài chính"]),
        ],
        .party: [("TU-BTC", "Ban Tổ chức Tỉnh ủy", ["Phòng Tổ chức cán bộ", "Phòng Đảng viên"]), ("TU-VP", "Văn phòng Tỉnh ủy", ["Phòng Tổng hợp"])],
        .mass: [("TD-KH", "Tỉnh đoàn Khánh Hòa", ["Ban Tổ chức - Kiểm tra", "Ban Phong trào"]), ("HLHPN-KH", "Hội LHPN tỉnh Khánh Hòa", ["Ban Tuyên giáo"])],
    ]

    static let subjects = [
        "báo cáo kết quả đánh giá, xếp loại cán bộ năm 2025", "lập dự toán ngân sách năm 2027", "rà soát vị trí việc làm",
        "tổ chức hội nghị sơ kết quý", "triển khai chuyển đổi số trong cơ quan", "kiểm tra công tác cải cách hành chính",
        "tổng hợp ý kiến góp ý dự thảo nghị quyết", "chuẩn bị đại hội chi bộ nhiệm kỳ mới", "phát động phong trào thi đua",
        "báo cáo tình hình thực hiện nhiệm vụ tháng", "xây dựng kế hoạch đào tạo, bồi dưỡng", "rà soát quy hoạch cán bộ",
    ]
    static let types = ["Công văn", "Báo cáo", "Kế hoạch", "Tờ trình"]

    /// Builds the world for `scale` officers from `seed`; `workload` multiplies the tasks each officer holds.
    public init(scale: Int, seed: UInt64, workload: Int = 1) {
        var g = SeededGenerator(seed: seed)
        now = Timestamp(iso8601: "2026-06-15T12:00:00+07:00")!
        var officers: [SimulatedOfficer] = []
        for index in 0..<max(3, scale) {
            let block: Block = [.state, .party, .mass][index % 3]
            let agency = Self.agencies[block]![Int.random(in: 0..<Self.agencies[block]!.count, using: &g)]
            let name = "\(Self.families.randomElement(using: &g)!) \(Self.middles.randomElement(using: &g)!) \(Self.givens.randomElement(using: &g)!)"
            let account: String
            switch block {
            case .state: account = "\(Self.slug(name)).\(index)@khanhhoa.gov.vn"
            case .party: account = String(format: "DV%05d", index)
            case .mass: account = String(format: "DTN%05d", index)
            }
            officers.append(SimulatedOfficer(
                index: index, name: name, block: block, agency: agency.code, unit: agency.units.randomElement(using: &g)!, account: account))
        }
        self.officers = officers
        var tasks: [SimulatedTask] = []
        var number = 100
        // Colleagues by agency, found once (a filter per task is quadratic at province scale).
        let colleagues = Dictionary(grouping: officers) { "\($0.block) \($0.agency)" }
        for officer in officers {
            let systems: [SimulatedTask.System] = officer.block == .state ? [.hub, .hub, .ioffice, .ioffice] : officer.block == .party ? [.party, .party, .party] : [.mass, .mass, .mass]
            let group = colleagues["\(officer.block) \(officer.agency)"]!
            let peers = group.count > 64 ? Self.near(officer, in: group) : group.filter { $0 != officer }
            for _ in 0..<max(1, workload) { for system in systems {
                number += 1
                tasks.append(Self.task(system, number: number, handler: officer, peers: peers, now: now, using: &g))
            } }
        }
        self.tasks = tasks
        self.nextNumber = number + 1
    }

    /// Up to 64 colleagues next to `officer` in its agency (coordinators are drawn from them).
    static func near(_ officer: SimulatedOfficer, in group: [SimulatedOfficer]) -> [SimulatedOfficer] {
        let at = group.firstIndex(of: officer) ?? 0
        let start = max(0, min(at - 32, group.count - 65))
        return group[start..<min(group.count, start + 65)].filter { $0 != officer }
    }

    /// Moves time on by `hours` and lets work happen: some open tasks advance one step (assignment, progress,
    /// completion), and a few new tasks are assigned. Returns the tasks that changed or appeared.
    public mutating func evolve(hours: Int = 24, using g: inout SeededGenerator) -> [SimulatedTask] {
        now = now.advanced(hours: hours)
        var changed: [SimulatedTask] = []
        for index in tasks.indices where tasks[index].progress != .cancelled {
            var task = tasks[index]
            let roll = Int.random(in: 0..<100, using: &g)
            // Whole seconds: the systems write times to the second.
            let at = Timestamp(millis: (now.millis - Int64.random(in: 0..<(Int64(hours) * 3_600), using: &g) * 1000) / 1000 * 1000)
            if task.system == .hub, task.progress < .completed, roll >= 95 {
                // The issuer extends the deadline by a week: an update document on the hub.
                task.earlierDues.append(task.due)
                task.replacedWhileServed.append(task.due)
                task.due = CalendarDay(daysSinceEpoch: task.due.daysSinceEpoch + 7)
                task.extendedAt.append(at)
            } else if task.progress == .completed {
                // Now and then finished work is sent back for rework (not on the hub: edXML has no return).
                guard task.system != .hub, roll < 4 else { continue }
                task.progress = .returned
                task.returns.append(max(at, task.completedAt.advanced(hours: 1)))
            } else if task.progress == .received, roll < 15 {
                task.progress = .assigned
                task.assignedAt = max(at, task.assignedAt)
            } else if task.progress == .assigned, roll < 15 {
                task.progress = .inProgress
                task.startedAt = max(at, task.assignedAt.advanced(hours: 1))
            } else if (task.progress == .inProgress && roll < 15) || (task.progress == .returned && roll < 30) {
                task.progress = .completed
                task.completedAt = max(at, (task.returns.last ?? task.startedAt).advanced(hours: 1))
            } else {
                continue
            }
            task.updatedAt = ([task.assignedAt, task.startedAt, task.completedAt] + task.returns + task.extendedAt).filter { $0 <= now }.max() ?? now
            tasks[index] = task
            changed.append(task)
        }
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            let handler = officers.randomElement(using: &g)!
            let system: SimulatedTask.System = handler.block == .state ? (Bool.random(using: &g) ? .hub : .ioffice) : handler.block == .party ? .party : .mass
            let peers = officers.filter { $0.block == handler.block && $0.agency == handler.agency && $0 != handler }
            var task = Self.task(system, number: nextNumber, handler: handler, peers: peers, now: now, using: &g)
            nextNumber += 1
            task.progress = .received
            task.updatedAt = now  // it appears in the systems now, whatever its dates say
            tasks.append(task)
            changed.append(task)
        }
        return changed
    }

    static func task(_ system: SimulatedTask.System, number: Int, handler: SimulatedOfficer, peers: [SimulatedOfficer], now: Timestamp, using g: inout SeededGenerator) -> SimulatedTask {
        let start = min(CalendarDay(year: 2026, month: 3, day: 1)!.daysSinceEpoch, now.day().daysSinceEpoch - 100)
        let promulgated = CalendarDay(daysSinceEpoch: min(start + Int.random(in: 0..<90, using: &g), now.day().daysSinceEpoch - 2))
        let due = CalendarDay(daysSinceEpoch: promulgated.daysSinceEpoch + Int.random(in: 5..<25, using: &g))
        func at(_ day: Int, _ hour: Int) -> Timestamp {
            Timestamp(day: CalendarDay(daysSinceEpoch: day), hour: hour, minute: Int.random(in: 0..<60, using: &g), second: 0, offsetSeconds: VietnamTime.offsetSeconds)!
        }
        let assignedAt = at(promulgated.daysSinceEpoch + 1, 9)
        let startedAt = at(promulgated.daysSinceEpoch + 2, 14)
        let completedAt = at(due.daysSinceEpoch + Int.random(in: -4..<3, using: &g), 16)
        let roll = Int.random(in: 0..<100, using: &g)
        var progress: SimulatedTask.Progress = roll < 60 ? .completed : roll < 72 ? .inProgress : roll < 84 ? .assigned : roll < 94 ? .received : .cancelled
        if progress == .completed && completedAt > now { progress = .inProgress }
        let notation: String
        switch system {
        case .hub: notation = "UBND-VP"
        case .ioffice: notation = handler.agency == "000.00.12.H34" ? "SNV-CCVC" : handler.agency == "000.00.14.H34" ? "STC-NS" : "SYT-NVY"
        case .party: notation = "TU"
        case .mass: notation = "TĐTN"
        }
        let coordinators = peers.isEmpty || system == .hub ? [] : Array(peers.shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))
        let id: String
        switch system {
        case .hub: id = "000.00.00.H34,\(promulgated.description.replacingOccurrences(of: "-", with: "/")),\(number)/\(notation)"
        case .ioffice: id = String(format: "VBD-%06d", number)
        case .party: id = String(format: "P-%05d", number)
        case .mass: id = String(format: "M-%05d", number)
        }
        let updated = [assignedAt, progress >= .inProgress ? startedAt : assignedAt, progress == .completed ? completedAt : assignedAt].max()!
        return SimulatedTask(
            system: system, id: id, title: "V/v \(subjects.randomElement(using: &g)!)", handler: handler, coordinators: coordinators,
            number: number, notation: notation, documentType: types.randomElement(using: &g)!, promulgated: promulgated, due: due,
            dueTime: Timestamp(day: due, hour: 17, minute: 0, second: 0, offsetSeconds: VietnamTime.offsetSeconds)!,
            progress: progress, assignedAt: assignedAt, startedAt: startedAt, completedAt: completedAt, updatedAt: updated)
    }

    /// An ASCII e-mail name from a Vietnamese full name: given name, then initials (`lan.nt`).
    static func slug(_ name: String) -> String {
        let folded = name.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        let parts = folded.split(separator: " ").map(String.init)
        return parts.last! + "." + parts.dropLast().map { String($0.prefix(1)) }.joined()
    }

    /// The tasks of one system, in a stable order; with an overlap, iOffice's include the copies of overlapping
    /// hub documents and the Party tool's the tasks that follow some of them up.
    public func tasks(in system: SimulatedTask.System) -> [SimulatedTask] {
        let own = tasks.filter { $0.system == system }
        switch system {
        case .ioffice: return own + mirrors().map(\.copy)
        case .party: return own + citations()
        default: return own
        }
    }

    /// True for a hub document that iOffice also tracks: a hash of its number below the overlap share.
    func overlaps(_ task: SimulatedTask) -> Bool {
        guard overlap > 0, task.system == .hub else { return false }
        let hash = (UInt64(task.number) &* 0x9E37_79B9_7F4A_7C15) >> 44  // 20 bits
        return Double(hash) < overlap * Double(1 << 20)
    }

    /// Each hub document that iOffice also tracks, with iOffice's record of it: the same document (number,
    /// notation, date, agency, title) and progress under iOffice's own id. One in four names another officer of
    /// the agency as its handler: a disagreement the bridge must queue, not settle.
    public func mirrors() -> [(hub: SimulatedTask, copy: SimulatedTask)] {
        tasks.filter(overlaps).map { hub in
            var copy = hub
            copy.system = .ioffice
            copy.id = String(format: "VBD-H%06d", hub.number)
            if hub.number % 4 == 0, let other = officers.first(where: { $0.block == .state && $0.agency == hub.handler.agency && $0 != hub.handler }) {
                copy.handler = other
            }
            return (hub, copy)
        }
    }

    /// Party tasks that follow up an overlapping dispatch (one in three), citing its number and date under the
    /// Party's own organ code: candidates for an admin, never linked by themselves.
    public func citations() -> [SimulatedTask] {
        let party = officers.filter { $0.block == .party }
        guard !party.isEmpty else { return [] }
        return tasks.filter(overlaps).filter { $0.number % 3 == 0 }.map { hub in
            var task = hub
            task.system = .party
            task.id = String(format: "P-C%05d", hub.number)
            task.handler = party[hub.number % party.count]
            task.cites = true
            return task
        }
    }
}

extension SimulatedWorld {
    /// The province's officers as an identity directory file (`kpibridge directory import`): the organisation and
    /// each officer with every account the simulated systems name them by — so that their work resolves to one
    /// officer (`kpibridge sim --directory FILE`).
    public var directoryYAML: String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["# The simulated province's officers (kpibridge sim --directory), every account each holds.", "agencies:"]
        for agency in Self.organisation {
            lines.append("  - { code: \(agency.code), name: \(quoted(agency.name)), block: \(agency.block.rawValue), units: [ \(agency.units.map(quoted).joined(separator: ", ")) ] }")
        }
        lines.append("officers:")
        for officer in officers {
            let accounts: String
            switch officer.block {
            case .state: accounts = "email: [ \(officer.account.lowercased()) ], motcua: [ \(SimulatedDossier.account(officer)) ]"
            case .party: accounts = "party-member: [ \(officer.account) ], union-staff: [ \(officer.account) ]"
            case .mass: accounts = "union-member: [ \(officer.account) ], farmer-member: [ \(officer.account) ]"
            }
            lines.append(String(format: "  - { id: sim-%05d, ", officer.index)
                + "name: \(quoted(officer.name)), agency: \(officer.agency), unit: \(quoted(officer.unit)), accounts: { \(accounts) } }")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
