import BridgeModel
import Foundation

/// Sends a source's requests politely and safely: authentication (with token renewal on 401), a per-host rate
/// limit, timeouts, a response size limit, retries with backoff and jitter honouring Retry-After, same-origin
/// redirects only, and a circuit breaker whose state operators can see.
public actor HTTPSourceClient<C: Clock> where C.Duration == Swift.Duration {
    /// Limits and policies for one source.
    public struct Settings: Sendable {
        public var timeout = Duration.seconds(30)
        public var maxResponseBytes = 64 << 20
        public var retry = RetryPolicy()
        public var maxRedirects = 5
        public var breakerThreshold = 5
        public var breakerCooldown = Duration.seconds(30)

        public init() {}
    }

    /// Counters for the sync summary.
    public struct Stats: Sendable, Hashable {
        public var requests = 0
        public var retries = 0
        public var notModified = 0
    }

    public let source: String
    private let transport: any HTTPTransport
    private let auth: SourceAuth
    private let clock: C
    private let limiter: RateLimiter<C>
    private let settings: Settings
    private var breaker: CircuitBreaker<C.Instant>
    private var accessToken: String?
    private var random: SeededGenerator
    public private(set) var stats = Stats()

    public init(
        source: String, transport: any HTTPTransport, auth: SourceAuth, clock: C, limiter: RateLimiter<C>,
        settings: Settings = Settings(), seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.source = source
        self.transport = transport
        self.auth = auth
        self.clock = clock
        self.limiter = limiter
        self.settings = settings
        self.breaker = CircuitBreaker(threshold: settings.breakerThreshold, cooldown: settings.breakerCooldown)
        self.random = SeededGenerator(seed: seed)
    }

    /// `closed`, `open` or `half-open`.
    public var circuitState: String { breaker.label }

    /// Sends `request` and returns a 2xx or 304 answer; anything else is a `SourceError`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard breaker.allowRequest(at: clock.now) else {
            throw SourceError(.circuitOpen, source: source, request: request, message: "circuit open after repeated failures; not called")
        }
        do {
            let response = try await sendWithRetries(request)
            breaker.recordSuccess()
            return response
        } catch let error as SourceError {
            if error.code != .auth && error.code != .redirect && !(error.status.map { (400..<500).contains($0) && $0 != 429 } ?? false) {
                breaker.recordFailure(at: clock.now)
            }
            throw error
        }
    }

    /// Sends with retries, redirects and (when `signed`) the source's authentication; the token request itself
    /// goes through here unsigned, so it is retried like every other request.
    private func sendWithRetries(_ original: HTTPRequest, signed isSigned: Bool = true, maxBytes: Int? = nil) async throws -> HTTPResponse {
        var request = original
        var renewed = false
        var redirects = 0
        var attempt = 0
        while true {
            attempt += 1
            let signed = isSigned ? try await authorize(request) : request
            try await limiter.acquire(host: request.url.host ?? "")
            stats.requests += 1
            let response: HTTPResponse
            do {
                response = try await transport.send(signed, timeout: settings.timeout, maxBytes: maxBytes ?? settings.maxResponseBytes)
            } catch let failure as TransportFailure {
                guard failure.isRetryable, attempt < settings.retry.maxAttempts else {
                    throw SourceError(.transport, source: source, request: request, message: "\(failure)" + (attempt > 1 ? " after \(attempt) attempts" : ""))
                }
                try await wait(afterAttempt: attempt, retryAfter: nil)
                continue
            }
            if !(200..<300).contains(response.status) && response.status != 304 { response.discardSpool() }
            switch response.status {
            case 200..<300, 304:
                if response.status == 304 { stats.notModified += 1 }
                return response
            case 301, 302, 303, 307, 308:
                request = try redirect(from: request, response, count: &redirects)
                attempt -= 1  // following a redirect is not a failed attempt
            case 401 where isSigned && !renewed && isRenewable:
                renewed = true
                accessToken = nil
                attempt -= 1
            case let status where RetryPolicy.isRetryable(status: status):
                let retryAfter = RetryPolicy.retryAfter(response.header("Retry-After"), nowSeconds: Date().timeIntervalSince1970)
                if let retryAfter, retryAfter > settings.retry.maxRetryAfter {
                    throw SourceError(.http, source: source, request: request, status: status, message: "HTTP \(status), Retry-After \(retryAfter) is longer than \(settings.retry.maxRetryAfter)")
                }
                guard attempt < settings.retry.maxAttempts else {
                    throw SourceError(.http, source: source, request: request, status: status, message: "HTTP \(status) after \(attempt) attempts")
                }
                try await wait(afterAttempt: attempt, retryAfter: retryAfter)
            case let status:
                let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
                throw SourceError(.http, source: source, request: request, status: status, message: "HTTP \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)"))
            }
        }
    }

    private func wait(afterAttempt attempt: Int, retryAfter: Duration?) async throws {
        stats.retries += 1
        let delay = settings.retry.delay(afterAttempt: attempt, retryAfter: retryAfter, random: &random)
        try await clock.sleep(until: clock.now.advanced(by: delay), tolerance: nil)
    }

    /// Follows a redirect only within the source's own origin (scheme, host, port), and only so many times.
    private func redirect(from request: HTTPRequest, _ response: HTTPResponse, count: inout Int) throws -> HTTPRequest {
        count += 1
        guard count <= settings.maxRedirects else {
            throw SourceError(.redirect, source: source, request: request, status: response.status, message: "more than \(settings.maxRedirects) redirects (loop?)")
        }
        guard let location = response.header("Location"), let target = URL(string: location, relativeTo: request.url)?.absoluteURL else {
            throw SourceError(.redirect, source: source, request: request, status: response.status, message: "redirect without a usable Location")
        }
        guard target.scheme == request.url.scheme, target.host == request.url.host, target.port == request.url.port else {
            throw SourceError(.redirect, source: source, request: request, status: response.status, message: "redirect to \(target.redactedString) refused: outside the source's origin")
        }
        var next = request
        next.url = target
        if response.status == 303 {
            next.method = "GET"
            next.body = nil
        }
        return next
    }

    private var isRenewable: Bool {
        if case .refreshToken = auth { return true }
        return false
    }

    private func authorize(_ request: HTTPRequest) async throws -> HTTPRequest {
        var signed = request
        switch auth {
        case .none:
            break
        case .bearer(let token):
            signed.headers["Authorization"] = "Bearer \(token)"
        case .basic(let user, let password):
            signed.headers["Authorization"] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        case .apiKey(let header, let value):
            signed.headers[header] = value
        case .apiKeyQuery(let parameter, let value):
            guard var components = URLComponents(url: signed.url, resolvingAgainstBaseURL: false) else { break }
            let field = "\(HTTPRequest.percentEncoded(parameter))=\(HTTPRequest.percentEncoded(value))"
            components.percentEncodedQuery = components.percentEncodedQuery.map { "\($0)&\(field)" } ?? field
            signed.url = components.url ?? signed.url
        case .refreshToken(let endpoint, let refreshToken, let field):
            if accessToken == nil { accessToken = try await fetchToken(endpoint, refreshToken, field, for: request) }
            signed.headers["Authorization"] = "Bearer \(accessToken!)"
        }
        return signed
    }

    private func fetchToken(_ endpoint: URL, _ refreshToken: String, _ field: String, for request: HTTPRequest) async throws -> String {
        let tokenRequest = HTTPRequest.form(endpoint, [("grant_type", "refresh_token"), ("refresh_token", refreshToken)])
        let response: HTTPResponse
        do {
            response = try await sendWithRetries(tokenRequest, signed: false, maxBytes: 1 << 20)
        } catch let error as SourceError {
            throw SourceError(.auth, source: source, request: tokenRequest, status: error.status, message: "token endpoint: \(error.message)")
        }
        defer { response.discardSpool() }
        guard response.status == 200 else {
            throw SourceError(.auth, source: source, request: tokenRequest, status: response.status, message: "token endpoint answered HTTP \(response.status)")
        }
        var value: Any? = try? JSONSerialization.jsonObject(with: response.bodyData())
        for key in field.split(separator: ".") { value = (value as? [String: Any])?[String(key)] }
        guard let token = value as? String, !token.isEmpty else {
            throw SourceError(.auth, source: source, request: tokenRequest, message: "token endpoint's answer has no '\(field)'")
        }
        return token
    }
}
