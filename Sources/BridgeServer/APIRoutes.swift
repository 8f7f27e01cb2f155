import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Hummingbird
import NIOCore

/// `serve`'s JSON API under `/api/v1` (docs/operations.md, "Serving"): every route reads the projections the
/// projector keeps, every answer is limited to the agencies the token may see (another agency's task is "not
/// found", never "forbidden", so ids reveal nothing), and errors are problem details.
struct APIRoutes: Sendable {
    let bridge: Bridge
    let gate: SyncGate
    let board: SourceBoard
    let metrics: ServiceMetrics
    let readiness: Readiness
    let clock: ServiceClock

    func register(on router: Router<APIContext>) {
        router.get("healthz") { _, _ in Self.json(#"{"status":"ok"}"#) }
        router.get("readyz") { _, _ in
            // Ready when the ledger answers and, where the projector service runs, it has run lately.
            let tasks = try bridge.store.taskCount()
            if let stalled = readiness.projectorStalled(last: metrics.lastProjectionRun, now: clock.now()) {
                throw Problem(.serviceUnavailable, stalled, retryAfter: 5)
            }
            return Self.json(#"{"status":"ready","tasks":\#(tasks)}"#)
        }
        router.get("metrics") { _, _ in
            let text = try await metrics.scrape(board: board, store: bridge.store, at: clock.timestamp)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let api = router.group("api/v1")
        api.get("tasks") { request, context in try tasks(request, try context.require(.viewer)) }
        api.get("tasks/:key") { _, context in
            // Task keys hold `/`, `,` and `@`: a client sends them percent-encoded.
            let key = try context.parameters.require("key")
            return try task(key.removingPercentEncoding ?? key, try context.require(.viewer))
        }
        api.get("scores") { request, context in try scores(request, try context.require(.viewer)) }
        api.get("explain/:officer") { request, context in
            // Officer keys hold `:` and `@` (email:lan.nt@…): a client may send them percent-encoded.
            let officer = try context.parameters.require("officer")
            return try explain(officer.removingPercentEncoding ?? officer, request, try context.require(.viewer))
        }
        api.get("services") { request, context in try services(request, try context.require(.viewer)) }
        api.get("workload") { request, context in
            let (period, agencies) = try Self.periodAndAgencies(request, try context.require(.viewer))
            return Self.json(try WorkloadFormatter.render(try bridge.workload(period: period, agencies: agencies), period: period, as: .json))
        }
        api.get("staffing") { request, context in
            let (period, agencies) = try Self.periodAndAgencies(request, try context.require(.viewer))
            return Self.json(try WorkloadFormatter.render(try bridge.staffing(period: period, agencies: agencies).staffing, period: period, as: .json))
        }
        api.get("conflicts") { request, context in try conflicts(request, try context.require(.viewer)) }
        api.get("conflicts/:id") { _, context in
            let grant = try context.require(.viewer)
            let conflict = try visibleConflict(try context.parameters.require("id"), grant)
            let impacts = try await gate.exclusive { try bridge.impacts(of: conflict, at: clock.timestamp) }
            return Self.json(try Self.encode(ConflictAnswer(
                conflict: conflict, impacts: impacts.map { .init(option: $0.option, scores: $0.scores.map(ScoreMoveRow.init)) })))
        }
        api.post("conflicts/:id/:action") { request, context in
            let grant = try context.require(.admin)
            let id = try context.parameters.require("id")
            let conflict = try visibleConflict(id, grant)
            let body = try await request.decode(as: DecisionBody.self, context: context)
            if let dispute = Bridge.disputeId(of: conflict) {
                let action = try context.parameters.require("action")
                guard action == "accept" || action == "reject" else { throw Problem(.unprocessableContent, "\(conflict.id) is a dispute: accept or reject it") }
                return try await decideDispute(dispute, accept: action == "accept", body, grant)
            }
            let decision: ReconcileRequest
            switch try context.parameters.require("action") {
            case "accept": decision = .accept(conflict.id)
            case "reject": decision = .reject(conflict.id)
            case "choose":
                guard let field = body.field, let source = body.source else { throw Problem(.badRequest, "choose needs field and source") }
                decision = .choose(subject: conflict.id, field: field, source: source)
            case let other: throw Problem(.notFound, "no decision '\(other)' (accept, reject, choose)")
            }
            return try await decide(decision, body, grant)
        }
        api.post("tasks/:key/override") { request, context in
            let grant = try context.require(.admin)
            let raw = try context.parameters.require("key")
            let key = raw.removingPercentEncoding ?? raw
            // An override moves the scores of every officer the task names: all of them must be the token's.
            guard try grant.seesAll(bridge.agencies(touching: [TaskKey(key)])) else { throw Problem(.notFound, "no task '\(key)'") }
            let body = try await request.decode(as: DecisionBody.self, context: context)
            guard let field = body.field, let value = body.value else { throw Problem(.badRequest, "override needs field and value") }
            return try await decide(.override(TaskKey(key), field: field, value: value), body, grant)
        }
        api.get("dead-letters") { request, context in
            try Self.unscoped(try context.require(.operator))
            let all = request.uri.queryParameters["all"] == "true"
            return Self.json(try Self.encode(try bridge.store.deadLetters.list(includeResolved: all)))
        }
        api.post("dead-letters/replay") { request, context in
            let grant = try context.require(.operator)
            try Self.unscoped(grant)
            let body = try await request.decode(as: ReplayBody.self, context: context)
            let selection = ReplaySelection(ids: body.ids ?? [], source: body.source, all: body.all ?? false)
            guard !selection.ids.isEmpty || selection.source != nil || selection.all else { throw Problem(.badRequest, "say which dead letters: ids, source or all") }
            let dryRun = body.dryRun ?? true
            let outcomes = try await gate.exclusive {
                try bridge.reloadMappings(at: clock.timestamp)
                return try bridge.replay(selection, dryRun: dryRun, actor: "api:\(grant.name)", at: clock.timestamp)
            }
            return Self.json(try Self.encode(outcomes.map { ReplayAnswer(id: $0.letter.id, resolved: $0.resolved, applied: $0.summary.applied, failures: $0.failures, dryRun: dryRun) }))
        }
        registerPeople(on: api)
        registerBonus(on: api)
        registerOfficers(on: api)
        api.get("sources") { _, context in
            let grant = try context.require(.viewer)
            return Self.json(try Self.encode(await board.all(at: clock.timestamp).filter { grant.sees(bridge.agency(ofSource: $0.source)) }))
        }
        api.post("sources/:id/sync") { _, context in
            let grant = try context.require(.operator)
            let id = try context.parameters.require("id")
            guard (try? bridge.pollableSources(only: id)) != nil, grant.sees(bridge.agency(ofSource: id)) else { throw Problem(.notFound, "no HTTP source '\(id)'") }
            let summary = try await gate.sync(id)
            return Self.json(try Self.encode(SyncAnswer(summary)))
        }
    }

    /// `GET /api/v1/tasks?agency=&officer=&status=&block=&limit=&offset=`: the tasks, key order, a page at a time.
    func tasks(_ request: Request, _ grant: TokenStore.Grant) throws -> Response {
        let query = request.uri.queryParameters
        let agency = query["agency"].map(String.init)
        if let agency, !grant.sees(agency) { throw Problem(.forbidden, "token '\(grant.name)' may not see agency \(agency)") }
        var status: TaskStatus?
        if let text = query["status"] {
            guard let value = TaskStatus(rawValue: String(text)) else { throw Problem(.badRequest, "status '\(text)' is not one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
            status = value
        }
        var block: Block?
        if let text = query["block"] {
            guard let value = Block(rawValue: String(text)) else { throw Problem(.badRequest, "block '\(text)' is not party, state or mass") }
            block = value
        }
        let limit = try Self.number(query["limit"], name: "limit", default: 100, range: 1...1_000)
        let offset = try Self.number(query["offset"], name: "offset", default: 0, range: 0...Int.max)
        let filter = TaskFilter(officer: query["officer"].map(String.init), agency: agency, status: status, block: block)
        let found = try bridge.store.tasks.page(filter, agencies: grant.agencies.isEmpty ? nil : grant.agencies, limit: limit, offset: offset)
        let page = found.items.map { task -> UnifiedTask in
            var listed = task
            listed.provenance = []
            return listed
        }
        return Self.json(try Self.encode(TaskPage(total: found.total, offset: offset, limit: limit, items: page)))
    }

    /// `GET /api/v1/tasks/{key}`: one task with its provenance and history.
    func task(_ key: String, _ grant: TokenStore.Grant) throws -> Response {
        guard let found = try bridge.store.tasks.task(TaskKey(key)), grant.sees(found.task.agency) else { throw Problem(.notFound, "no task '\(key)'") }
        return Self.json(try Self.encode(TaskAnswer(task: found.task, revisions: found.revisions.map { .init(revision: $0.revision, at: $0.at, cause: $0.cause) })))
    }

    /// `GET /api/v1/scores?period=2026-03&agency=&unit=&block=`: the stored scores of the period.
    func scores(_ request: Request, _ grant: TokenStore.Grant) throws -> Response {
        let query = request.uri.queryParameters
        let period = try Self.period(query["period"])
        let filter = ScoreFilter(agency: query["agency"].map(String.init), unit: query["unit"].map(String.init), block: query["block"].map(String.init))
        if let agency = filter.agency, !grant.sees(agency) { throw Problem(.forbidden, "token '\(grant.name)' may not see agency \(agency)") }
        let (report, _) = try bridge.scoreReport(period: period, at: nil, filter: filter, current: false, refresh: false)
        let visible = ScoreReport(
            period: report.period, evaluatedAt: report.evaluatedAt, officers: report.officers.filter { grant.sees($0.agency) },
            units: report.units.filter { grant.sees($0.agency) })
        return Self.json(try ScoreFormatter.render(visible, as: .json))
    }

    /// `GET /api/v1/services?period=&agency=&dueWithin=`: the one-stop centre's figures (`ServiceOverview`, the same
    /// JSON as `services report --format json`), over the dossiers of the agencies the token sees.
    func services(_ request: Request, _ grant: TokenStore.Grant) throws -> Response {
        let (period, agencies) = try Self.periodAndAgencies(request, grant)
        let hours = try Self.number(request.uri.queryParameters["dueWithin"], name: "dueWithin", default: 24, range: 1...720)
        let overview = try bridge.serviceOverview(period: period, agencies: agencies, at: clock.timestamp, dueWithinHours: hours)
        return Self.json(try ServiceFormatter.render(overview, as: .json))
    }

    /// A report's `period` and the agencies it covers: `agency` when the token may see it (403 otherwise), else
    /// the token's agencies (nil: every agency).
    static func periodAndAgencies(_ request: Request, _ grant: TokenStore.Grant) throws -> (Period, Set<String>?) {
        let query = request.uri.queryParameters
        let period = try Self.period(query["period"])
        if let agency = query["agency"].map(String.init) {
            guard grant.sees(agency) else { throw Problem(.forbidden, "token '\(grant.name)' may not see agency \(agency)") }
            return (period, [agency])
        }
        return (period, grant.agencies.isEmpty ? nil : Set(grant.agencies))
    }

    /// `GET /api/v1/explain/{officer}?period=`: one officer's score, task by task.
    func explain(_ officer: String, _ request: Request, _ grant: TokenStore.Grant) throws -> Response {
        let period = try Self.period(request.uri.queryParameters["period"])
        // An officer no one names and another agency's officer read the same: ids reveal nothing.
        let score: OfficerScore
        do {
            score = try bridge.explain(officer: officer, period: period, at: clock.timestamp)
        } catch is AppError {
            throw Problem(.notFound, "no officer '\(officer)'")
        }
        guard grant.sees(score.profile.agency) else { throw Problem(.notFound, "no officer '\(officer)'") }
        return Self.json(try ScoreFormatter.explain(score, as: .json))
    }

    /// `GET /api/v1/conflicts?kind=&state=&agency=`: the reconciliation queue.
    func conflicts(_ request: Request, _ grant: TokenStore.Grant) throws -> Response {
        let query = request.uri.queryParameters
        var filter = ConflictFilter(agency: query["agency"].map(String.init))
        if let text = query["kind"] {
            guard let kind = Conflict.Kind(rawValue: String(text)) else { throw Problem(.badRequest, "kind '\(text)' is not one of \(Conflict.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
            filter.kind = kind
        }
        if let text = query["state"] {
            guard let state = Conflict.State(rawValue: String(text)) else { throw Problem(.badRequest, "state '\(text)' is not one of \(Conflict.State.allCases.map(\.rawValue).joined(separator: ", "))") }
            filter.state = state
        }
        return Self.json(try ConflictFormatter.json(try bridge.conflicts(filter).filter { try grant.sees($0, in: bridge) }))
    }

    /// A conflict the token may see, or "not found".
    func visibleConflict(_ id: String, _ grant: TokenStore.Grant) throws -> Conflict {
        guard let conflict = try bridge.findConflict(id), try grant.sees(conflict, in: bridge) else { throw Problem(.notFound, "no conflict '\(id)'") }
        return conflict
    }

    /// Records (or, with `dryRun`, tries) a decision in the token's name; a decision that cannot be made is a 422
    /// with the reason.
    func decide(_ request: ReconcileRequest, _ body: DecisionBody, _ grant: TokenStore.Grant) async throws -> Response {
        let dryRun = body.dryRun ?? false
        do {
            let outcome = try await gate.exclusive {
                try bridge.decide(request, reason: body.reason ?? "", actor: "api:\(grant.name)", at: clock.timestamp, dryRun: dryRun)
            }
            return Self.json(try Self.encode(DecisionAnswer(
                recorded: !dryRun, sequence: dryRun ? nil : outcome.decision.sequence, decision: outcome.decision.summary,
                tasks: outcome.tasks.map(\.rawValue), scores: outcome.scores.map(ScoreMoveRow.init))))
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        }
    }

    /// Dead letters belong to a source, not an agency: a token limited to agencies cannot read or replay them.
    static func unscoped(_ grant: TokenStore.Grant) throws {
        guard grant.agencies.isEmpty else { throw Problem(.forbidden, "dead letters belong to no agency: token '\(grant.name)' is limited to agencies") }
    }

    // MARK: Shapes and helpers

    struct DecisionBody: Decodable {
        let reason: String?
        let dryRun: Bool?
        let field: String?
        let source: String?
        let value: String?
    }

    struct ReplayBody: Decodable {
        let ids: [Int64]?
        let source: String?
        let all: Bool?
        /// Defaults to true: a replay through the API is tried first unless asked otherwise.
        let dryRun: Bool?
    }

    struct ScoreMoveRow: Encodable {
        let officer, period: String
        let before, after: Decimal?
        init(_ move: ScoreMove) {
            officer = move.pair.officer
            period = move.pair.period
            before = move.before
            after = move.after
        }
    }

    struct ConflictAnswer: Encodable {
        struct Impact: Encodable { let option: String; let scores: [ScoreMoveRow] }
        let conflict: Conflict
        let impacts: [Impact]
    }

    struct DecisionAnswer: Encodable {
        let recorded: Bool
        let sequence: Int?
        let decision: String
        let tasks: [String]
        let scores: [ScoreMoveRow]
    }

    struct ReplayAnswer: Encodable {
        let id: Int64
        let resolved: Bool
        let applied: Int
        let failures: [String]
        let dryRun: Bool
    }

    struct TaskPage: Encodable {
        let total, offset, limit: Int
        let items: [UnifiedTask]
    }

    struct TaskAnswer: Encodable {
        struct Revision: Encodable { let revision: Int; let at: String; let cause: String }
        let task: UnifiedTask
        let revisions: [Revision]
    }

    struct SyncAnswer: Encodable {
        let source: String
        let pages, records: Int
        let failure: String?
        init(_ s: PollSummary) {
            source = s.source
            pages = s.pages
            records = s.commits.records
            failure = s.failure
        }
    }

    static func period(_ text: Substring?) throws -> Period {
        guard let text else { throw Problem(.badRequest, "period is required, e.g. period=2026-03, 2026-Q1 or 2026") }
        guard let period = Period(String(text)) else { throw Problem(.badRequest, "period '\(text)' is not a month (2026-03), quarter (2026-Q1) or year (2026)") }
        return period
    }

    static func number(_ text: Substring?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else { throw Problem(.badRequest, "\(name) '\(text)' is not a whole number in \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    static func encode<T: Encodable>(_ value: T) throws -> String { try TaskFormatter.json(value) }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
