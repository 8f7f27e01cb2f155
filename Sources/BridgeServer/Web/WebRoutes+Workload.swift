import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeWorkload
import Foundation
import Hummingbird

extension WebRoutes {
    static let referenceNote = "Mô hình tham khảo: giờ minh chứng = tổng định mức giờ của các sản phẩm đã hoàn thành; chưa có công thức chính thức quy đổi khối lượng công việc ra biên chế."

    /// A rational as a Vietnamese number with two decimals.
    static func decimal(_ value: Rational?) -> String { WebFormat.number(value.flatMap { Decimal(string: $0.rounded(places: 4)) }, places: 2) }

    static func percent(_ value: Rational?) -> String { WebFormat.percent(value.map { Double($0.rounded(places: 6)) ?? 0 }) }

    /// `/khoi-luong?ky=`: the workload of the agencies the viewer may see — utilisation per unit, units,
    /// positions and officers (a reference model, said so on the page).
    func workload(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let period = try period(request)
        let grant = viewer.grant
        let workload = try bridge.workload(period: period, agencies: grant.agencies.isEmpty ? nil : Set(grant.agencies))
        func row(_ r: Workload.Row) -> [String: Any] {
            [
                "name": r.name.isEmpty ? "Chưa xác định" : r.name, "people": r.people, "products": r.products, "unpriced": r.unpriced,
                "evidence": Self.decimal(r.evidenceHours), "available": Self.decimal(r.availableHours), "utilisation": Self.percent(r.utilisation),
                "fte": Self.decimal(r.fte),
            ]
        }
        let total = workload.officers.reduce(Rational(0)) { $0 + $1.figures.evidenceHours }
        let directory = try bridge.store.directory.current()
        let data: [String: Any] = [
            "periods": periodChoices(period), "note": Self.referenceNote,
            "days": workload.workingDays, "standard": Self.decimal(workload.standardHours), "evidence": Self.decimal(total),
            "people": WebFormat.count(workload.officers.count),
            "chart": WebChart.rateBars(
                workload.units.map { (label: $0.name, rate: $0.utilisation.flatMap { Double($0.rounded(places: 6)) }) }, target: 1,
                title: "Tỷ lệ sử dụng thời gian làm việc theo đơn vị, \(WebFormat.period(period))", lineLabel: "100 % thời gian làm việc",
                fill: { $0 > 1 ? "#c0392b" : "#1f5fa8" }),
            "agencies": workload.agencies.map { agency -> [String: Any] in
                var item = row(agency)
                item["name"] = directory.agencies[agency.name]?.name ?? (agency.name.isEmpty ? "Chưa xác định" : agency.name)
                return item
            },
            "units": workload.units.map(row), "positions": workload.positions.map(row),
            "officers": workload.officers.map { o -> [String: Any] in
                var item = row(o.figures)
                item["name"] = o.person.name ?? o.person.id
                item["href"] = Self.link("/can-bo", [("ma", o.person.id), ("ky", period.description)])
                item["unit"] = o.person.unit ?? ""
                item["position"] = o.position ?? ""
                return item
            },
        ]
        return try render("workload", title: "Khối lượng công việc · \(WebFormat.period(period))", data: data, viewer: viewer, current: "/khoi-luong")
    }

    /// `/bien-che?ky=`: staffing per unit — assigned, in post, needed, the gap, outliers, the cut scenarios —
    /// and the caps broken, of the agencies the viewer may see.
    func staffing(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let period = try period(request)
        let grant = viewer.grant
        let staffing = try bridge.staffing(period: period, agencies: grant.agencies.isEmpty ? nil : Set(grant.agencies)).staffing
        let data: [String: Any] = [
            "periods": periodChoices(period), "note": Self.referenceNote,
            "median": Self.decimal(staffing.medianHoursPerHead), "threshold": Self.percent(staffing.threshold),
            "cuts": staffing.cuts.map { "−" + ($0 * Rational(100)).plain + " %" },
            "chart": WebChart.pairBars(
                staffing.rows.map { (label: $0.unit, have: $0.assigned.map(Double.init), need: Double($0.fteNeeded.rounded(places: 4)) ?? 0) },
                title: "Biên chế giao và biên chế cần theo khối lượng, \(WebFormat.period(period))", haveLabel: "biên chế giao", needLabel: "cần (FTE)"),
            "rows": staffing.rows.map { r -> [String: Any] in
                [
                    "unit": r.unit, "assigned": r.assigned.map { WebFormat.count($0) } ?? "—", "inPost": r.inPost, "fte": Self.decimal(r.fteNeeded),
                    "gap": Self.decimal(r.gap), "perHead": Self.decimal(r.hoursPerHead), "outlier": r.outlier,
                    "scenarios": r.scenarios.map { s -> [String: Any] in ["left": s.left, "below": s.belowNeed] },
                ]
            },
            "caps": staffing.capsBroken.map { c -> [String: Any] in
                ["unit": c.unit, "position": c.position, "holders": c.holders, "inPost": c.inPost, "share": "\(Int((c.share * 100).rounded())) %"]
            },
        ]
        return try render("staffing", title: "Biên chế theo vị trí việc làm · \(WebFormat.period(period))", data: data, viewer: viewer, current: "/bien-che")
    }

    /// An officer's hours in a period, for their page; nil when the directory does not know them.
    func officerHours(_ officer: String, agency: String?, period: Period) throws -> [String: Any]? {
        let workload = try bridge.workload(period: period, agencies: agency.map { [$0] }, officer: officer)
        guard let row = workload.officers.first(where: { $0.person.id == officer }) else { return nil }
        return [
            "evidence": Self.decimal(row.figures.evidenceHours), "available": Self.decimal(row.figures.availableHours),
            "utilisation": Self.percent(row.figures.utilisation), "position": row.position ?? "chưa xếp", "unpriced": row.figures.unpriced,
        ]
    }
}
