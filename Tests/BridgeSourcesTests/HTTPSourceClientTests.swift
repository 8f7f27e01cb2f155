import BridgeModel
import BridgeSources
import BridgeTestSupport
import Foundation
import Testing

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    typealias Answer = @Sendable (HTTPRequest) -> Result<HTTPResponse, TransportFailure>
    private let lock = NSLock()
    private var answers: [Answer]
    private var fallback: Answer
    private(set) var sent: [HTTPRequest] = []

    init(_ answers: [Answer], fallback: @escaping Answer = { _ in .success(HTTPResponse(status: 200)) }) {
        self.answers = answers
        self.fallback = fallback
    }

    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
        let answer: Answer = lock.withLock {
            sent.append(request)
            return answers.isEmpty ? fallback : answers.removeFirst()
        }
        return try answer(request).get()
    }

    static func status(_ code: Int, _ headers: [String: String] = [:], _ body: String = "") -> Answer {
        { _ in .success(HTTPResponse(status: code, headers: headers, body: Data(body.utf8))) }
    }

    static let reset: Answer = { _ in .failure(TransportFailure(.connection, "connection reset by peer")) }
}

struct HTTPSourceClientTests {
    static let url = URL(string: "http://127.0.0.1:8080/api/tasks?page=1")!

    static func client(
        _ transport: ScriptedTransport, auth: SourceAuth = .none, clock: ManualClock = ManualClock(),
        configure: (inout HTTPSourceClient<ManualClock>.Settings) -> Void = { _ in }
    ) -> HTTPSourceClient<ManualClock> {
        var settings = HTTPSourceClient<ManualClock>.Settings()
        configure(&settings)
        return HTTPSourceClient(
            source: "party", transport: transport, auth: auth, clock: clock,
            limiter: RateLimiter(clock: clock, requestsPerSecond: 0), settings: settings, seed: 7)
    }

