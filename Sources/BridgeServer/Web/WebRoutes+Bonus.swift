import BridgeApp
import BridgeBonus
import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation
import Hummingbird

extension WebRoutes {
    /// `/thuong?co-quan=&nam=`: an agency's kept bonus run — fund, total, remainder, each officer's line
    /// explained, the levels adjusted since, and in January the unspent fund with its deadline. Admins of the
    /// agency run the checks and keep a new run from here (`/thuong/lap`).
    func bonus(_ request: Request, _ viewer: Viewer, notice: String? = nil, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let query = request.uri.queryParameters
        let (agency, year) = try bonusScope(query["co-quan"].map(String.init), query["nam"].map(String.init), viewer)
        return try bonusPage(agency: agency, year: year, viewer: viewer, notice: notice, problem: problem, status: status)
    }

    /// `POST /thuong/lap`: an admin of the agency makes a run; a refused check shows its Vietnamese message.
    func runBonus(_ request: Request) async throws -> Response {
        let (viewer, form) = try await posted(request, .admin)
        let (chosen, year) = try bonusScope(form["co-quan"], form["nam"], viewer)
        guard let agency = chosen else { throw Problem(.badRequest, "Chưa chọn cơ quan.") }
        do {
            let (statement, unchanged) = try await gate.exclusive {
                try bridge.runBonus(agency: agency, year: year, actor: "web:\(viewer.grant.name)", at: clock.timestamp)
            }
            let notice = unchanged
                ? "Dữ liệu đầu vào không đổi: danh sách giữ nguyên như lần lập \(statement.run)."
                : "Đã kiểm tra và lập danh sách thưởng năm \(year) (lần lập \(statement.run))."
            return try bonusPage(agency: agency, year: year, viewer: viewer, notice: notice, problem: nil, status: .ok)
        } catch let refusal as BonusRun.Refusal {
            return try bonusPage(agency: agency, year: year, viewer: viewer, notice: nil, problem: refusal.message, status: .unprocessableContent)
        }
    }

