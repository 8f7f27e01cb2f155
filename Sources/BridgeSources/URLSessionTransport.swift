import BridgeModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport: URLSession (libcurl underneath on Linux). Redirects are not followed here — the client
/// decides, so a redirect out of the source's origin can be refused — bodies stop at `maxBytes`, bodies over
/// `spoolThreshold` go to a temporary file as they arrive (never whole in memory), and the whole exchange has one
/// deadline, so a source that trickles bytes cannot hold a sync forever. One session serves every request of a
/// transport, so connections to a source are kept open and reused between requests.
public final class URLSessionTransport: HTTPTransport {
    let spoolThreshold: Int
    private let router = ExchangeRouter()
    private let session: URLSession

    public init(spoolThreshold: Int = 1 << 20) {
        self.spoolThreshold = spoolThreshold
        // No cookies and no cache: a source's answers are the ledger's business, and libcurl's cookie and cache
        // handling cost CPU on every request.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: router, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.timeoutInterval = timeout.seconds
        let exchange = Exchange(maxBytes: maxBytes, spoolThreshold: spoolThreshold)
        let task = session.dataTask(with: urlRequest)
        router.register(exchange, for: task)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(task, deadline: timeout.seconds, continuation: continuation)
            }
        } onCancel: {
            exchange.cancel(TransportFailure(.connection, "cancelled"))
        }
    }
}

/// The session's delegate: hands each task's events to that task's exchange. `lock` guards `exchanges`.
private final class ExchangeRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [Int: Exchange] = [:]

    func register(_ exchange: Exchange, for task: URLSessionTask) {
        lock.withLock { exchanges[task.taskIdentifier] = exchange }
    }

    private func exchange(_ task: URLSessionTask, remove: Bool = false) -> Exchange? {
        lock.withLock { remove ? exchanges.removeValue(forKey: task.taskIdentifier) : exchanges[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // hand the 3xx to the client, which checks the origin
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(dataTask)?.take(response: response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        exchange(dataTask)?.take(data: data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task, remove: true)?.finish(error: error)
    }
}

/// One request's state, fed by the session's delegate queue; `lock` guards every stored property.
private final class Exchange: @unchecked Sendable {
    private let lock = NSLock()
    private let maxBytes: Int
    private let spoolThreshold: Int
    private var body = Data()
    private var received = 0
    private var spool: (path: String, handle: FileHandle)?
    private var response: HTTPURLResponse?
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var task: URLSessionDataTask?
    private var failure: TransportFailure?

    init(maxBytes: Int, spoolThreshold: Int) {
        self.maxBytes = maxBytes
        self.spoolThreshold = spoolThreshold
    }

    deinit {
        // A spool file that was never handed over (failed exchange) is removed here.
        if let spool, handedOver == false {
            try? spool.handle.close()
            try? FileManager.default.removeItem(atPath: spool.path)
        }
    }

    private var handedOver = false

    func start(_ task: URLSessionDataTask, deadline seconds: Double, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        lock.withLock {
            self.task = task
            self.continuation = continuation
        }
        task.resume()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
            self?.cancel(TransportFailure(.timeout, "no complete answer within \(Int(seconds)) s"))
        }
    }

    func cancel(_ reason: TransportFailure) {
        let task: URLSessionDataTask? = lock.withLock {
            if failure == nil, continuation != nil { failure = reason }
            return self.task
        }
        task?.cancel()
    }

    func take(response: URLResponse) {
        lock.withLock { self.response = response as? HTTPURLResponse }
    }

    func take(data: Data) {
        let problem: TransportFailure? = lock.withLock {
            received += data.count
            if received > maxBytes { return TransportFailure(.tooLarge, "answer larger than \(maxBytes) bytes") }
            do {
                if spool == nil, body.count + data.count > spoolThreshold {
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-body-\(UUID().uuidString)").path
                    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                        return TransportFailure(.connection, "cannot spool the answer to \(path)")
                    }
                    spool = (path, handle)
                    try handle.write(contentsOf: body)
                    body = Data()
                }
                if let spool { try spool.handle.write(contentsOf: data) } else { body.append(data) }
                return nil
            } catch {
                return TransportFailure(.connection, "cannot spool the answer: \(error.localizedDescription)")
            }
        }
        if let problem { cancel(problem) }
    }

    func finish(error: (any Error)?) {
        let (continuation, result): (CheckedContinuation<HTTPResponse, any Error>?, Result<HTTPResponse, any Error>) = lock.withLock {
            defer { self.continuation = nil }
            if let failure { return (self.continuation, .failure(failure)) }
            if let error {
                let nsError = error as NSError
                let kind: TransportFailure.Kind = nsError.code == NSURLErrorTimedOut ? .timeout : .connection
                return (self.continuation, .failure(TransportFailure(kind, nsError.localizedDescription)))
            }
            guard let response else {
                return (self.continuation, .failure(TransportFailure(.connection, "no HTTP answer")))
            }
            var headers: [String: String] = [:]
            for (key, value) in response.allHeaderFields {
                if let key = key as? String, let value = value as? String { headers[key] = value }
            }
            if let spool {
                try? spool.handle.close()
                handedOver = true
                return (self.continuation, .success(HTTPResponse(status: response.statusCode, headers: headers, bodyFile: spool.path)))
            }
            return (self.continuation, .success(HTTPResponse(status: response.statusCode, headers: headers, body: body)))
        }
        continuation?.resume(with: result)
    }
}
