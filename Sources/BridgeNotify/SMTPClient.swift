import Foundation
import NIOCore
import NIOPosix

/// A plain SMTP client for a province's relay (RFC 5321: EHLO, MAIL FROM, RCPT TO, DATA, QUIT), on SwiftNIO. No
/// TLS or authentication: it speaks to a relay inside the province's network, as its mail servers take relayed mail.
/// Every step has a deadline; any reply other than the one expected is an error naming the step and the reply.
public struct SMTPClient: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public let host: String
    public let port: Int
    /// The name this client gives in EHLO.
    public let helo: String
    public let timeout: Duration

    public init(host: String, port: Int, helo: String = "kpibridge", timeout: Duration = .seconds(20)) {
        self.host = host
        self.port = port
        self.helo = helo
        self.timeout = timeout
    }

    /// Sends `message` (headers and body, lines ending in CRLF or LF) from `from` to `to`.
    public func send(from: String, to: String, message: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.converse(from: from, to: to, message: message) }
            group.addTask {
                try await Task.sleep(for: self.timeout)
                throw Failure(message: "SMTP \(self.host):\(self.port): no answer within \(self.timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func converse(from: String, to: String, message: String) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
                }
        } catch {
            throw Failure(message: "SMTP \(host):\(port): cannot connect (\(error))")
        }
        try await channel.executeThenClose { inbound, outbound in
            var replies = Replies(inbound.makeAsyncIterator())
            func step(_ command: String?, expect codes: Set<Int>, _ name: String) async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (code, text) = try await replies.next()
                guard codes.contains(code) else { throw Failure(message: "SMTP \(name): \(code) \(text)") }
            }
            try await step(nil, expect: [220], "greeting")
            try await step("EHLO \(helo)", expect: [250], "EHLO")
            try await step("MAIL FROM:<\(from)>", expect: [250], "MAIL FROM")
            try await step("RCPT TO:<\(to)>", expect: [250, 251], "RCPT TO")
            try await step("DATA", expect: [354], "DATA")
            try await step(Self.dotStuffed(message) + "\r\n.", expect: [250], "message")
            try? await step("QUIT", expect: [221], "QUIT")
        }
    }

    /// `message` with CRLF line ends and every line that starts with a dot given another (RFC 5321, 4.5.2).
    static func dotStuffed(_ message: String) -> String {
        message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }

    /// The server's replies, a multi-line reply (`250-…` lines, then `250 …`) read as one.
    struct Replies {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func next() async throws -> (Int, String) {
            var text: [String] = []
            while true {
                while let end = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(message: "SMTP: unreadable reply '\(line.prefix(80))'") }
                    text.append(String(line.dropFirst(4)))
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
                }
                guard var buffer = try await iterator.next() else { throw Failure(message: "SMTP: the server closed the connection") }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }
    }
}
