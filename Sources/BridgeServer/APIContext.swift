import BridgeLedger
import Hummingbird

/// The request context of `serve`'s routes: who the presented token is for, once `TokenAuthenticator` has
/// checked it.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The grant of the token this request presented; nil before authentication (and on public routes).
    public var grant: TokenStore.Grant?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

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
