import BridgeModel
import Crypto
import Foundation

/// What is sent for one notification (docs/operations.md, "Notifications"): the e-mail and the webhook's JSON,
/// each carrying the event's id, so a receiver that sees one twice (after a crash between sending and recording
/// it) knows it is the same event.
public struct Outgoing: Sendable, Hashable {
    public let event: String
    public let recipient: String
    public let recipientName: String?
    public let kind: String
    public let task: String?
    public let subject: String
    public let body: String
    public let createdAt: Timestamp

    public init(event: String, recipient: String, recipientName: String?, kind: String, task: String?, subject: String, body: String, createdAt: Timestamp) {
        self.event = event
        self.recipient = recipient
        self.recipientName = recipientName
        self.kind = kind
        self.task = task
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
    }

    /// The event's id as a Message-ID (the same for every attempt).
    public var messageID: String {
        "<" + SHA256.hash(data: Data(event.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined() + "@kpibridge>"
    }

    /// The e-mail: headers (the subject encoded as RFC 2047 UTF-8 base64) and a plain-text UTF-8 body.
    public func email(from: String, to: String) -> String {
        let subject = "=?UTF-8?B?" + Data(self.subject.utf8).base64EncodedString() + "?="
        return [
            "From: KPIBridge <\(from)>", "To: \(to)", "Subject: \(subject)", "Message-ID: \(messageID)", "X-KPIBridge-Event: \(event)",
            "Date: \(Self.rfc5322(createdAt))", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]),
        ].joined(separator: "\r\n")
    }

    struct WebhookJSON: Encodable {
        let event, recipient, kind, subject, body, createdAt: String
        let recipientName, task: String?
    }

    /// The webhook's body: the notification as JSON.
    public func webhookBody() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(WebhookJSON(
            event: event, recipient: recipient, kind: kind, subject: subject, body: body, createdAt: createdAt.description, recipientName: recipientName,
            task: task))
    }

    /// `sha256=` and the HMAC-SHA256 of `timestamp.body` under `secret`: what a receiver checks.
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    static func rfc5322(_ time: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date(timeIntervalSince1970: Double(time.millis) / 1000))
    }
}
