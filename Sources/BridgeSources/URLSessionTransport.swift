import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport: URLSession (libcurl underneath on Linux). Redirects are not followed here — the client
/// decides, so a redirect out of the source's origin can be refused — bodies stop at `maxBytes`, and the whole
/// exchange has one deadline, so a source that trickles bytes cannot hold a sync forever.
public final class URLSessionTransport: HTTPTransport {
    public init() {}

    public func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        urlRequest.timeoutInterval = seconds
        let exchange = Exchange(maxBytes: maxBytes)
        let session = URLSession(configuration: .ephemeral, delegate: exchange, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(session.dataTask(with: urlRequest), deadline: seconds, continuation: continuation)
            }
        } onCancel: {
            exchange.cancel(TransportFailure(.connection, "cancelled"))
        }
    }
}

/// One request's state, shared with URLSession's delegate queue; `lock` guards every stored property.
private final class Exchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let maxBytes: Int
    private var body = Data()
    private var response: HTTPURLResponse?
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var task: URLSessionDataTask?
    private var failure: TransportFailure?

    init(maxBytes: Int) { self.maxBytes = maxBytes }

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
        lock.withLock { self.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooLarge: Bool = lock.withLock {
            body.append(data)
            return body.count > maxBytes
        }
        if tooLarge { cancel(TransportFailure(.tooLarge, "answer larger than \(maxBytes) bytes")) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
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
            return (self.continuation, .success(HTTPResponse(status: response.statusCode, headers: headers, body: body)))
        }
        continuation?.resume(with: result)
    }
}
