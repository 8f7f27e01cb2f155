import BridgeApp
import BridgeLedger
import BridgeModel
import Hummingbird
import NIOCore

/// The request context of `serve`'s routes: who the presented token is for, once `TokenAuthenticator` has
/// checked it.
public struct APIContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The grant of the token this request presented; nil before authentication (and on public routes).
    public var grant: TokenStore.Grant?
    /// The connected client's address, for throttling failed tokens per client.
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client a failed token is counted against: its IP address (the port changes with every connection).
    var client: String { remoteAddress?.ipAddress ?? "unknown" }

    /// The grant, for routes behind the authenticator.
    func requireGrant() throws -> TokenStore.Grant {
        guard let grant else { throw Problem(.unauthorized, "a token is needed: Authorization: Bearer <token> (kpibridge token create)") }
        return grant
    }

    /// Refuses a token below `role`.
    func require(_ role: TokenStore.Role) throws -> TokenStore.Grant {
        let grant = try requireGrant()
        guard grant.role >= role else { throw Problem(.forbidden, "this needs the \(role.rawValue) role; token '\(grant.name)' is a \(grant.role.rawValue)") }
        return grant
    }
}

extension TokenStore.Grant {
    /// True when the token may see `agency` (a token without agencies sees every agency; work without an agency
    /// only such a token sees).
    func sees(_ agency: String?) -> Bool {
        agencies.isEmpty || agency.map(agencies.contains) == true
    }
}

extension TokenStore.Grant {
    /// True when the token may see every agency of `touched` (docs/operations.md, "Agency scope").
    func seesAll(_ touched: Set<String?>) -> Bool { touched.allSatisfy(sees) }

    /// True when the token may see — and, with the role, decide — `conflict`: every task and officer it touches
    /// is in the token's agencies. The one rule the API and the web apply to conflicts.
    func sees(_ conflict: Conflict, in bridge: Bridge) throws -> Bool {
        if agencies.isEmpty { return true }
        return try seesAll(bridge.agencies(touchedBy: conflict))
    }

    /// True when the token may see `decision`: every task and officer it touches is in the token's agencies.
    func sees(_ decision: ReconcileDecision, in bridge: Bridge) throws -> Bool {
        if agencies.isEmpty { return true }
        return try seesAll(bridge.agencies(touchedBy: decision))
    }
}
