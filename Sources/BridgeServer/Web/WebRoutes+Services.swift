import BridgeApp
import BridgeLedger
import BridgePipeline
import BridgeModel
import BridgeScoring
import BridgeServices
import Foundation
import Hummingbird

extension WebRoutes {
    /// `/mot-cua?ky=`: the one-stop centre's page — on-time rate per unit against the target line, the units'
    /// and procedures' counts, dossiers due within 24 hours, late steps by officer and the apology register — over
    /// the dossiers of the agencies the viewer may see (`ServiceOverview`, as the API and `services report`).
    func services(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let period = try period(request)
        let grant = viewer.grant
        let overview = try bridge.serviceOverview(
            period: period, agencies: grant.agencies.isEmpty ? nil : Set(grant.agencies), at: bridge.importer.now())
        let report = overview.report
        let directory = try bridge.store.directory.current()
        func officerName(_ id: String) -> String { directory.officers[id]?.name ?? id }
        func row(_ r: ServiceReport.Row, _ empty: String) -> [String: Any] {
            let c = r.counts
            return [
                "name": r.name.isEmpty ? empty : r.name, "dossiers": WebFormat.count(c.dossiers), "onTime": WebFormat.count(c.onTime),
                "late": WebFormat.count(c.late), "running": WebFormat.count(c.inProgress), "overdue": WebFormat.count(c.overdue),
                "supplements": WebFormat.count(c.supplements), "withdrawn": WebFormat.count(c.withdrawn), "apologies": WebFormat.count(c.apologies),
                "unjudged": WebFormat.count(c.unjudged), "rate": WebFormat.percent(r.onTimeRate), "below": r.belowTarget,
            ]
        }
        let data: [String: Any] = [
            "periods": periodChoices(period),
            "judgedAt": WebFormat.time(overview.judgedAt),
            "rate": WebFormat.percent(report.total.onTimeRate), "below": report.total.belowTarget, "target": WebFormat.percent(report.target),
            "dossiers": WebFormat.count(report.total.counts.dossiers), "overdue": WebFormat.count(report.total.counts.overdue),
            "chart": WebChart.rateBars(
                report.units.map { (label: $0.name.isEmpty ? "Chưa rõ đơn vị" : $0.name, rate: $0.onTimeRate) }, target: report.target,
                title: "Tỷ lệ hồ sơ đúng hạn theo đơn vị, \(WebFormat.period(period))"),
            "units": report.units.map { row($0, "Chưa rõ đơn vị") } + [row(report.total, "Tổng cộng")],
            "procedures": report.procedures.map { row($0, "Chưa rõ thủ tục") },
            "dueSoon": overview.dueSoon.map { d -> [String: Any] in
                ["code": d.code, "unit": d.unit ?? "", "procedure": d.procedure ?? "", "due": WebFormat.time(d.due), "hours": d.hoursLeft,
                 "holder": d.holder.map(officerName) ?? ""]
            },
            "officers": report.officers.filter { $0.lateSteps > 0 }.map { o -> [String: Any] in
                ["href": Self.link("/can-bo", [("ma", o.officer), ("ky", period.description)]), "name": officerName(o.officer),
                 "steps": o.steps, "late": o.lateSteps, "days": o.daysOver]
            },
            "apologies": overview.apologies.map { a -> [String: Any] in
                ["code": a.code, "unit": a.unit ?? "", "previous": WebFormat.time(a.previous), "new": WebFormat.time(a.new)]
            },
        ]
        return try render("services", title: "Hồ sơ thủ tục hành chính · \(WebFormat.period(period))", data: data, viewer: viewer, current: "/mot-cua")
    }
}
