import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Hummingbird

extension WebRoutes {
    /// `/`: levels per agency and block as charts, the units with their quota flags, the trend over the
    /// year's months, the officers, and sync health — of the agencies the viewer may see.
    func dashboard(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let period = try period(request)
        let grant = viewer.grant
        // Counted in SQL by agency, unit, block and level: a province's dashboard decodes only the officers it lists.
        let groups = try bridge.store.scores.levelGroups(period: period.description).filter { grant.sees($0.agency) }
        let directory = try bridge.store.directory.current()
        func agencyName(_ code: String?) -> String { code.map { directory.agencies[$0]?.name ?? $0 } ?? "Chưa xác định" }
        func counts(_ groups: [ScoreStore.LevelGroup]) -> [Level: Int] {
            groups.reduce(into: [:]) { counts, group in
                if let level = group.level.flatMap(Level.init(rawValue:)) { counts[level, default: 0] += group.officers }
            }
        }
        let byAgency = Dictionary(grouping: groups) { $0.agency ?? "" }
        let agencyRows = byAgency.keys.sorted().map { (label: agencyName($0.isEmpty ? nil : $0), counts: counts(byAgency[$0]!)) }
        let byBlock = Dictionary(grouping: groups) { $0.block ?? "" }
        let blockRows = byBlock.keys.sorted().map { (label: WebFormat.block($0.isEmpty ? nil : $0), counts: counts(byBlock[$0]!)) }
        // The units and their quota flags by the scorer's own rule, from one entry per officer.
        let summaries = bridge.scoreBook.scorer.units(groups.flatMap { group in
            Array(
                repeating: (unit: group.unit, agency: group.agency, level: group.level.flatMap(Level.init(rawValue:)), provisional: group.provisional),
                count: group.officers)
        })
        let units = summaries.map(UnitRow.init)
        let scored = groups.reduce(0) { $0 + $1.scored }
        let shown = 200
        let ranked = try bridge.store.scores.ranked(period: period.description, agencies: grant.agencies.isEmpty ? nil : grant.agencies, limit: shown)
        let decoder = JSONDecoder()
        let people = try ranked.bodies.map { try decoder.decode(ScoreRow.self, from: Data($0.utf8)) }
        var data: [String: Any] = [
            "periods": periodChoices(period),
            "officers": WebFormat.count(scored),
            "average": scored == 0 ? "—" : WebFormat.number(Decimal(groups.reduce(0) { $0 + $1.totalSum } / Double(scored))),
            "tasks": WebFormat.count(groups.reduce(0) { $0 + $1.assignedTasks }),
            "flaggedCount": WebFormat.count(units.filter(\.quotaExceeded).count),
            "flagged": units.contains(where: \.quotaExceeded),
            "agencyChart": WebChart.levelBars(agencyRows, title: "Xếp loại theo cơ quan, \(WebFormat.period(period))"),
            "blockChart": WebChart.levelBars(blockRows, title: "Xếp loại theo khối, \(WebFormat.period(period))"),
            "trendChart": WebChart.trend(try trend(year: period.year, grant: grant), title: "Điểm trung bình theo tháng, năm \(period.year)"),
            "year": String(period.year),
            "units": zip(units, summaries).map { unit, summary -> [String: Any] in
                [
                    "unit": unit.unit, "agency": agencyName(unit.agency), "officers": WebFormat.count(unit.officers),
                    "excellent": unit.counts["excellent"] ?? 0, "good": unit.counts["good"] ?? 0, "completed": unit.counts["completed"] ?? 0,
                    "notCompleted": unit.counts["not_completed"] ?? 0, "quota": unit.quotaExceeded,
                    "quotaText": "(\(unit.counts["excellent"] ?? 0) xuất sắc / \(unit.counts["good"] ?? 0) tốt)",
                    "provisional": summary.provisional == 0 ? "" : WebFormat.count(summary.provisional),
                ]
            },
            "people": people.map { row -> [String: Any] in
                [
                    "href": Self.link("/can-bo", [("ma", row.officer), ("ky", period.description)]), "name": row.name ?? row.officer,
                    "unit": row.unit ?? "", "done": "\(row.completedTasks)/\(row.assignedTasks)", "total": WebFormat.total(row.total, policy: bridge.scoreBook.scorer.policy),
                    "level": WebFormat.level(row.level), "provisional": row.provisional,
                ]
            },
            "quota": (bridge.scoreBook.scorer.policy.excellentQuota * Rational(100)).plain,
        ]
        if ranked.total > shown { data["more"] = "Hiện \(shown) trong \(WebFormat.count(ranked.total)) cán bộ, điểm cao trước; xem từng đơn vị qua trang Danh bạ." }
        data.merge(try await sourceRows(viewer)) { _, new in new }
        return try render("dashboard", title: "Tổng quan · \(WebFormat.period(period))", data: data, viewer: viewer, current: "/")
    }

