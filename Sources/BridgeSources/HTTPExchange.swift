import Foundation

/// One HTTP request as the bridge sends it to a source.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    /// Header names as written; lookups are case-insensitive.
    public var headers: [String: String]
    public var body: Data?

    public init(method: String = "GET", url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A form-encoded POST (`application/x-www-form-urlencoded`), as iOffice-style APIs expect.
    public static func form(_ url: URL, _ fields: [(String, String)], headers: [String: String] = [:]) -> HTTPRequest {
        let body = encoded(fields)
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return HTTPRequest(method: "POST", url: url, headers: all, body: Data(body.utf8))
    }
}

extension HTTPRequest {
    /// `name=value&…` with every character but letters, digits and `-._~` percent-encoded (RFC 3986 unreserved),
    /// so `+07:00`, `&` and `=` arrive as they were: a form decoder reads an unencoded `+` as a space.
    public static func encoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncoded($0))=\(percentEncoded($1))" }.joined(separator: "&")
    }

    /// One query or form value, percent-encoded as `encoded` does.
    public static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved: CharacterSet = {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    /// `url` with `fields` as its query (replacing any), each percent-encoded.
    public static func url(_ url: URL, query fields: [(String, String)]) -> URL? {
        guard !fields.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.percentEncodedQuery = encoded(fields)
        return components.url
    }
}

/// A source's answer.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    /// The body, when it is small enough to keep in memory.
    public var body: Data
    /// A large body spooled to this temporary file instead (`body` is then empty); the reader deletes it.
    public var bodyFile: String?

    public init(status: Int, headers: [String: String] = [:], body: Data = Data(), bodyFile: String? = nil) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
        self.bodyFile = bodyFile
    }

    /// A header by name, case-insensitively.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The whole body in memory (for small answers such as lists and tokens), reading a spooled body from disk.
    public func bodyData() throws -> Data {
        guard let bodyFile else { return body }
        return try Data(contentsOf: URL(fileURLWithPath: bodyFile))
    }

    /// Deletes a spooled body; call it once the answer has been used.
    public func discardSpool() {
        if let bodyFile { try? FileManager.default.removeItem(atPath: bodyFile) }
    }
}

/// Sends requests; the real one is `URLSessionTransport`, tests substitute their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; throws `TransportFailure` when no HTTP answer came back.
    func send(_ request: HTTPRequest, timeout: Duration, maxBytes: Int) async throws -> HTTPResponse
}

/// No HTTP answer: connection refused or reset, timeout, too large, redirect refused.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case connection, timeout, tooLarge = "too-large", redirect
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// Worth another attempt (a refused redirect or an oversized body will not get better).
    public var isRetryable: Bool { kind == .connection || kind == .timeout }
}
