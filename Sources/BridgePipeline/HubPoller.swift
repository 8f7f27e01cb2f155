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

    public init(importer: Importer, client: HTTPSourceClient<C>, binding: SourceBinding, baseURL: URL) {
        self.importer = importer
        self.client = client
        self.binding = binding
        self.baseURL = baseURL
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
                summary.failure = "source \(binding.id): GET \(listURL.absoluteString): the list is not the hub's JSON envelope"
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

    /// Fetches up to 100 listed messages, then appends them in one group commit, in listing order.
    private func fetchAndCommit(
        _ pending: ArraySlice<Listed>, _ handled: inout Set<String>, _ acknowledgements: inout [[(String, String)]],
        _ summary: inout PollSummary, _ onPage: (PollSummary) -> Void
    ) async throws {
        var fetched: [(response: HTTPResponse, origin: String)] = []
        var ids: [String] = []
        do {
            for item in pending {
                var components = URLComponents(url: baseURL.appendingPathComponent("getEdoc"), resolvingAgainstBaseURL: false)!
                components.queryItems = [URLQueryItem(name: "docId", value: item.docId)]
                let edocRequest = HTTPRequest(url: components.url!)
                let edoc = try await client.send(edocRequest)
                fetched.append((edoc, "hub \(item.docId)"))
                try ContentTypeCheck.verify(edoc, format: binding.mapper.spec.format, source: binding.id, request: edocRequest)
                ids.append(item.docId)
            }
        } catch {
            // What was fetched before the failure is still committed (and then acknowledged); the rest waits.
            for extra in fetched[ids.count...] { extra.response.discardSpool() }
            fetched.removeLast(fetched.count - ids.count)
            try commit(fetched, ids, &handled, &acknowledgements, &summary, onPage)
            throw error
        }
        try commit(fetched, ids, &handled, &acknowledgements, &summary, onPage)
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
