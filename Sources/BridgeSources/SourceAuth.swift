import Foundation

/// How a source authenticates. Secrets are resolved from environment variables by the application layer.
public enum SourceAuth: Sendable, Hashable {
    case none
    /// `Authorization: Bearer TOKEN`.
    case bearer(token: String)
    /// `Authorization: Basic base64(user:password)`.
    case basic(user: String, password: String)
    /// A fixed header such as `X-API-Key: KEY` or `Authorization: Token KEY` (the value carries any prefix).
    case apiKey(header: String, value: String)
    /// A key sent as a query parameter of every request (`?api_key=KEY`), percent-encoded; never in error lines.
    case apiKeyQuery(parameter: String, value: String)
    /// iOffice style: POST the refresh token (form-encoded) to `endpoint`, read the access token from the JSON
    /// answer's `field` (dotted path), use it as a bearer, and renew it on 401.
    case refreshToken(endpoint: URL, refreshToken: String, field: String)
}
