import BridgeModel

/// A job position (vị trí việc làm) of the province's catalogue: its code and name, its list (Decree 361/2025's
/// leadership, professional and support lists), its rank, the unit it belongs to (none: any unit) and the
/// product types it owns.
public struct Position: Sendable, Hashable, Codable {
    public enum List: String, Sendable, Hashable, Codable, CaseIterable {
        case leadership, professional, support
    }

    public var code: String
    public var name: String
    public var list: List
    public var rank: String?
    public var unit: String?
    public var products: [String]

    public init(code: String, name: String, list: List, rank: String? = nil, unit: String? = nil, products: [String] = []) {
        self.code = code
        self.name = name
        self.list = list
        self.rank = rank
        self.unit = unit
        self.products = products
    }
}

/// An officer holding a position from a day to a day (none: still holding it).
public struct PositionAssignment: Sendable, Hashable, Codable {
    public var officer: String
    public var position: String
    public var from: CalendarDay
    public var to: CalendarDay?

    public init(officer: String, position: String, from: CalendarDay, to: CalendarDay? = nil) {
        self.officer = officer
        self.position = position
        self.from = from
        self.to = to
    }

    /// True when the assignment covers `day`.
    public func covers(_ day: CalendarDay) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// A cap on a position's share of a unit's people (Decree 361/2025: senior specialists at most 40 % of a
/// department, for instance).
public struct PositionCap: Sendable, Hashable, Codable {
    public var position: String
    /// The largest share, 0…1.
    public var share: Double

    public init(position: String, share: Double) {
        self.position = position
        self.share = share
    }
}
