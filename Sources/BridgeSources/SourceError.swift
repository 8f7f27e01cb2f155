import Foundation

/// A source that could not be read: one line naming the source, the request and the reason.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public static let transport = Code(name: "transport")
        public static let http = Code(name: "http")
        public static let circuitOpen = Code(name: "circuit-open")
        public static let auth = Code(name: "auth")
        public static let redirect = Code(name: "redirect")
        /// An answer in a format the source's mapping cannot read (an HTML login or error page, XML for JSON).
        public static let contentType = Code(name: "content-type")
        public var description: String { name }
    }

    public let code: Code
    public let source: String
    /// `METHOD URL` of the request that failed.
    public let request: String
    public let status: Int?
    public let message: String

    public init(_ code: Code, source: String, request: HTTPRequest, status: Int? = nil, message: String) {
        self.code = code
        self.source = source
        self.request = "\(request.method) \(request.url.redactedString)"
        self.status = status
        self.message = message
    }

    public var description: String { "source \(source): \(request): \(message)" }
}
