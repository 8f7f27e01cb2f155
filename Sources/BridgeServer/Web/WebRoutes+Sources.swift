import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import Foundation
import Hummingbird

extension WebRoutes {
    /// Every source's sync health, for the dashboard and `/nguon`.
    func sourceRows(_ viewer: Viewer) async throws -> [String: Any] {
        let now = clock.timestamp
        return [
            "canSync": viewer.grant.role >= .operator,
            "sources": await board.all(at: now).filter { viewer.grant.sees(bridge.agency(ofSource: $0.source)) }.map { state -> [String: Any] in
                var row: [String: Any] = [
                    "source": state.source,
                    "mapping": bridge.sources[state.source].map { "\($0.mapping.id) phiên bản \($0.mapping.version)" } ?? "—",
                    "lastSuccess": state.lastSuccess.map { WebFormat.time($0) } ?? "chưa lần nào",
                    "lag": state.lagSeconds.map { Self.duration(seconds: Int($0)) + (state.lastSuccess == nil ? " (từ khi khởi động)" : "") } ?? "—",
                    "pass": state.passSeconds.map { "đang chạy \(Self.duration(seconds: Int($0)))" } ?? "",
                    "records": WebFormat.count(state.lastRecords), "breaker": state.breaker == "closed" ? "đóng" : state.breaker == "open" ? "mở" : "thử lại",
                    "failing": state.failing,
                ]
                if let error = state.lastError, state.failuresInRow > 0 { row["lastError"] = error }
                if state.failing, state.failuresInRow == 0, state.breaker == "closed" {
                    row["lastError"] = "Chưa đồng bộ thành công trong ba chu kỳ (\(Self.duration(seconds: 3 * state.interval)))."
                }
                return row
            },
        ]
    }

    /// `1 giờ 5 phút`, `42 giây`.
    static func duration(seconds: Int) -> String {
        if seconds < 60 { return "\(max(0, seconds)) giây" }
        if seconds < 3600 { return "\(seconds / 60) phút" }
        if seconds < 86_400 { return "\(seconds / 3600) giờ \(seconds % 3600 / 60) phút" }
        return "\(seconds / 86_400) ngày"
    }

    /// `/nguon`: the sources, with "sync now" for operators.
    func sources(_ viewer: Viewer) async throws -> Response {
        try render("sources", title: "Nguồn dữ liệu", data: try await sourceRows(viewer), viewer: viewer, current: "/nguon")
    }

    /// Runs one pass of a source now, then shows the sources with what it did.
    func syncNow(_ id: String, _ request: Request) async throws -> Response {
        let (viewer, _) = try await posted(request, .operator)
        guard (try? bridge.pollableSources(only: id)) != nil, viewer.grant.sees(bridge.agency(ofSource: id)) else {
            throw Problem(.notFound, "Không có nguồn HTTP '\(id)'.")
        }
        let summary = try await gate.sync(id)
        let notice = summary.failure.map { "Đồng bộ \(id) lỗi: \($0)" } ?? "Đã đồng bộ \(id): \(summary.pages) trang, \(summary.commits.records) bản ghi."
        return try render("sources", title: "Nguồn dữ liệu", data: try await sourceRows(viewer), viewer: viewer, current: "/nguon", notice: notice)
    }

    /// `/danh-ba?co-quan=&trang=`: the directory's officers in the agencies the viewer may see.
    func directory(_ request: Request, _ viewer: Viewer) async throws -> Response {
        let query = request.uri.queryParameters
        let agency = query["co-quan"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        if let agency, !viewer.grant.sees(agency) { throw Problem(.notFound, "Không có cơ quan '\(agency)'.") }
        let pageNumber = max(1, Int(query["trang"] ?? "1") ?? 1)
        let directory = try bridge.store.directory.current()
        let all = directory.officers.values.filter { viewer.grant.sees($0.agency) && (agency == nil || $0.agency == agency) }.sorted { $0.id < $1.id }
        let from = (pageNumber - 1) * Self.pageSize
        let rows = all.dropFirst(from).prefix(Self.pageSize)
        func pageLink(_ n: Int) -> String { Self.link("/danh-ba", [("co-quan", agency), ("trang", String(n))]) }
        var data: [String: Any] = [
            "filters": [Self.filter("co-quan", "Cơ quan", try visibleAgencies(viewer.grant), selected: agency)],
            "range": all.isEmpty ? "" : "Cán bộ \(WebFormat.count(from + 1))–\(WebFormat.count(from + rows.count)) trong \(WebFormat.count(all.count)).",
            "rows": rows.map { officer -> [String: Any] in
                [
                    "href": Self.link("/can-bo", [("ma", officer.id)]), "name": officer.name, "id": officer.id,
                    "agency": officer.agency.map { directory.agencies[$0]?.name ?? $0 } ?? "", "unit": officer.unit ?? "", "position": officer.position ?? "",
                    "accounts": officer.accounts.keys.sorted().flatMap { ns in officer.accounts[ns]!.map { "\(ns):\($0)" } }.joined(separator: ", "),
                ]
            },
        ]
        if pageNumber > 1 { data["previous"] = pageLink(pageNumber - 1) }
        if from + rows.count < all.count { data["next"] = pageLink(pageNumber + 1) }
        return try render("directory", title: "Danh bạ", data: data, viewer: viewer, current: "/danh-ba")
    }
}
