import BridgeLedger
import Crypto
import Foundation

/// The web UI's sign-ins, in memory (a restart signs everyone out). A session keeps the token it was opened
/// with, so every request checks the token again and a revoked token ends its sessions at once; each session
/// has its own CSRF token that every form carries back.
actor WebSessions {
    struct Session: Sendable {
        let token: String
        let csrf: String
        let expires: Date
    }

    /// How long a session lasts without signing in again.
    static let lifetime: TimeInterval = 8 * 3600
    private var sessions: [String: Session] = [:]
    private let clock: ServiceClock

    init(clock: ServiceClock = .system) { self.clock = clock }

    /// Opens a session for `token`; returns its id (the cookie's value) and its CSRF token.
    func open(token: String) -> (id: String, csrf: String) {
        let now = clock.now()
        sessions = sessions.filter { $0.value.expires > now }
        let id = Self.random(), csrf = Self.random()
        sessions[id] = Session(token: token, csrf: csrf, expires: now.addingTimeInterval(Self.lifetime))
        return (id, csrf)
    }

    func session(_ id: String) -> Session? {
        let now = clock.now()
        guard let session = sessions[id], session.expires > now else { return nil }
        return session
    }

    func close(_ id: String) { sessions[id] = nil }

    /// 32 random bytes as URL-safe text.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        Data(SHA256.hash(data: Data(a.utf8))) == Data(SHA256.hash(data: Data(b.utf8)))
    }
}
