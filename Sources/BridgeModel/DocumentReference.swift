/// The official document a task comes from (số / ký hiệu, issuing organ, promulgation date).
public struct DocumentReference: Hashable, Codable, Sendable {
    /// The edXML DocumentId or the source's document id.
    public var documentId: String?
    /// The issuing organ's id (OrganId) and name.
    public var issuerId: String?
    public var issuerName: String?
    /// The number and notation (`7816` and `VPCP-TTĐT`).
    public var number: String?
    public var notation: String?
    /// The promulgation date (ngày ban hành).
    public var promulgationDate: CalendarDay?
    /// The document type's name, e.g. "Công văn".
    public var documentType: String?

    public init() {}

    /// `number/notation` as people write it, e.g. `7816/VPCP-TTĐT`.
    public var code: String? {
        switch (number, notation) {
        case let (n?, t?): return "\(n)/\(t)"
        case let (n?, nil): return n
        case let (nil, t?): return t
        default: return nil
        }
    }

    /// True when no part is known.
    public var isEmpty: Bool { self == DocumentReference() }
}
