import Foundation

/// When to try a request again: exponential backoff with full jitter, honouring Retry-After.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts = 5
    /// The first backoff ceiling; it doubles with each attempt up to `maxDelay`.
    public var baseDelay = Duration.milliseconds(200)
    public var maxDelay = Duration.seconds(30)
    /// A Retry-After longer than this is not waited for: the attempt fails instead.
    public var maxRetryAfter = Duration.seconds(120)

    public init() {}

    /// True for answers that may succeed later: 429 and 5xx (but not 501, which will not).
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status) && status != 501
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when it gave one,
    /// else a random duration in `[0, min(maxDelay, baseDelay × 2^(attempt−1))]` (full jitter).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: inout some RandomNumberGenerator) -> Duration {
        if let retryAfter { return retryAfter }
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 30)))
        let nanos = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanos), using: &random))
    }

    /// Reads Retry-After: delta seconds, or an HTTP date relative to `now` (seconds since 1970).
    public static func retryAfter(_ header: String?, nowSeconds: Double) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Int(header), seconds >= 0 { return .seconds(seconds) }
        let formatter = HTTPDate.formatter
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(max(0, Int64((date.timeIntervalSince1970 - nowSeconds) * 1000)))
    }
}
