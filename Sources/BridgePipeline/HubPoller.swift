import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeSources
import Foundation

/// The E-Office exchange hub (VXP) flow: list received messages → fetch each `.edxml` → commit → acknowledge.
/// The acknowledgement is sent only after the commit, so a crash in between re-fetches the message, which
/// changes nothing the second time.
public struct HubPoller<C: Clock>: Sendable where C.Duration == Swift.Duration {
    let importer: Importer
    let client: HTTPSourceClient<C>
    let binding: SourceBinding
    let baseURL: URL
    /// Messages fetched at once.
    let concurrency: Int
    /// How the hub pages its list; nil for a hub whose list shrinks as messages are acknowledged.
    let listing: HubListing?
    /// Pages of the list read in one pass at most.
    let maxPages: Int

    public init(
        importer: Importer, client: HTTPSourceClient<C>, binding: SourceBinding, baseURL: URL, concurrency: Int = 4,
        listing: HubListing? = nil, maxPages: Int = 100_000
    ) {
        self.importer = importer
        self.client = client
        self.binding = binding
        self.baseURL = baseURL
        self.concurrency = max(1, concurrency)
        self.listing = listing
        self.maxPages = maxPages
    }

    /// One item of `getReceivedEdocList`.
    struct Listed: Decodable {
        let docId: String
        let messageType: String?
        let created_time: String?
    }

    /// The hub's envelope: `{"status":"OK","ErrorCode":"0","ErrorDesc":…,"data":…}`.
    struct Envelope<T: Decodable>: Decodable {
        let status: String
        let ErrorCode: String?
        let ErrorDesc: String?
        let data: T?
    }

    /// One pass: until the hub lists nothing new; `onPage` hears the running totals after each message. Its
    /// requests are awaited; each of its ledger calls runs on the ledger's threads (`LedgerExecutor`).
    public func poll(onPage: (PollSummary) -> Void = { _ in }) async throws -> PollSummary {
        try await PollSummary.measuring(client, source: binding.id) { summary in try await drain(&summary, onPage) }
    }

    private func drain(_ summary: inout PollSummary, _ onPage: (PollSummary) -> Void) async throws {
        var handled = Set<String>()
        var checkpoint = try await LedgerExecutor.run { [importer, binding] in try importer.store.facts.checkpoint(source: binding.id) }
        while summary.pages < maxPages {
            let listURL = try self.listURL(cursor: checkpoint.cursor)
            let response = try await client.send(HTTPRequest(url: listURL))
            summary.pages += 1
            let page: ListPage
            do {
                defer { response.discardSpool() }
                page = try ListPage(response.bodyData(), listing: listing)
            } catch {
                summary.failure = "source \(binding.id): GET \(listURL.redactedString): \(error)"
                return
            }
            let pending = page.items.filter { !handled.contains($0.docId) }
                .sorted { ($0.created_time ?? "", $0.docId) < ($1.created_time ?? "", $1.docId) }
            // A paged hub: the page's last commit also moves the cursor past it (nil: the position stays).
            var next: SourceCheckpoint?
            if listing != nil, let cursor = page.nextCursor, cursor != checkpoint.cursor {
                next = checkpoint
                next?.cursor = cursor
            }
            if pending.isEmpty {
                if let next { try await save(next) }
            }
            // Acknowledged 100 at a time once their commits are on the disk (see `acknowledge`), also when the
            // pass fails.
            for start in stride(from: 0, to: pending.count, by: 100) {
                let end = min(start + 100, pending.count)
                var acknowledgements: [[(String, String)]] = []
                do {
                    try await fetchAndCommit(pending[start..<end], end == pending.count ? next : nil, &handled, &acknowledgements, &summary, onPage)
                } catch {
                    try? await acknowledge(acknowledgements)
                    throw error
                }
                try await acknowledge(acknowledgements)
            }
            guard listing != nil else {
                // An unpaged hub: listed again until it lists nothing new.
                if pending.isEmpty { return }
                continue
            }
            if let next { checkpoint = next }
            guard page.hasMore else { return }
            guard next != nil else {
                summary.failure = "source \(binding.id): the hub says there is more but gives no new cursor (\(listing!.cursorField))"
                return
            }
        }
        summary.failure = "source \(binding.id): the hub still says there is more after \(maxPages) pages; run sync again to go on"
    }

    /// Stores a position alone (a page with nothing new on it).
    private func save(_ checkpoint: SourceCheckpoint) async throws {
        try await LedgerExecutor.run { [importer, binding] in try importer.store.facts.saveCheckpoint(checkpoint, source: binding.id, at: importer.now()) }
    }

    /// The list request: the page size and the cursor when the hub pages.
    private func listURL(cursor: String?) throws -> URL {
        let url = baseURL.appendingPathComponent("getReceivedEdocList")
        guard let listing else { return url }
        var fields: [(String, String)] = []
        if let param = listing.limitParam { fields.append((param, String(listing.limit))) }
        if let cursor { fields.append((listing.cursorParam, cursor)) }
        guard let built = HTTPRequest.url(url, query: fields) else { throw PipelineError("source \(binding.id): cannot build the list URL") }
        return built
    }

    /// One answer of `getReceivedEdocList`: the hub's envelope, its messages, and (when it pages) the next cursor
    /// and whether more follow.
    struct ListPage {
        let items: [Listed]
        let nextCursor: String?
        let hasMore: Bool

