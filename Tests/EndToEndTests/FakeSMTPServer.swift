import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A relay for tests: speaks enough SMTP for `SMTPClient` and keeps each message it takes; `down` makes it answer
/// every connection with 421 (service not available), as a relay that is down for maintenance does.
final class FakeSMTPServer: Sendable {
    private let state: NIOLockedValueBox<(messages: [String], down: Bool)>
    private let channel: any Channel

    var messages: [String] { state.withLockedValue { $0.messages } }
    var port: Int { channel.localAddress?.port ?? 0 }

    func setDown(_ down: Bool) { state.withLockedValue { $0.down = down } }

    init() async throws {
        let box = NIOLockedValueBox<(messages: [String], down: Bool)>(([], false))
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in channel.pipeline.addHandler(Session(state: box)) }
            .bind(host: "127.0.0.1", port: 0).get()
        state = box
    }

    func close() async throws { try await channel.close() }

    final class Session: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: NIOLockedValueBox<(messages: [String], down: Bool)>
        var pending = ""
        var inData = false
        var message: [String] = []

        init(state: NIOLockedValueBox<(messages: [String], down: Bool)>) { self.state = state }

        func channelActive(context: ChannelHandlerContext) {
            if state.withLockedValue({ $0.down }) {
                reply(context, "421 fake relay down")
                context.close(promise: nil)
            } else {
                reply(context, "220 fake relay")
            }
        }

        func reply(_ context: ChannelHandlerContext, _ line: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: line + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                if inData {
                    if line == "." {
                        inData = false
                        let text = message.joined(separator: "\r\n")
                        state.withLockedValue { $0.messages.append(text) }
                        message = []
                        reply(context, "250 queued")
                    } else {
                        message.append(line.hasPrefix("..") ? String(line.dropFirst()) : line)
                    }
                    continue
                }
                let verb = line.prefix(4).uppercased()
                switch verb {
                case "EHLO": reply(context, "250-fake relay\r\n250 8BITMIME")
                case "MAIL", "RCPT": reply(context, "250 ok")
                case "DATA":
                    inData = true
                    reply(context, "354 go ahead")
                case "QUIT":
                    reply(context, "221 bye")
                    context.close(promise: nil)
                default: reply(context, "502 not implemented")
                }
            }
        }
    }
}
