import BridgeModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// A connection dropped on purpose (the `reset` and `truncate` faults).
struct SimulatedDisconnect: Error {}

extension SimulatorRoutes {
    static func faults(_ request: Request) -> Set<FaultPlan.Fault> {
        Set((request.headers[FaultMiddleware<BasicRequestContext>.header] ?? "").split(separator: ",").compactMap { FaultPlan.Fault(rawValue: String($0)) })
    }

    static func json(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// A form-encoded body as a dictionary.
    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        var out: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if let key = parts.first { out[key] = parts.count > 1 ? parts[1] : "" }
        }
        return out
    }

    func basicAuthorized(_ request: Request) -> Bool {
        let expected = "Basic " + Data("\(SimulatorState.hubUser):\(SimulatorState.hubPassword)".utf8).base64EncodedString()
        return request.headers[.authorization] == expected
    }

    func shuffle(_ items: [[String: Any]]) async -> [[String: Any]] {
        let order = await state.shuffled(Array(items.indices))
        return order.map { items[$0] }
    }

    /// Applies the `dup` and `reorder` faults to a page: the same records, served differently.
    func disturb(_ items: [[String: Any]], _ request: Request) async -> [[String: Any]] {
        let faults = Self.faults(request)
        var out = items
        if faults.contains(.dup), let first = out.first { out.append(first) }
        if faults.contains(.reorder) { out = await shuffle(out) }
        return out
    }

    /// The answer, with an ETag and 304 when asked, or cut short by the `reset` and `truncate` faults.
    func reply(
        _ bytes: [UInt8], request: Request, etag: Bool, status: HTTPResponse.Status = .ok, contentType: String = "application/json",
        extraHeaders: [(String, String)] = []
    ) async -> Response {
        if let hostile = Self.hostile(bytes, request: request, contentType: contentType) { return hostile }
        var headers: HTTPFields = [.contentType: contentType]
        for (name, value) in extraHeaders { headers[HTTPField.Name(name)!] = value }
        if etag {
            let tag = "\"\(String(Self.fnv1a(bytes), radix: 16))\""
            headers[.eTag] = tag
            if request.headers[.ifNoneMatch] == tag {
                await state.countNotModified()
                return Response(status: .notModified, headers: headers)
            }
        }
        let faults = Self.faults(request)
        if faults.contains(.reset) || faults.contains(.truncate) {
            let keep = faults.contains(.reset) ? 0 : bytes.count / 2
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: bytes.count) { writer in
                if keep > 0 { try await writer.write(ByteBuffer(bytes: bytes.prefix(keep))) }
                throw SimulatedDisconnect()
            })
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The hostile faults: answers that try to hold, flood or mislead the bridge.
    static func hostile(_ bytes: [UInt8], request: Request, contentType: String) -> Response? {
        let faults = Self.faults(request)
        if faults.contains(.html) {
            let page = "<!DOCTYPE html><html><head><title>Đăng nhập</title></head><body><form>Phiên đăng nhập đã hết hạn</form></body></html>"
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        if faults.contains(.loop) { return Response(status: .found, headers: [.location: request.uri.description]) }
        if faults.contains(.away) { return Response(status: .found, headers: [.location: "http://collector.example.invalid\(request.uri.description)"]) }
        if faults.contains(.trickle) {
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody { writer in
                for byte in bytes {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    try await Task.sleep(for: .milliseconds(200))
                }
                try await writer.finish(nil)
            })
        }
        if faults.contains(.endless) {
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: #"{"items":["#))
                let padding = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 << 10)
                while true { try await writer.write(padding) }
            })
        }
        return nil
    }

    /// A stable 64-bit hash (FNV-1a) for ETags.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