    @Test func retriesServerErrorsAndHonoursRetryAfter() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([ScriptedTransport.status(503), ScriptedTransport.status(429, ["Retry-After": "7"]), ScriptedTransport.status(200, [:], "ok")])
        let client = Self.client(transport, clock: clock)
        let response = try await client.send(HTTPRequest(url: Self.url))
        #expect(response.body == Data("ok".utf8))
        #expect(transport.requests.count == 3)
        #expect(clock.slept.count == 2)
        #expect(clock.slept[1] == .seconds(7))
        #expect(await client.stats.retries == 2)
    }

    @Test func aRetryAfterBeyondTheLimitFailsAtOnce() async {
        let transport = ScriptedTransport([ScriptedTransport.status(429, ["Retry-After": "3600"])])
        let error = await #expect(throws: SourceError.self) { try await Self.client(transport).send(HTTPRequest(url: Self.url)) }
        #expect(error?.message.contains("Retry-After") == true)
        #expect(transport.requests.count == 1)
    }

    @Test func connectionErrorsAreRetriedThenReportedInOneLine() async {
        let transport = ScriptedTransport([], fallback: ScriptedTransport.reset)
        let client = Self.client(transport) { (settings: inout HTTPSourceClient<ManualClock>.Settings) in settings.retry.maxAttempts = 3 }
        let error = await #expect(throws: SourceError.self) { try await client.send(HTTPRequest(url: Self.url)) }
        #expect(transport.requests.count == 3)
        #expect(error?.code == .transport)
        #expect(error?.description == "source party: GET http://127.0.0.1:8080/api/tasks?page=1: connection: connection reset by peer after 3 attempts")
    }

    @Test func clientErrorsAreNotRetried() async {
        let transport = ScriptedTransport([ScriptedTransport.status(404, [:], "không tìm thấy\nchi tiết")])
        let error = await #expect(throws: SourceError.self) { try await Self.client(transport).send(HTTPRequest(url: Self.url)) }
        #expect(transport.requests.count == 1)
        #expect(error?.status == 404)
        #expect(error?.message == "HTTP 404: không tìm thấy chi tiết")
    }

    @Test func theCircuitOpensAfterRepeatedFailuresAndClosesAfterRecovery() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([ScriptedTransport.status(500), ScriptedTransport.status(500), ScriptedTransport.status(500), ScriptedTransport.status(500)])
        let client = Self.client(transport, clock: clock) { (settings: inout HTTPSourceClient<ManualClock>.Settings) in
            settings.retry.maxAttempts = 2
            settings.breakerThreshold = 2
            settings.breakerCooldown = .seconds(60)
        }
        for _ in 0..<2 { _ = try? await client.send(HTTPRequest(url: Self.url)) }
        #expect(await client.circuitState == "open")
        let sentBefore = transport.requests.count
        let refused = await #expect(throws: SourceError.self) { try await client.send(HTTPRequest(url: Self.url)) }
        #expect(refused?.code == .circuitOpen)
        #expect(transport.requests.count == sentBefore)  // not even sent
        clock.advance(by: .seconds(61))
        _ = try await client.send(HTTPRequest(url: Self.url))  // the trial succeeds (fallback 200)
        #expect(await client.circuitState == "closed")
    }

    @Test func aRefreshedTokenIsRenewedOnceOn401() async throws {
        let tokens = ScriptedTransport([
            ScriptedTransport.status(200, [:], #"{"data":{"access_token":"t1"}}"#), ScriptedTransport.status(401),
            ScriptedTransport.status(200, [:], #"{"data":{"access_token":"t2"}}"#), ScriptedTransport.status(200, [:], "ok"),
        ])
        let auth = SourceAuth.refreshToken(endpoint: URL(string: "http://127.0.0.1:8080/oauth/token")!, refreshToken: "r", field: "data.access_token")
        let client = Self.client(tokens, auth: auth)
        _ = try await client.send(HTTPRequest(url: Self.url))
        let sent = tokens.requests
        #expect(sent.count == 4)
        #expect(sent[0].url.path == "/oauth/token")
        #expect(String(decoding: sent[0].body ?? Data(), as: UTF8.self) == "grant_type=refresh_token&refresh_token=r")
        #expect(sent[1].headers["Authorization"] == "Bearer t1")
        #expect(sent[3].headers["Authorization"] == "Bearer t2")
    }

    @Test func theTokenRequestIsRetriedLikeEveryOther() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.status(500), ScriptedTransport.status(503),
            ScriptedTransport.status(200, [:], #"{"data":{"access_token":"t1"}}"#), ScriptedTransport.status(200, [:], "ok"),
        ])
        let auth = SourceAuth.refreshToken(endpoint: URL(string: "http://127.0.0.1:8080/oauth/token")!, refreshToken: "r", field: "data.access_token")
        let clock = ManualClock()
        let client = Self.client(transport, auth: auth, clock: clock)
        let response = try await client.send(HTTPRequest(url: Self.url))
        #expect(response.status == 200)
        #expect(transport.requests.map(\.url.path) == ["/oauth/token", "/oauth/token", "/oauth/token", Self.url.path])
        #expect(await client.stats.retries == 2 && clock.slept.count == 2)
    }

    @Test func aTokenEndpointThatKeepsFailingIsAnAuthErrorAfterItsRetries() async {
        let transport = ScriptedTransport(Array(repeating: ScriptedTransport.status(500), count: 10))
        let auth = SourceAuth.refreshToken(endpoint: URL(string: "http://127.0.0.1:8080/oauth/token")!, refreshToken: "r", field: "access_token")
        let client = Self.client(transport, auth: auth) { $0.retry.maxAttempts = 3 }
        let error = await #expect(throws: SourceError.self) { try await client.send(HTTPRequest(url: Self.url)) }
        #expect(error?.code == .auth)
        #expect(error?.message == "token endpoint: HTTP 500 after 3 attempts")
        #expect(transport.requests.count == 3)
    }

    @Test(arguments: [
        (SourceAuth.bearer(token: "abc"), "Authorization", "Bearer abc"),
        (SourceAuth.basic(user: "hub", password: "mật khẩu"), "Authorization", "Basic " + Data("hub:mật khẩu".utf8).base64EncodedString()),
        (SourceAuth.apiKey(header: "X-API-Key", value: "k1"), "X-API-Key", "k1"),
        (SourceAuth.apiKey(header: "Authorization", value: "Token k2"), "Authorization", "Token k2"),
    ])
    func staticCredentialsAreSentAsHeaders(auth: SourceAuth, header: String, value: String) async throws {
        let transport = ScriptedTransport([])
        _ = try await Self.client(transport, auth: auth).send(HTTPRequest(url: Self.url))
        #expect(transport.requests.first?.headers[header] == value)
    }

    @Test func anAPIKeyInTheQueryIsAddedToEveryRequestAndKeptOutOfErrors() async throws {
        let transport = ScriptedTransport([ScriptedTransport.status(404)])
        let client = Self.client(transport, auth: .apiKeyQuery(parameter: "api_key", value: "k&3+"))
        let error = await #expect(throws: SourceError.self) { try await client.send(HTTPRequest(url: Self.url)) }
        #expect(transport.requests.first?.url.absoluteString == "http://127.0.0.1:8080/api/tasks?page=1&api_key=k%263%2B")
        #expect(error.map { !"\($0)".contains("k%263") && !"\($0)".contains("k&3") } == true)
    }

    @Test func sameOriginRedirectsAreFollowed() async throws {
        let transport = ScriptedTransport([ScriptedTransport.status(302, ["Location": "/api/tasks?page=1&v=2"])])
        _ = try await Self.client(transport).send(HTTPRequest(url: Self.url))
        #expect(transport.requests.last?.url.absoluteString == "http://127.0.0.1:8080/api/tasks?page=1&v=2")
    }

    @Test(arguments: ["http://127.0.0.2:8080/x", "https://127.0.0.1:8080/x", "http://127.0.0.1:9090/x"])
    func redirectsOutsideTheOriginAreRefused(location: String) async {
        let transport = ScriptedTransport([ScriptedTransport.status(301, ["Location": location])])
        let error = await #expect(throws: SourceError.self) { try await Self.client(transport).send(HTTPRequest(url: Self.url)) }
        #expect(error?.code == .redirect)
        #expect(error?.message.contains("outside the source's origin") == true)
        #expect(transport.requests.count == 1)
    }

    @Test func aRedirectLoopIsCut() async {
        let transport = ScriptedTransport([], fallback: ScriptedTransport.status(302, ["Location": "/loop"]))
        let error = await #expect(throws: SourceError.self) { try await Self.client(transport).send(HTTPRequest(url: Self.url)) }
        #expect(error?.message.contains("redirects") == true)
        #expect(transport.requests.count == 6)
    }

    @Test func notModifiedIsAnAnswerAndCounted() async throws {
        let transport = ScriptedTransport([ScriptedTransport.status(304)])
        let client = Self.client(transport)
        #expect(try await client.send(HTTPRequest(url: Self.url)).status == 304)
        #expect(await client.stats.notModified == 1)
    }

    @Test func theRateLimitSpacesRequestsToOneHost() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock, requestsPerSecond: 4)
        for _ in 0..<5 { try await limiter.acquire(host: "a") }
        try await limiter.acquire(host: "b")
        #expect(clock.now.offset == .seconds(1))  // 4 waits of 250 ms for host a; b did not wait
    }

    @Test func aRealConnectionRefusedIsATransportFailure() async {
        let error = await #expect(throws: TransportFailure.self) {
            try await URLSessionTransport().send(HTTPRequest(url: URL(string: "http://127.0.0.1:1/")!), timeout: .seconds(5), maxBytes: 1000)
        }
        #expect(error?.kind == .connection)
    }
}

/// Query and form values arrive as they were sent.
struct PercentEncodingTests {
    @Test(arguments: [
        ("2026-03-10T08:00:00.000+07:00", "2026-03-10T08%3A00%3A00.000%2B07%3A00"),
        ("a b&c=d", "a%20b%26c%3Dd"), ("Hồ Chí Minh", "H%E1%BB%93%20Ch%C3%AD%20Minh"), ("x-y_z.~", "x-y_z.~"),
        ("000.00.00.H34,2026/03/03,107/UBND-VP", "000.00.00.H34%2C2026%2F03%2F03%2C107%2FUBND-VP"),
    ])
    func valuesArePercentEncoded(_ value: String, _ encoded: String) throws {
        let url = try #require(HTTPRequest.url(URL(string: "http://127.0.0.1:8080/api/tasks")!, query: [("since", value)]))
        #expect(url.absoluteString == "http://127.0.0.1:8080/api/tasks?since=\(encoded)")
        #expect(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first?.value == value)
    }
}