        init(_ data: Data, listing: HubListing?) throws {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let status = object["status"] as? String else {
                throw PipelineError("the list is not the hub's JSON envelope")
            }
            guard status == "OK" else {
                throw PipelineError("hub error \(object["ErrorCode"] as? String ?? "?"): \(object["ErrorDesc"] as? String ?? "")")
            }
            let envelope = try JSONDecoder().decode(Envelope<[Listed]>.self, from: data)
            items = envelope.data ?? []
            guard let listing else {
                nextCursor = nil
                hasMore = false
                return
            }
            // The fields may sit beside `data` or inside a `paging` object, as strings, numbers or booleans.
            func field(_ name: String) -> Any? { object[name] ?? (object["paging"] as? [String: Any])?[name] }
            switch field(listing.cursorField) {
            case let text as String where !text.isEmpty: nextCursor = text
            case let number as NSNumber: nextCursor = number.stringValue
            default: nextCursor = nil
            }
            if let name = listing.hasMoreField {
                switch field(name) {
                case let flag as Bool: hasMore = flag
                case let number as NSNumber: hasMore = number.intValue != 0
                case let text as String: hasMore = text.lowercased() == "true" || text == "1"
                default: hasMore = false
                }
            } else {
                // Without a has-more field: more follows while pages come back full.
                hasMore = items.count >= listing.limit
            }
        }
    }

    /// Fetches up to 100 listed messages, `concurrency` at a time (so that one slow answer or retry does not hold
    /// the others), then appends them in group commits in listing order. After a failure, the messages before it
    /// in the listing are still committed (and then acknowledged); the rest wait for the next pass.
    private func fetchAndCommit(
        _ pending: ArraySlice<Listed>, _ checkpoint: SourceCheckpoint?, _ handled: inout Set<String>,
        _ acknowledgements: inout [[(String, String)]], _ summary: inout PollSummary, _ onPage: (PollSummary) -> Void
    ) async throws {
        let items = Array(pending)
        let outcomes = await fetch(items)
        var fetched: [(response: HTTPResponse, origin: String)] = []
        var ids: [String] = []
        var failure: (any Error)?
        for (item, outcome) in zip(items, outcomes) {
            switch outcome {
            case .success(let (request, response)) where failure == nil:
                do {
                    try ContentTypeCheck.verify(response, format: binding.mapper.spec.format, source: binding.id, request: request)
                    fetched.append((response, "hub \(item.docId)"))
                    ids.append(item.docId)
                } catch {
                    response.discardSpool()
                    failure = error
                }
            case .success(let (_, response)):
                response.discardSpool()
            case .failure(let error):
                failure = failure ?? error
            }
        }
        // The cursor moves only with a whole page: after a failure the page is listed again next time.
        try await commit(fetched, ids, failure == nil ? checkpoint : nil, &handled, &acknowledgements, &summary, onPage)
        if let failure { throw failure }
    }

    /// Messages fetched at most `concurrency` at a time; each outcome at its item's place.
    private func fetch(_ items: [Listed]) async -> [Result<(HTTPRequest, HTTPResponse), any Error>] {
        let requests = items.map { item -> HTTPRequest in
            HTTPRequest(url: HTTPRequest.url(baseURL.appendingPathComponent("getEdoc"), query: [("docId", item.docId)])!)
        }
        let client = self.client
        return await BoundedTasks.map(requests.count, concurrency: concurrency) { index in
            do { return .success((requests[index], try await client.send(requests[index]))) } catch { return .failure(error) }
        }
    }

    private func commit(
        _ fetched: [(response: HTTPResponse, origin: String)], _ ids: [String], _ checkpoint: SourceCheckpoint?,
        _ handled: inout Set<String>, _ acknowledgements: inout [[(String, String)]], _ summary: inout PollSummary,
        _ onPage: (PollSummary) -> Void
    ) async throws {
        guard !fetched.isEmpty else {
            if let checkpoint { try await save(checkpoint) }
            return
        }
        for (docId, (result, document)) in zip(ids, try await importer.importResponses(fetched, source: binding, checkpoint: checkpoint)) {
            handled.insert(docId)
            summary.commits.add(result.summary)
            let failed = document == nil || result.summary.deadLetters > 0
            var fields = [("docId", docId), ("status", failed ? "fail" : "done")]
            if failed { fields.append(("reason", result.failures.first ?? "not importable")) }
            acknowledgements.append(fields)
        }
        onPage(summary)
    }

    /// Tells the hub that these messages are stored. An acknowledged message is never listed again, so the
    /// commits are first forced onto the disk (commits do not wait for it, and a power cut could otherwise
    /// lose a message the hub no longer offers); one sync for all of them.
    /// Sent `concurrency` at a time, like the fetches, so that one retried acknowledgement does not hold the
    /// others (the hub needs no order among them); the first failure is thrown once all were tried.
    private func acknowledge(_ acknowledgements: [[(String, String)]]) async throws {
        guard !acknowledgements.isEmpty else { return }
        try await LedgerExecutor.run { [importer] in try importer.store.makeDurable() }
        let requests = acknowledgements.map { HTTPRequest.form(baseURL.appendingPathComponent("updateStatus"), $0) }
        let client = self.client
        let failures = await BoundedTasks.map(requests.count, concurrency: concurrency) { index -> (any Error)? in
            do {
                try await client.send(requests[index]).discardSpool()
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
    }
}
