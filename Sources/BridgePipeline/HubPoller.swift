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

    public init(importer: Importer, client: HTTPSourceClient<C>, binding: SourceBinding, baseURL: URL, concurrency: Int = 4) {
        self.importer = importer
        self.client = client
        self.binding = binding
        self.baseURL = baseURL
        self.concurrency = max(1, concurrency)
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

    /// One pass: until the hub lists nothing new; `onPage` hears the running totals after each message.
    public func poll(onPage: (PollSummary) -> Void = { _ in }) async throws -> PollSummary {
        try await PollSummary.measuring(client, source: binding.id) { summary in try await drain(&summary, onPage) }
    }

    private func drain(_ summary: inout PollSummary, _ onPage: (PollSummary) -> Void) async throws {
        var handled = Set<String>()
        while true {
            let listURL = baseURL.appendingPathComponent("getReceivedEdocList")
            let listing = try await client.send(HTTPRequest(url: listURL))
            summary.pages += 1
            let envelope: Envelope<[Listed]>
            do {
                defer { listing.discardSpool() }
                envelope = try JSONDecoder().decode(Envelope<[Listed]>.self, from: listing.bodyData())
            } catch {
                summary.failure = "source \(binding.id): GET \(listURL.redactedString): the list is not the hub's JSON envelope"
                return
            }
            guard envelope.status == "OK" else {
                summary.failure = "source \(binding.id): hub error \(envelope.ErrorCode ?? "?"): \(envelope.ErrorDesc ?? "")"
                return
            }
            let pending = (envelope.data ?? []).filter { !handled.contains($0.docId) }
                .sorted { ($0.created_time ?? "", $0.docId) < ($1.created_time ?? "", $1.docId) }
            if pending.isEmpty { return }
            // Acknowledged 100 at a time once their commits are on the disk (see `acknowledge`), also when the
            // pass fails.
            for start in stride(from: 0, to: pending.count, by: 100) {
                var acknowledgements: [[(String, String)]] = []
                do {
                    try await fetchAndCommit(pending[start..<min(start + 100, pending.count)], &handled, &acknowledgements, &summary, onPage)
                } catch {
                    try? await acknowledge(acknowledgements)
                    throw error
                }
                try await acknowledge(acknowledgements)
            }
        }
    }

    /// Fetches up to 100 listed messages, `concurrency` at a time (so that one slow answer or retry does not hold
    /// the others), then appends them in group commits in listing order. After a failure, the messages before it
    /// in the listing are still committed (and then acknowledged); the rest wait for the next pass.
    private func fetchAndCommit(
        _ pending: ArraySlice<Listed>, _ handled: inout Set<String>, _ acknowledgements: inout [[(String, String)]],
        _ summary: inout PollSummary, _ onPage: (PollSummary) -> Void
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
        try commit(fetched, ids, &handled, &acknowledgements, &summary, onPage)
        if let failure { throw failure }
    }

    /// Messages fetched at most `concurrency` at a time; each outcome at its item's place.
    private func fetch(_ items: [Listed]) async -> [Result<(HTTPRequest, HTTPResponse), any Error>] {
        let requests = items.map { item -> HTTPRequest in
            var components = URLComponents(url: baseURL.appendingPathComponent("getEdoc"), resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "docId", value: item.docId)]
            return HTTPRequest(url: components.url!)
        }
        let client = self.client
        return await withTaskGroup(of: (Int, Result<(HTTPRequest, HTTPResponse), any Error>).self) { group in
            var done: [(Int, Result<(HTTPRequest, HTTPResponse), any Error>)] = []
            var next = 0
            while next < requests.count || !group.isEmpty {
                while next < requests.count && next - done.count < concurrency {
                    let index = next
                    let request = requests[index]
                    group.addTask {
                        do { return (index, .success((request, try await client.send(request)))) } catch { return (index, .failure(error)) }
                    }
                    next += 1
                }
                guard let outcome = await group.next() else { break }
                done.append(outcome)
            }
            return done.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private func commit(
        _ fetched: [(response: HTTPResponse, origin: String)], _ ids: [String], _ handled: inout Set<String>,
        _ acknowledgements: inout [[(String, String)]], _ summary: inout PollSummary, _ onPage: (PollSummary) -> Void
    ) throws {
        guard !fetched.isEmpty else { return }
        for (docId, (result, document)) in zip(ids, try importer.importResponses(fetched, source: binding)) {
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
    private func acknowledge(_ acknowledgements: [[(String, String)]]) async throws {
        guard !acknowledgements.isEmpty else { return }
        try importer.store.makeDurable()
        for fields in acknowledgements {
            try await client.send(HTTPRequest.form(baseURL.appendingPathComponent("updateStatus"), fields)).discardSpool()
        }
    }
}
