import BridgeModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The four systems' endpoints.
struct SimulatorRoutes: Sendable {
    let state: SimulatorState

    func register(on router: Router<BasicRequestContext>) {
        router.get("hub/getReceivedEdocList") { request, _ in try await hubList(request) }
        router.get("hub/getEdoc") { request, _ in try await hubEdoc(request) }
        router.post("hub/updateStatus") { request, _ in try await hubAck(request) }
        router.post("ioffice/oauth/token") { request, _ in try await iofficeToken(request) }
        router.post("ioffice/api/van-ban-den/danh-sach") { request, _ in try await iofficeList(request) }
        router.get("party/api/v1/tasks") { request, _ in try await partyList(request) }
        router.get("mass/api/cong-viec") { request, _ in try await massList(request) }
        router.get("nongdan/api/viec") { request, _ in try await nongdanList(request) }
        router.get("congdoan/api/nhiem-vu") { request, _ in try await congdoanList(request) }
        router.get("motcua/api/hoso/danh-sach") { request, _ in try await motcuaList(request) }
        router.get("__sim/truth") { _, _ in
            let tasks = SimulatorTruth.tasks(await state.world, extraTools: state.extraTools, dossiers: state.dossiers)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: try UnifiedTask.listJSON(tasks))))
        }
        // The hub's side of the exchange: which messages it still lists, and how each was acknowledged.
        router.get("__sim/hub") { _, _ in
            let body = Self.json(["pending": await state.pendingIds(), "acknowledged": await state.acknowledged])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("__sim/stats") { _, _ in
            let body = Self.json(["requests": await state.requests, "notModified": await state.notModified])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    // MARK: hub (edXML exchange through the provincial hub: list, fetch, acknowledge)

    func hubList(_ request: Request) async throws -> Response {
        guard basicAuthorized(request) else { return Response(status: .unauthorized) }
        let faults = Self.faults(request)
        var body: [String: Any] = ["status": "OK", "ErrorCode": "0", "ErrorDesc": ""]
        let messages: [HubMessages.Message]
        if state.hubPaging {
            let limit = min(max(request.uri.queryParameters.get("limit").flatMap(Int.init) ?? 50, 1), 500)
            let page = await state.pagedMessages(after: request.uri.queryParameters.get("since"), limit: limit)
            messages = page.messages
            body["nextCursor"] = page.next
            body["hasMore"] = page.hasMore
        } else {
            messages = await state.pendingMessages(limit: 50)
        }
        var items = messages.map { m -> [String: Any] in
            ["docId": m.id, "messageType": m.kind, "created_time": HubMessages.hubTime(m.created), "updated_time": HubMessages.hubTime(m.created), "from": m.from, "to": m.to]
        }
        if faults.contains(.dup), let first = items.first { items.append(first) }
        if faults.contains(.reorder) { items = await shuffle(items) }
        body["data"] = items
        return await reply(Self.json(body), request: request, etag: false)
    }

    func hubEdoc(_ request: Request) async throws -> Response {
        guard basicAuthorized(request) else { return Response(status: .unauthorized) }
        guard let id = request.uri.queryParameters.get("docId"), let message = await state.message(id) else {
            return await reply(Self.json(["status": "FAIL", "ErrorCode": "404", "ErrorDesc": "no such docId", "data": NSNull()]), request: request, etag: false, status: .notFound)
        }
        return await reply(message.bytes, request: request, etag: false, contentType: "application/xml")
    }

    func hubAck(_ request: Request) async throws -> Response {
        guard basicAuthorized(request) else { return Response(status: .unauthorized) }
        let form = try await Self.form(request)
        let known = await state.acknowledge(form["docId"] ?? "", status: form["status"] ?? "")
        return await reply(Self.json(["status": known ? "OK" : "FAIL", "ErrorCode": known ? "0" : "404", "ErrorDesc": "", "data": NSNull()]), request: request, etag: false)
    }

    // MARK: iOffice-style E-Office API (form POST, refresh token, dd/MM/yyyy)

    func iofficeToken(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        guard form["refresh_token"] == SimulatorState.iofficeRefreshToken else {
            return Response(status: .unauthorized, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: Self.json(["success": false, "message": "refresh token không hợp lệ"]))))
        }
        return await reply(Self.json(["success": true, "message": "", "data": ["access_token": await state.issueToken(), "expires_in": 3600]]), request: request, etag: false)
    }

    func iofficeList(_ request: Request) async throws -> Response {
        guard let auth = request.headers[.authorization], auth.hasPrefix("Bearer "), await state.isIssued(String(auth.dropFirst(7))) else {
            return Response(status: .unauthorized)
        }
        let form = try await Self.form(request)
        let page = max(1, Int(form["page"] ?? "1") ?? 1), size = min(200, max(1, Int(form["size"] ?? "50") ?? 50))
        let all = await state.world.tasks(in: .ioffice).sorted { $0.id < $1.id }
        let slice = Array(all.dropFirst((page - 1) * size).prefix(size)).map(ToolRecords.ioffice)
        let items = await disturb(slice, request)
        return await reply(Self.json(["success": true, "message": "", "data": items, "total": all.count]), request: request, etag: true)
    }

    // MARK: Party task tool (a change feed: cursor paging in update order, bearer token, ISO 8601)

    func partyList(_ request: Request) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(SimulatorState.partyToken)" else { return Response(status: .unauthorized) }
        let limit = min(200, max(1, Int(request.uri.queryParameters.get("limit") ?? "50") ?? 50))
        // The cursor is the position of the last item served: "<updatedAt millis>.<taskId>".
        let after = request.uri.queryParameters.get("cursor").map { String($0) }
        let all = await state.world.tasks(in: .party).sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let remaining = all.filter { after == nil || Self.feedPosition($0) > after! }
        let page = Array(remaining.prefix(limit))
        let next: Any = remaining.count > limit ? Self.feedPosition(page.last!) : NSNull()
        return await reply(Self.json(["items": await disturb(page.map(ToolRecords.party), request), "nextCursor": next]), request: request, etag: true)
    }

    /// A task's place in the change feed; zero-padded so that text order is time order.
    static func feedPosition(_ task: SimulatedTask) -> String {
        let millis = String(task.updatedAt.millis)
        return String(repeating: "0", count: max(0, 15 - millis.count)) + millis + "." + task.id
    }

    // MARK: mass-organisation tool (next links, updated-since, API key, epoch ms)

    func massList(_ request: Request) async throws -> Response {
        guard request.headers[HTTPField.Name("X-API-Key")!] == SimulatorState.massKey else { return Response(status: .unauthorized) }
        let perPage = min(200, max(1, Int(request.uri.queryParameters.get("per_page") ?? "50") ?? 50))
        let page = max(1, Int(request.uri.queryParameters.get("page") ?? "1") ?? 1)
        let since = Int64(request.uri.queryParameters.get("updated_since") ?? "") ?? Int64.min
        let all = await state.world.tasks(in: .mass).filter { $0.updatedAt.millis >= since }.sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let slice = Array(all.dropFirst((page - 1) * perPage).prefix(perPage)).map(ToolRecords.mass)
        var next: Any = NSNull()
        if page * perPage < all.count {
            var link = "/mass/api/cong-viec?per_page=\(perPage)&page=\(page + 1)"
            if since != Int64.min { link += "&updated_since=\(since)" }
            next = link
        }
        return await reply(Self.json(["data": await disturb(slice, request), "links": ["next": next]]), request: request, etag: true)
    }

    // MARK: farmers' union tool (offset/limit, X-Total-Count, a key in the query, dd-MM-yyyy HH:mm)

    func nongdanList(_ request: Request) async throws -> Response {
        guard request.uri.queryParameters.get("khoa") == SimulatorState.nongdanKey else { return Response(status: .unauthorized) }
        let offset = max(0, Int(request.uri.queryParameters.get("offset") ?? "0") ?? 0)
        let limit = min(200, max(1, Int(request.uri.queryParameters.get("limit") ?? "20") ?? 20))
        let since = request.uri.queryParameters.get("tu_ngay").flatMap { text in
            (try? DatePatternParser(pattern: "dd-MM-yyyy HH:mm"))?.parse(String(text), defaultOffsetSeconds: VietnamTime.offsetSeconds)
        }
        let all = await state.world.tasks(in: .mass).filter { since == nil || $0.updatedAt >= since! }
            .sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let page = Array(all.dropFirst(offset).prefix(limit)).map(ToolRecords.nongdan)
        return await reply(
            Self.json(["ketQua": await disturb(page, request)]), request: request, etag: true, extraHeaders: [("X-Total-Count", String(all.count))])
    }

    // MARK: provincial one-stop system (page/size, updated since tuNgay, bearer token, yyyyMMddHHmmss)

    func motcuaList(_ request: Request) async throws -> Response {
        guard request.headers[.authorization] == "Bearer \(SimulatorState.motcuaToken)" else { return Response(status: .unauthorized) }
        let page = max(1, Int(request.uri.queryParameters.get("page") ?? "1") ?? 1)
        let size = min(200, max(1, Int(request.uri.queryParameters.get("size") ?? "50") ?? 50))
        let since = request.uri.queryParameters.get("tuNgay").flatMap { SimulatedDossier.stamp.parse(String($0), defaultOffsetSeconds: VietnamTime.offsetSeconds) }
        let all = state.dossiers.filter { since == nil || $0.updatedAt >= since! }.sorted { ($0.updatedAt, $0.code) < ($1.updatedAt, $1.code) }
        let slice = Array(all.dropFirst((page - 1) * size).prefix(size)).map(\.record)
        return await reply(Self.json(["tongSo": all.count, "data": await disturb(slice, request)]), request: request, etag: true)
    }

    // MARK: trade-union tool (Link header, Authorization: Token, yyyy/MM/dd HH:mm:ss)

    func congdoanList(_ request: Request) async throws -> Response {
        guard request.headers[.authorization] == "Token \(SimulatorState.congdoanKey)" else { return Response(status: .unauthorized) }
        let start = max(0, Int(request.uri.queryParameters.get("tu") ?? "0") ?? 0)
        let perPage = 25
        let sinceText = request.uri.queryParameters.get("sau_ngay").map { String($0) }
        let since = sinceText.flatMap { (try? DatePatternParser(pattern: "yyyy/MM/dd HH:mm:ss"))?.parse($0, defaultOffsetSeconds: VietnamTime.offsetSeconds) }
        let all = await state.world.tasks(in: .party).filter { since == nil || $0.updatedAt >= since! }
            .sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let page = Array(all.dropFirst(start).prefix(perPage)).map(ToolRecords.congdoan)
        var headers: [(String, String)] = []
        if start + perPage < all.count {
            var components = URLComponents()
            components.path = "/congdoan/api/nhiem-vu"
            components.queryItems = [URLQueryItem(name: "tu", value: String(start + perPage))] + (sinceText.map { [URLQueryItem(name: "sau_ngay", value: $0)] } ?? [])
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            headers.append(("Link", "<\(components.string!)>; rel=\"next\""))
        }
        return await reply(Self.json(["duLieu": await disturb(page, request)]), request: request, etag: true, extraHeaders: headers)
    }
}
