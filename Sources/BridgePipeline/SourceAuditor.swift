import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeSources
import Foundation

/// Anti-entropy for a paged source (`kpibridge audit-source`): walks everything the source lists now, from its
/// first page, with no updated-since bound and no conditional request, maps each page in memory and keeps
/// nothing — then says which records the ledger holds that the source no longer lists (deleted or withdrawn at
/// the source), and which it lists that the ledger has not seen yet (a sync brings them).
public struct SourceAuditor<C: Clock>: Sendable where C.Duration == Swift.Duration {
    let client: HTTPSourceClient<C>
    let binding: SourceBinding
    let baseURL: URL
    let maxPages: Int

    public init(client: HTTPSourceClient<C>, binding: SourceBinding, baseURL: URL, maxPages: Int = 100_000) {
        self.client = client
        self.binding = binding
        self.baseURL = baseURL
        self.maxPages = maxPages
    }

    /// What the source lists now.
    public struct Listing: Sendable {
        /// Every record id the source lists (records that fail to map count too: they are there).
        public var recordIds = Set<String>()
        public var pages = 0
        /// Items without a readable id: the source lists them, the audit cannot say which they are.
        public var unnamed = 0
    }

    /// Reads every page. A page that does not parse stops the audit: a partial listing would report records
    /// as missing that are only unread.
    public func listing() async throws -> Listing {
        let spec = binding.mapper.spec
        guard let paging = spec.paging else { throw PipelineError("mapping \(spec.file) has no paging: section") }
        var listing = Listing()
        var position = PagePosition(paging)
        var total: Int?
        while listing.pages < maxPages {
            let request = try paging.request(baseURL: baseURL, token: position.token, page: position.page, since: nil)
            let response = try await client.send(request)
            defer { response.discardSpool() }
            listing.pages += 1
            try ContentTypeCheck.verify(response, format: spec.format, source: binding.id, request: request)
            let mapped = try Importer.map(PayloadBytes(response), origin: "\(request.method) \(request.url.redactedString)", source: binding)
            guard let document = mapped.document else {
                throw PipelineError("\(binding.id): page \(request.url.redactedString) could not be read (\(mapped.failures.first ?? "parse error")): the audit stops, nothing is reported missing")
            }
            for entry in mapped.entries {
                switch entry {
                case .mapped(let refs, _, _): listing.recordIds.formUnion(refs.map(\.recordId))
                case .failed(let letter):
                    if let id = letter.recordId { listing.recordIds.insert(id) } else { listing.unnamed += 1 }
                }
            }
            let items = spec.items(in: document).count
            total = paging.total(in: document, header: response.header) ?? total
            guard position.advance(paging, items: items, total: total, next: paging.nextToken(in: document, header: response.header)) else {
                return listing
            }
        }
        throw PipelineError("\(binding.id): more than \(maxPages) pages: paging does not end")
    }
}
