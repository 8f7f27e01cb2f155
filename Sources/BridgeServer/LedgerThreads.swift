import BridgeLedger
import Hummingbird

/// Runs every request on the ledger's threads (`LedgerExecutor`). Handlers read the ledger synchronously; a slow
/// read then waits on a thread of the ledger's, never on one of the cooperative pool's, which the other requests,
/// the schedulers and the projector need (on 2 cores there are two). First in the chain: the token check reads
/// the ledger too.
struct LedgerThreads<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await LedgerExecutor.run { try await next(request, context) }
    }
}
