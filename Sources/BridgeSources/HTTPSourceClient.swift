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
    /// The wall clock, for a Retry-After given as an HTTP date.
    private let wallClock: @Sendable () -> Date
    public private(set) var stats = Stats()

    public init(
        source: String, transport: any HTTPTransport, auth: SourceAuth, clock: C, limiter: RateLimiter<C>,
        settings: Settings = Settings(), seed: UInt64 = UInt64.random(in: 0...UInt64.max), wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.wallClock = wallClock
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
    /// goes through here unsigned, so it is retried like every other request. What follows each attempt is
    /// `RequestAttempts`' decision.
    private func sendWithRetries(_ original: HTTPRequest, signed isSigned: Bool = true, maxBytes: Int? = nil) async throws -> HTTPResponse {
        var request = original
        var attempts = RequestAttempts(policy: settings.retry, maxRedirects: settings.maxRedirects, renewable: isSigned && isRenewable)
        while true {
            let signed = isSigned ? try await authorize(request) : request
            try await limiter.acquire(host: request.url.host ?? "")
            stats.requests += 1
            let outcome: RequestAttempts.Outcome
            var response: HTTPResponse?
            do {
                let answer = try await transport.send(signed, timeout: settings.timeout, maxBytes: maxBytes ?? settings.maxResponseBytes)
                response = answer
                outcome = .answer(
                    status: answer.status, location: answer.header("Location"),
                    retryAfter: RetryPolicy.retryAfter(answer.header("Retry-After"), nowSeconds: wallClock().timeIntervalSince1970),
                    excerpt: answer.status >= 400 ? Self.excerpt(answer) : "")
            } catch let failure as TransportFailure {
                outcome = .failure("\(failure)", retryable: failure.isRetryable)
            }
            let next = attempts.next(after: outcome, to: request.url)
            if let response, next != .accept { response.discardSpool() }
            switch next {
            case .accept:
                if response!.status == 304 { stats.notModified += 1 }
                return response!
            case .follow(let target, let asGet):
                request.url = target
                if asGet {
                    request.method = "GET"
                    request.body = nil
                }
            case .renew:
                accessToken = nil
            case .retry(let attempt, let retryAfter):
                stats.retries += 1
                let delay = settings.retry.delay(afterAttempt: attempt, retryAfter: retryAfter, random: &random)
                try await clock.sleep(until: clock.now.advanced(by: delay), tolerance: nil)
            case .fail(let code, let status, let message):
                throw SourceError(code, source: source, request: request, status: status, message: message)
            }
        }
    }

    /// The start of an error answer's body, on one line.
    private static func excerpt(_ response: HTTPResponse) -> String {
        String(decoding: response.body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
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
