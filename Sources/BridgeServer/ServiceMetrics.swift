import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// What `serve` reports at `GET /metrics` in Prometheus's text format, through swift-metrics with a Prometheus
/// registry of its own (no global bootstrap, so several services — tests — never collide): records by source and
/// result and sync durations as they happen; source lag, failures in a row, breakers, the projector's queues
/// and unresolved dead letters read when scraped; HTTP requests by route and status.
public final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// When the projector service last finished a run (nil before its first), for `/readyz`.
    private let lastProjection = Mutex<Date?>(nil)

    /// When the projector service last finished a run, nil before its first.
    var lastProjectionRun: Date? { lastProjection.withLock { $0 } }

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts what one pass did and how long it took.
    func synced(_ summary: PollSummary, seconds: Double, failed: Bool) {
        let commits = summary.commits
        for (result, count) in [("applied", commits.applied), ("unchanged", commits.unchanged), ("dead_letter", commits.deadLetters)] where count > 0 {
            Counter(label: "kpibridge_records_total", dimensions: [("source", summary.source), ("result", result)], factory: factory)
                .increment(by: Int64(count))
        }
        Counter(label: "kpibridge_syncs_total", dimensions: [("source", summary.source), ("outcome", failed ? "failed" : "ok")], factory: factory)
            .increment()
        Recorder(label: "kpibridge_sync_seconds", dimensions: [("source", summary.source)], aggregate: false, factory: factory).record(seconds)
    }

    /// When the projector service last ran, as a Unix time (the lag is the scrape time minus it).
    func projected(at time: Date) {
        lastProjection.withLock { $0 = time }
        Recorder(label: "kpibridge_projector_last_run_timestamp_seconds", aggregate: false, factory: factory).record(time.timeIntervalSince1970)
    }

    /// Counts one API request.
    func requested(route: String, status: Int) {
        Counter(label: "kpibridge_http_requests_total", dimensions: [("route", route), ("status", String(status))], factory: factory).increment()
    }

    /// The text a scrape gets: the gauges read now, then everything.
    func scrape(board: SourceBoard, store: LedgerStore, at now: Timestamp) async throws -> String {
        for state in await board.all(at: now) {
            let source = [("source", state.source)]
            // Since the last success, or since the service started watching when there was none.
            Recorder(label: "kpibridge_source_lag_seconds", dimensions: source, aggregate: false, factory: factory).record(state.lagSeconds ?? 0)
            Recorder(label: "kpibridge_source_pass_seconds", dimensions: source, aggregate: false, factory: factory).record(state.passSeconds ?? 0)
            Recorder(label: "kpibridge_source_failing", dimensions: source, aggregate: false, factory: factory).record(state.failing ? 1 : 0)
            Recorder(label: "kpibridge_source_failures_in_row", dimensions: source, aggregate: false, factory: factory).record(Double(state.failuresInRow))
            Recorder(label: "kpibridge_source_breaker_open", dimensions: source, aggregate: false, factory: factory).record(state.breaker == "closed" ? 0 : 1)
        }
        let queued = try store.facts.queued()
        Recorder(label: "kpibridge_projector_queue", dimensions: [("queue", "tasks")], aggregate: false, factory: factory).record(Double(queued.tasks))
        Recorder(label: "kpibridge_projector_queue", dimensions: [("queue", "scores")], aggregate: false, factory: factory).record(Double(queued.scores))
        let health = try store.health()
        Recorder(label: "kpibridge_dead_letters_unresolved", aggregate: false, factory: factory).record(Double(health.unresolvedDeadLetters))
        return registry.emitToString()
    }

    /// A route's name for the request counter: the path with ids replaced, and any path the server does not
    /// serve counted as `other`, so the counter's labels stay few whatever clients ask for.
    static func route(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else {
            let page = "/" + parts.prefix(2).joined(separator: "/")
            switch (parts.first, parts.count) {
            case (nil, _): return "/"
            case ("doi-soat", 2): return "/doi-soat/{id}"
            case ("doi-soat", 3): return "/doi-soat/{id}/quyet-dinh"
            case ("nguon", 3): return "/nguon/{id}/dong-bo"
            default: return webPages.contains(page) ? page : "other"
            }
        }
        switch (parts[2], parts.count) {
        case ("tasks", 3), ("scores", 3), ("conflicts", 3), ("dead-letters", 3), ("sources", 3): return "/api/v1/\(parts[2])"
        case ("tasks", 4): return "/api/v1/tasks/{key}"
        case ("tasks", 5): return "/api/v1/tasks/{key}/override"
        case ("explain", 4): return "/api/v1/explain/{officer}"
        case ("conflicts", 4): return "/api/v1/conflicts/{id}"
        case ("conflicts", 5): return "/api/v1/conflicts/{id}/{action}"
        case ("dead-letters", 4): return "/api/v1/dead-letters/replay"
        case ("sources", 5): return "/api/v1/sources/{id}/sync"
        default: return "other"
        }
    }

    /// The web UI's pages without ids (WebRoutes).
    static let webPages: Set<String> = [
        "/healthz", "/readyz", "/metrics", "/dang-nhap", "/dang-xuat", "/can-bo", "/nhiem-vu", "/nhiem-vu/xem", "/loi-nhap",
        "/loi-nhap/chay-thu", "/loi-nhap/nhap-lai", "/doi-soat", "/nguon", "/danh-ba", "/static/kpibridge.css",
    ]
}
