import BridgeApp
import BridgeLedger
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Checks the bearer token of every request under `/api/`: an unknown or missing token is 401; a client address
/// that sent 20 failed tokens within a minute is refused with 429 (and `Retry-After`) until that minute has passed
/// (guessing tokens is slowed, not helped) — other clients, and their valid tokens, are never refused for it. Every error becomes problem details: the bridge's refusals (`AppError`) a 400, anything
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
        } catch is NIOTooManyBytesError {
            // A body over the server's limit, read by a route's decoder (Hummingbird would answer an empty 413).
            response = try Problem(.contentTooLarge, "the request body is larger than the server accepts").response(from: request, context: context)
        } catch let error as HTTPError {
            // Hummingbird's own refusals (a body that is not the JSON a route expects, …) as problem details too.
            response = try Problem(error.status, error.body ?? Self.detail(of: error.status)).response(from: request, context: context)
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

    /// The one line for a refusal Hummingbird makes without one.
    static func detail(of status: HTTPResponse.Status) -> String {
        status == .contentTooLarge ? "the request body is larger than the server accepts" : status.reasonPhrase
    }

    private func authenticated(_ request: Request, _ context: APIContext, _ next: (Request, APIContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        let client = context.client
        if let wait = await throttle.blocked(client) {
            throw Problem(.tooManyRequests, "too many failed tokens from this address; wait \(wait) s", retryAfter: wait)
        }
        // The scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `Bearer` alike.
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Problem(.unauthorized, "a token is needed: Authorization: Bearer <token> (kpibridge token create)")
        }
        guard let grant = try tokens.grant(for: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            await throttle.failed(client)
            throw Problem(.unauthorized, "unknown or revoked token")
        }
        var context = context
        context.grant = grant
        return try await next(request, context)
    }
}

