import BridgeSources
import Foundation
import Testing

/// A request's attempts as a value: every status, every transport failure, redirects, the token renewal and the
/// limits, each decided without a server.
struct RequestAttemptsTests {
    static let url = URL(string: "https://eoffice.example.vn/api/tasks?page=2")!

    static func fresh(renewable: Bool = false, maxAttempts: Int = 5) -> RequestAttempts {
        var policy = RetryPolicy()
        policy.maxAttempts = maxAttempts
        return RequestAttempts(policy: policy, maxRedirects: 5, renewable: renewable)
    }

    /// Every status a server can send, from a first attempt: one decision each, by its class.
    @Test(arguments: 100..<600)
    func everyStatusHasOneDecision(status: Int) {
        for renewable in [false, true] {
            var attempts = Self.fresh(renewable: renewable)
            let next = attempts.next(after: .answer(status: status, location: "/api/tasks?page=3", excerpt: "không có quyền"), to: Self.url)
            switch status {
            case 200..<300, 304:
                #expect(next == .accept)
            case 301, 302, 303, 307, 308:
                #expect(next == .follow(URL(string: "https://eoffice.example.vn/api/tasks?page=3")!, asGet: status == 303))
            case 401 where renewable:
                #expect(next == .renew)
            case 429, 500, 502...599:
                #expect(next == .retry(attempt: 1, retryAfter: nil))
            default:
                #expect(next == .fail(.http, status: status, "HTTP \(status): không có quyền"), "status \(status)")
            }
        }
    }

    @Test func retryableAnswersAreTriedUpToTheLimitWithTheAttemptForTheBackoff() {
        var attempts = Self.fresh(maxAttempts: 5)
        for attempt in 1...4 { #expect(attempts.next(after: .answer(status: 503), to: Self.url) == .retry(attempt: attempt, retryAfter: nil)) }
        #expect(attempts.next(after: .answer(status: 503), to: Self.url) == .fail(.http, status: 503, "HTTP 503 after 5 attempts"))
        var once = Self.fresh(maxAttempts: 1)
        #expect(once.next(after: .answer(status: 429), to: Self.url) == .fail(.http, status: 429, "HTTP 429 after 1 attempts"))
    }

    @Test func theServersRetryAfterIsWaitedUnlessItIsLongerThanThePolicyAllows() {
        var attempts = Self.fresh()
        #expect(attempts.next(after: .answer(status: 429, retryAfter: .seconds(120)), to: Self.url) == .retry(attempt: 1, retryAfter: .seconds(120)))
        #expect(attempts.next(after: .answer(status: 429, retryAfter: .seconds(121)), to: Self.url)
            == .fail(.http, status: 429, "HTTP 429, Retry-After 121.0 seconds is longer than 120.0 seconds"))
    }

    @Test func transportFailuresAreRetriedOnlyWhenTheTransportSaysTheyMaySucceed() {
        var refused = Self.fresh()
        #expect(refused.next(after: .failure("connection refused", retryable: true), to: Self.url) == .retry(attempt: 1, retryAfter: nil))
        var tooLarge = Self.fresh()
        #expect(tooLarge.next(after: .failure("answer larger than 64 MiB", retryable: false), to: Self.url)
            == .fail(.transport, status: nil, "answer larger than 64 MiB"))
        var timeouts = Self.fresh(maxAttempts: 3)
        _ = timeouts.next(after: .failure("timed out", retryable: true), to: Self.url)
        _ = timeouts.next(after: .failure("timed out", retryable: true), to: Self.url)
        #expect(timeouts.next(after: .failure("timed out", retryable: true), to: Self.url) == .fail(.transport, status: nil, "timed out after 3 attempts"))
    }

    @Test func redirectsStayInTheOriginAndEndAtTheLimit() {
        let here = { (location: String?) -> RequestAttempts.Next in
            var attempts = Self.fresh()
            return attempts.next(after: .answer(status: 302, location: location), to: Self.url)
        }
        #expect(here("https://eoffice.example.vn/other") == .follow(URL(string: "https://eoffice.example.vn/other")!, asGet: false))
        #expect(here("next?page=3") == .follow(URL(string: "https://eoffice.example.vn/api/next?page=3")!, asGet: false))
        #expect(here(nil) == .fail(.redirect, status: 302, "redirect without a usable Location"))
        for outside in ["https://evil.example.com/x", "http://eoffice.example.vn/x", "https://eoffice.example.vn:8443/x"] {
            #expect(here(outside) == .fail(.redirect, status: 302, "redirect to \(outside) refused: outside the source's origin"))
        }
        var loop = Self.fresh()
        for _ in 1...5 { #expect(loop.next(after: .answer(status: 307, location: "/a"), to: Self.url) != .fail(.redirect, status: 307, "more than 5 redirects (loop?)")) }
        #expect(loop.next(after: .answer(status: 307, location: "/a"), to: Self.url) == .fail(.redirect, status: 307, "more than 5 redirects (loop?)"))
    }

    @Test func theTokenIsRenewedOnceAndARenewalOrRedirectIsNoFailedAttempt() {
        var attempts = Self.fresh(renewable: true, maxAttempts: 2)
        #expect(attempts.next(after: .answer(status: 302, location: "/b"), to: Self.url) == .follow(URL(string: "https://eoffice.example.vn/b")!, asGet: false))
        #expect(attempts.next(after: .answer(status: 401), to: Self.url) == .renew)
        #expect(attempts.next(after: .answer(status: 502), to: Self.url) == .retry(attempt: 1, retryAfter: nil))
        #expect(attempts.next(after: .answer(status: 401, excerpt: "token revoked"), to: Self.url) == .fail(.http, status: 401, "HTTP 401: token revoked"))
        #expect(attempts.attempt == 2 && attempts.redirects == 1 && attempts.renewed)
    }
}
