import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An API error as RFC 9457 problem details (`application/problem+json`): a status, a title, and a one-line
/// detail that says what to do.
public struct Problem: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let detail: String

    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = ["type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return Response(
            status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