    /// The average total of the visible officers in each month of `year` (up to this month), from the stored
    /// scores (averaged in SQL: a province's year is not decoded to draw a line).
    func trend(year: Int, grant: TokenStore.Grant) throws -> [(label: String, value: Double?)] {
        let today = bridge.importer.now().day()
        let last = year < today.year ? 12 : year == today.year ? today.month : 0
        return try (1...12).map { month in
            guard month <= last else { return ("T\(month)", nil) }
            let period = String(format: "%d-%02d", year, month)
            return ("T\(month)", try bridge.store.scores.averageTotal(period: period, agencies: grant.agencies.isEmpty ? nil : grant.agencies))
        }
    }

    /// `/can-bo?ma=&ky=`: one officer's score and, task by task, what made it, with each task's sources.
    func officer(_ request: Request, _ viewer: Viewer) async throws -> Response {
        guard let id = request.uri.queryParameters["ma"].map(String.init), !id.isEmpty else { throw Problem(.badRequest, "Thiếu mã cán bộ (?ma=).") }
        let period = try period(request)
        let score: OfficerScore
        do {
            score = try bridge.explain(officer: id, period: period, at: bridge.importer.now())
        } catch is AppError {
            throw Problem(.notFound, "Không có cán bộ '\(id)'.")
        }
        // Another agency's officer — for an officer, anyone but themselves — is "not found", as in the API: ids reveal nothing.
        guard Self.mayOpen(officer: score.profile.officer, agency: score.profile.agency, viewer) else { throw Problem(.notFound, "Không có cán bộ '\(id)'.") }
        let mine = viewer.grant.role == .officer
        let row = ScoreRow(score)
        let steps = try bridge.steps(of: score.profile.officer, period: period, at: bridge.importer.now())
        var data: [String: Any] = [
            "hasSteps": !steps.isEmpty,
            "steps": steps.map { s -> [String: Any] in
                ["dossier": s.dossier, "procedure": s.procedure ?? "", "step": s.step, "content": s.content ?? "", "started": WebFormat.time(s.startedAt),
                 "deadline": WebFormat.time(s.deadline), "ended": s.endedAt.map(WebFormat.time) ?? "đang xử lý", "late": s.late, "days": s.daysOver]
            },
            "periods": periodChoices(period), "hidden": [["name": "ma", "value": id]],
            "id": row.officer, "agency": row.agency ?? "", "unit": row.unit ?? "", "block": WebFormat.block(row.block),
            "total": WebFormat.total(row.total, policy: bridge.scoreBook.scorer.policy), "level": WebFormat.level(row.level), "done": "\(row.completedTasks)/\(row.assignedTasks)",
            "quantity": WebFormat.number(row.quantity), "quality": WebFormat.number(row.quality), "timeliness": WebFormat.number(row.timeliness),
            "taskPoints": WebFormat.number(row.taskPoints), "generalPoints": WebFormat.number(row.generalPoints),
            "provisional": row.provisional, "sanction": row.sanction,
            "contributions": score.contributions.map { c -> [String: Any] in
                var item: [String: Any] = [
                    "href": Self.link("/nhiem-vu/xem", [("ma", c.task.key.rawValue)]), "key": c.task.key.rawValue,
                    "title": c.task.title ?? c.task.document.code ?? c.task.key.rawValue, "role": c.role == .main ? "chủ trì" : "phối hợp",
                    "coefficient": WebFormat.number(Decimal(string: c.units.rounded(places: 3)), places: 2),
                    "due": WebFormat.day(c.task.dueAt), "completedAt": c.completed ? WebFormat.day(c.task.completedAt) : "chưa",
                    "missed": c.missedDeadlines, "errors": c.task.qualityDeductions,
                    "quality": WebFormat.number(Decimal(string: c.qualityFactor.rounded(places: 2)), places: 2),
                    "timeliness": WebFormat.number(Decimal(string: c.timelinessFactor.rounded(places: 2)), places: 2),
                    "sources": Array(Set(c.task.provenance.map(\.source))).sorted(),
                ]
                if !c.task.disputedFields.isEmpty { item["disputed"] = c.task.disputedFields.joined(separator: ", ") }
                if mine { item["disputeHref"] = Self.link("/khieu-nai", [("nhiem-vu", c.task.key.rawValue)]) }
                return item
            },
        ]
        if let hours = try officerHours(score.profile.officer, agency: score.profile.agency, period: period) { data["hours"] = hours }
        if let bonus = try officerBonus(score.profile.officer, agency: score.profile.agency, year: period.year) { data["bonus"] = bonus }
        let disputes = try disputeRows(score.profile.officer)
        data["hasDisputes"] = !disputes.isEmpty
        data["disputes"] = disputes
        data["mine"] = mine
        if mine { data["self"] = try selfAssessmentData(score.profile.officer, period: period) }
        return try render("officer", title: "\(row.name ?? row.officer) · \(WebFormat.period(period))", data: data, viewer: viewer)
    }
}
