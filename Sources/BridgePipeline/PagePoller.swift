import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeSources
import Foundation

/// Polls a JSON source page by page as its mapping's `paging:` says, committing each page together with the
/// position to resume from. A crash at any instant re-fetches at most the page that was in flight.
public struct PagePoller<C: Clock>: Sendable where C.Duration == Swift.Duration {
    let importer: Importer
    let store: LedgerStore
    let client: HTTPSourceClient<C>
    let binding: SourceBinding
    let baseURL: URL
    /// Guards against a source whose cursor never ends.
    let maxPages: Int

    public init(importer: Importer, store: LedgerStore, client: HTTPSourceClient<C>, binding: SourceBinding, baseURL: URL, maxPages: Int = 100_000) {
        self.importer = importer
        self.store = store
        self.client = client
        self.binding = binding
        self.baseURL = baseURL
        self.maxPages = maxPages
    }

    /// One pass: from the stored position to the end of the source; `onPage` hears the running totals. Its
    /// requests are awaited; each of its ledger calls runs on the ledger's threads (`LedgerExecutor`).
    public func poll(onPage: (PollSummary) -> Void = { _ in }) async throws -> PollSummary {
        let spec = binding.mapper.spec
        guard let paging = spec.paging else { throw PipelineError("mapping \(spec.file) has no paging: section") }
        return try await PollSummary.measuring(client, source: binding.id) { summary in try await pages(paging, spec, &summary, onPage) }
    }

    private func pages(_ paging: PagingSpec, _ spec: MappingSpec, _ summary: inout PollSummary, _ onPage: (PollSummary) -> Void) async throws {
        var state = try await LedgerExecutor.run { [store, binding] in try store.facts.checkpoint(source: binding.id) }
        let since = state.since
        var latest: Timestamp?
        var position = PagePosition(paging, token: state.cursor)
        var used = Set<String>()
        var total: Int?
        while summary.pages < maxPages {
            let token = position.token
            var request = try paging.request(baseURL: baseURL, token: token, page: position.page, since: since)
            let key = Self.validatorKey(paging, page: position.page)
            used.insert(key)
            if let etag = state.etags[key] { request.headers["If-None-Match"] = etag }
            if let modified = state.lastModified[key] { request.headers["If-Modified-Since"] = modified }
            let response = try await client.send(request)
            summary.pages += 1
            var nextToken: String?
            var itemCount = state.items[key] ?? 0
            if response.status == 304 {
                // Cursor and next styles resume at one position: unchanged there means nothing new.
                if !paging.isNumbered { return try await finish(state, latest, paging, used: used) }
                // A 304 carries no total: the one the source gave last is kept with the validators.
                if total == nil, let kept = state.items[Self.totalKey] {
                    total = kept
                    used.insert(Self.totalKey)
                }
            } else {
                var pageState = state
                try ContentTypeCheck.verify(response, format: spec.format, source: binding.id, request: request)
                let (result, document) = try await importer.importResponse(
                    response, origin: "\(request.method) \(request.url.redactedString)", source: binding
                ) { document in
                    let items = spec.items(in: document)
                    itemCount = items.count
                    nextToken = paging.nextToken(in: document, header: response.header)
                    total = paging.total(in: document, header: response.header) ?? total
                    if let total {
                        pageState.items[Self.totalKey] = total
                        used.insert(Self.totalKey)
                    }
                    if let time = paging.latestItemTime(in: document, items: items), latest.map({ time > $0 }) ?? true { latest = time }
                    pageState.etags[key] = response.header("ETag")
                    pageState.lastModified[key] = response.header("Last-Modified")
                    pageState.items[key] = items.count
                    // Resume from the next page; after the last page, from that page (to see what is appended).
                    pageState.cursor = paging.isNumbered ? nil : (nextToken ?? token)
                    return pageState
                }
                summary.commits.add(result.summary)
                onPage(summary)
                guard document != nil else {
                    // A page that does not parse (truncated, broken) moves no checkpoint: the next pass fetches it again.
                    summary.failure = result.failures.first ?? "page \(request.url.redactedString) could not be read"
                    return
                }
                state = pageState
            }
            // An empty page ends the walk; so do reaching the total the source gives and the last cursor.
            guard position.advance(paging, items: itemCount, total: total, next: nextToken) else {
                return try await finish(state, latest, paging, used: used)
            }
        }
        summary.failure = "more than \(maxPages) pages: paging does not end"
    }

    /// Where the checkpoint keeps the total the source gave last (beside each page's item count).
    static var totalKey: String { "total" }

    /// Conditional-request validators are kept by what stays the same from pass to pass, never by the URL (a
    /// cursor or an updated-since bound changes it every pass and the checkpoint would grow without end): by
    /// page number for page style; for cursor and next styles only the position a pass resumes at is asked
    /// conditionally, so one entry, overwritten page after page until it holds the last page's.
    static func validatorKey(_ paging: PagingSpec, page: Int) -> String {
        paging.isNumbered ? "page \(page)" : "position"
    }

    /// At the end of a complete pass: the validators of pages this pass did not ask for are dropped (pages that
    /// no longer exist, keys of older releases), and the updated-since bound (minus the overlap) moves for the
    /// next pass, which then starts from the first request again (so the position's validators go too).
    private func finish(_ state: SourceCheckpoint, _ latest: Timestamp?, _ paging: PagingSpec, used: Set<String>) async throws {
        var next = state
        next.etags = next.etags.filter { used.contains($0.key) }
        next.lastModified = next.lastModified.filter { used.contains($0.key) }
        next.items = next.items.filter { used.contains($0.key) }
        if paging.sinceParam != nil, let latest {
            next.since = paging.sinceValue(after: latest)
            next.cursor = nil
            next.etags["position"] = nil
            next.lastModified["position"] = nil
        }
        guard next != state else { return }
        try await LedgerExecutor.run { [store, binding, importer] in try store.facts.saveCheckpoint(next, source: binding.id, at: importer.now()) }
    }
}

extension PagingSpec {
    /// The request for one page: constant parameters, then page, cursor and since parameters.
    func request(baseURL: URL, token: String?, page: Int, since: String?) throws -> HTTPRequest {
        if style == .next, let token {
            guard let url = URL(string: token, relativeTo: baseURL)?.absoluteURL else { throw PipelineError("next link '\(token)' is not a URL") }
            return HTTPRequest(url: url)
        }
        var params = params.map { ($0.name, $0.value) }
        if style == .page, let name = pageParam {
            params.append((name, String(page)))
            if let sizeName = sizeParam, let size = size { params.append((sizeName, String(size))) }
        }
        if style == .offset, let name = offsetParam {
            params.append((name, String(offsetStart + page * offsetStep)))
            if let limitName = limitParam, let limit = limit { params.append((limitName, String(limit))) }
        }
        if style == .cursor, let name = cursorParam, let token { params.append((name, token)) }
        if let name = sinceParam, let since { params.append((name, since)) }
        let base = baseURL.appendingPathComponent(path)
        if method == "POST" { return HTTPRequest.form(base, params) }
        guard let url = HTTPRequest.url(base, query: params) else { throw PipelineError("cannot build a URL from \(base)") }
        return HTTPRequest(url: url)
    }
}
