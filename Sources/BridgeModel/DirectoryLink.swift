/// An account an admin gave to an officer by hand (`kpibridge directory link`): the account appears in no directory
/// file, so the bridge cannot resolve it, but the admin knows whose it is. Kept beside the imported directory and
/// applied on top of every import, unless the import itself gives the account to someone.
public struct DirectoryLink: Sendable, Hashable {
    public let namespace: String
    public let account: String
    public let officer: String
    public let actor: String
    public let at: String
    public let reason: String

    public init(namespace: String, account: String, officer: String, actor: String, at: String, reason: String) {
        self.namespace = namespace
        self.account = account
        self.officer = officer
        self.actor = actor
        self.at = at
        self.reason = reason
    }

    /// `namespace:account` as people type it.
    public var identity: String { "\(namespace):\(account)" }
}

extension Directory {
    /// The officer who holds an account, if any.
    public func holder(namespace: String, account: String) -> String? {
        byAccount[Self.accountKey(namespace, account)]
    }

    /// This directory with each link's account added to its officer; a link whose account the directory already
    /// gives to someone, or whose officer it no longer lists, is not applied and is returned as set aside.
    public func applying(_ links: [DirectoryLink]) throws -> (directory: Directory, setAside: [DirectoryLink]) {
        guard !links.isEmpty else { return (self, []) }
        var officers = self.officers
        var setAside: [DirectoryLink] = []
        var claimed = Set<String>()
        for link in links {
            let key = Self.accountKey(link.namespace, link.account)
            guard holder(namespace: link.namespace, account: link.account) == nil, !claimed.contains(key), officers[link.officer] != nil else {
                setAside.append(link)
                continue
            }
            claimed.insert(key)
            officers[link.officer]!.accounts[link.namespace, default: []].append(link.account)
        }
        return (try Directory(officers.values.sorted { $0.id < $1.id }, agencies: agencies.values.sorted { $0.code < $1.code }), setAside)
    }
}
