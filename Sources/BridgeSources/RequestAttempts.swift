import Foundation

/// One request's attempts as a value (as `CircuitBreaker` is the breaker's): told how each attempt ended, it
/// says what to do next — accept the answer, follow a redirect, renew the token and send again, wait and send
/// again, or fail with the reason. Redirects and one token renewal are not failed attempts; transport failures
/// and retryable statuses (429, 5xx but 501) are, up to the policy's `maxAttempts`.
public struct RequestAttempts: Sendable, Equatable {
    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        /// The server answered. `location` and `retryAfter` are its headers (Retry-After already read as a wait);
        /// `excerpt` is the start of the body, for the error of an answer that is not retried.
        case answer(status: Int, location: String? = nil, retryAfter: Duration? = nil, excerpt: String = "")
        /// No answer: connection refused or reset, timeout, too large. `retryable` is the transport's verdict.
        case failure(String, retryable: Bool)
    }

    /// What to do next.
    public enum Next: Sendable, Equatable {
        /// The answer is the request's (2xx, 304).
        case accept
        /// Send again to `url` (same origin); a 303 turns the request into a GET without a body.
        case follow(URL, asGet: Bool)
        /// Forget the access token and send again with a new one (once per request).
        case renew
        /// Wait `retryAfter` (the server's) or the policy's backoff after attempt `attempt`, then send again.
        case retry(attempt: Int, retryAfter: Duration?)
        /// Give up: the error's code, the status when there was an answer, and the message.
        case fail(SourceError.Code, status: Int?, String)
    }

    public let policy: RetryPolicy
    public let maxRedirects: Int
    /// Whether a 401 may renew the token (a signed request with a refresh token).
    public let renewable: Bool
    /// Attempts counted so far (redirects and the renewal not included), the current one included.
    public private(set) var attempt = 1
    public private(set) var redirects = 0
    public private(set) var renewed = false

    public init(policy: RetryPolicy, maxRedirects: Int, renewable: Bool) {
        self.policy = policy
        self.maxRedirects = maxRedirects
        self.renewable = renewable
    }

    /// What to do after the attempt to `url` ended with `outcome`.
    public mutating func next(after outcome: Outcome, to url: URL) -> Next {
        switch outcome {
        case .failure(let reason, let retryable):
            guard retryable, attempt < policy.maxAttempts else {
                return .fail(.transport, status: nil, reason + (attempt > 1 ? " after \(attempt) attempts" : ""))
            }
            return retry(retryAfter: nil)
        case .answer(let status, _, _, _) where (200..<300).contains(status) || status == 304:
            return .accept
        case .answer(let status, let location, _, _) where [301, 302, 303, 307, 308].contains(status):
            redirects += 1
            guard redirects <= maxRedirects else { return .fail(.redirect, status: status, "more than \(maxRedirects) redirects (loop?)") }
            guard let location, let target = URL(string: location, relativeTo: url)?.absoluteURL else {
                return .fail(.redirect, status: status, "redirect without a usable Location")
            }
            guard target.scheme == url.scheme, target.host == url.host, target.port == url.port else {
                return .fail(.redirect, status: status, "redirect to \(target.redactedString) refused: outside the source's origin")
            }
            return .follow(target, asGet: status == 303)
        case .answer(401, _, _, _) where renewable && !renewed:
            renewed = true
            return .renew
        case .answer(let status, _, let retryAfter, _) where RetryPolicy.isRetryable(status: status):
            if let retryAfter, retryAfter > policy.maxRetryAfter {
                return .fail(.http, status: status, "HTTP \(status), Retry-After \(retryAfter) is longer than \(policy.maxRetryAfter)")
            }
            guard attempt < policy.maxAttempts else { return .fail(.http, status: status, "HTTP \(status) after \(attempt) attempts") }
            return retry(retryAfter: retryAfter)
        case .answer(let status, _, _, let excerpt):
            return .fail(.http, status: status, "HTTP \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)"))
        }
    }

    private mutating func retry(retryAfter: Duration?) -> Next {
        defer { attempt += 1 }
        return .retry(attempt: attempt, retryAfter: retryAfter)
    }
}