    /// `/thuong/tai-ve?co-quan=&nam=`: the kept run as the "Danh sách đề nghị thưởng" workbook.
    func bonusWorkbook(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let query = request.uri.queryParameters
        let (chosen, year) = try bonusScope(query["co-quan"].map(String.init), query["nam"].map(String.init), viewer)
        guard let agency = chosen else { throw Problem(.badRequest, "Chưa chọn cơ quan.") }
        guard let statement = try bridge.bonusStatement(agency: agency, year: year, at: clock.timestamp) else {
            throw Problem(.notFound, "Chưa lập danh sách thưởng năm \(year) cho cơ quan \(agency).")
        }
        let data = try BonusFormatter.workbook(statement).data()
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"danh-sach-thuong-\(year).xlsx\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The agency asked (one the viewer sees: another agency is "not found"), else the first the viewer sees (nil
    /// when the directory names none), and the year (last year by default: the bonus follows the year's close).
    func bonusScope(_ agency: String?, _ year: String?, _ viewer: Viewer) throws -> (String?, Int) {
        let asked = agency.flatMap { $0.isEmpty ? nil : $0 }
        if let asked, !viewer.grant.sees(asked) { throw Problem(.notFound, "Không có cơ quan '\(asked)'.") }
        let chosen = try asked ?? bonusAgencies(viewer.grant).first?.0 ?? viewer.grant.agencies.sorted().first
        let lastYear = clock.timestamp.day().year - 1
        guard let number = year.map({ Int($0) }) ?? lastYear, (2000...2100).contains(number) else {
            throw Problem(.badRequest, "Năm '\(year ?? "")' không hợp lệ.")
        }
        return (chosen, number)
    }

    /// The agencies the viewer sees, by name where the organisation lists them, else those the officers name.
    func bonusAgencies(_ grant: TokenStore.Grant) throws -> [(String, String)] {
        let directory = try bridge.store.directory.current()
        let codes = Set(directory.agencies.keys).union(directory.officers.values.compactMap(\.agency)).filter { grant.sees($0) }
        return codes.sorted().map { ($0, directory.agencies[$0]?.name ?? $0) }
    }

    func bonusPage(agency: String?, year: Int, viewer: Viewer, notice: String?, problem: String?, status: HTTPResponse.Status) throws -> Response {
        let thisYear = clock.timestamp.day().year
        var agencies = try bonusAgencies(viewer.grant)
        if let agency, !agencies.contains(where: { $0.0 == agency }) { agencies.append((agency, agency)) }
        var data: [String: Any] = [
            "agencies": agencies.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == agency] as [String: Any] },
            "years": Array(Set((thisYear - 4)...thisYear).union([year])).sorted(by: >).map { ["value": $0, "selected": $0 == year] as [String: Any] },
            "year": year,
        ]
        guard let agency else {
            data["empty"] = "Danh bạ chưa có cơ quan nào: nhập danh bạ (kpibridge directory import) và bảng lương trước khi lập danh sách thưởng."
            return try render("bonus", title: "Thưởng năm \(year)", data: data, viewer: viewer, current: "/thuong", status: status, notice: notice, problem: problem)
        }
        data["agency"] = agency
        data["hasAgency"] = true
        data["canRun"] = viewer.grant.role >= .admin
        let statement = try bridge.bonusStatement(agency: agency, year: year, at: clock.timestamp)
        // Before any run, January still shows what the whole fund would lose.
        if let statement {
            let record = statement.record
            data["notice"] = statement.notice
            data["run"] = [
                "number": statement.run, "at": WebFormat.time(statement.at), "actor": statement.actor, "closedAt": record.closedAt,
                "basis": "\(record.regulation.basis) (phiên bản \(record.regulation.version))", "fund": BonusRun.vnd(record.fundVND),
                "share": BonusFormatter.percent(record.fundShare), "total": BonusRun.vnd(record.total), "remainder": BonusRun.vnd(record.remainderVND),
                "count": record.lines.count, "additional": record.additionalIncome != nil,
                "download": Self.link("/thuong/tai-ve", [("co-quan", agency), ("nam", String(year))]),
                "hasDifferences": !statement.differences.isEmpty,
                "differences": statement.differences.map { d -> [String: Any] in
                    ["name": d.name ?? d.officer, "before": d.levelInRun ?? "—", "now": d.levelNow ?? "—", "amount": BonusRun.vnd(d.amountInRun)]
                },
                "lines": record.lines.enumerated().map { index, line -> [String: Any] in
                    [
                        "index": index + 1, "name": line.name ?? line.officer, "unit": line.unit, "level": line.level, "amount": BonusRun.vnd(line.amount),
                        "extra": BonusRun.vnd((line.additionalMonthly ?? 0) + (line.additionalYearEnd ?? 0)), "explanation": line.explanation,
                        "href": Self.link("/can-bo", [("ma", line.officer), ("ky", String(year))]),
                    ]
                },
            ] as [String: Any]
        } else if let payroll = try bridge.payroll(year: year)?.filter({ $0.agency == agency }), !payroll.isEmpty {
            let settings = bridge.configuration.bonus
            let fund = BonusRun.fund(payroll.map(\.payroll), year: year, baseSalary: settings.baseSalary, share: settings.fundShare)
            data["notice"] = Bridge.unspentNotice(year: year, unspent: Int(fund.numerator / fund.denominator), at: clock.timestamp)
        }
        return try render(
            "bonus", title: "Thưởng năm \(year)", data: data, viewer: viewer, current: "/thuong", status: status, notice: notice, problem: problem)
    }

    /// An officer's line in the latest run of their agency for `year`, for their page; nil when there is none.
    func officerBonus(_ officer: String, agency: String?, year: Int) throws -> [String: Any]? {
        guard let agency, let statement = try bridge.bonusStatement(agency: agency, year: year, at: clock.timestamp),
            let line = statement.record.lines.first(where: { $0.officer == officer })
        else { return nil }
        return ["year": year, "amount": BonusRun.vnd(line.amount), "explanation": line.explanation]
    }
}
