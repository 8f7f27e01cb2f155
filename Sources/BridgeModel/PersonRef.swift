/// A person as a source names them: an account in one identity namespace, plus the name as written.
public struct PersonRef: Hashable, Comparable, Codable, Sendable {
    /// The identity namespace the id belongs to, e.g. `email`, `party-member`, `eoffice-staff`.
    public var namespace: String
    /// The account id in that namespace (emails are lower-cased by the mapping); nil when only a name is known.
    public var id: String?
    /// The name as the source wrote it, NFC-normalised.
    public var name: String?
    /// The directory officer this account or name resolves to; nil while unresolved (the raw values are kept).
    public var officer: String?

    public init(namespace: String, id: String?, name: String?, officer: String? = nil) {
        self.namespace = namespace
        self.id = id
        self.name = name
        self.officer = officer
    }

    /// Who the person is for scoring: the directory officer when resolved, else the raw account.
    public var officerKey: String { officer ?? identity }

    /// `namespace:id`, or the raw name when there is no id.
    public var identity: String {
        if let id { return "\(namespace):\(id)" }
        return "\(namespace):~\(name ?? "")"
    }

    public static func < (lhs: PersonRef, rhs: PersonRef) -> Bool {
        (lhs.identity, lhs.name ?? "") < (rhs.identity, rhs.name ?? "")
    }
}
