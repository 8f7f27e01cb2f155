import BridgeApp
import BridgeLedger
import Foundation
import HTTPTypes
import Hummingbird

/// Checks the bearer token of every request under `/api/`: an unknown or missing token is 401; after 20 failed
/// tokens in a minute every API request is refused with 429 for the rest of that minute (guessing tokens is
/// slowed, not helped). Every error becomes problem details: the bridge's refusals (`AppError`) a 400, anything
/// else a 500 with its one-line reason. Also sets the security headers on every response, and counts it.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = APIContext
    let tokens: TokenStore
    let throttle: FailureThrottle
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await authenticated(request, context, next)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            // Hummingbird's own refusals (a body that is not the JSON a route expects, …) as problem details too.
            response = try Problem(error.status, error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch let error as AppError {
            // What the bridge refuses is the request's fault, said in one line.
            response = try Problem(.badRequest, error.message).response(from: request, context: context)
        } catch {
            response = try Problem(.internalServerError, "\(error)").response(from: request, context: context)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        // Pages load styles from the server only, no script, no frames; forms post back to it.
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        metrics.requested(route: ServiceMetrics.route(request.uri.path), status: response.status.code)
        return response
    }

    private func authenticated(_ request: Request, _ context: APIContext, _ next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        if await throttle.isBlocked() { throw Problem(.tooManyRequests, "too many failed tokens; wait a minute") }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem(.unauthorized, "a token is needed: Authorization: Bearer <token> (kpibridge token create)")
        }
        guard let grant = try tokens.grant(for: String(header.dropFirst("Bearer ".count))) else {
            await throttle.failed()
            throw Problem(.unauthorized, "unknown or revoked token")
        }
        var context = context
        context.grant = grant
        return try await next(request, context)
    }
}

/// Counts failed tokens per minute.
actor FailureThrottle {
    private var minute = 0
    private var failures = 0
    let limit: Int

    init(limit: Int = 20) { self.limit = limit }

    private func roll() {
        let now = Int(Date().timeIntervalSince1970 / 60)
        if now != minute {
            minute = now
            failures = 0
        }
    }

    func failed() {
        roll()
        failures += 1
    }

    func isBlocked() -> Bool {
        roll()
        return failures >= limit
    }
}
