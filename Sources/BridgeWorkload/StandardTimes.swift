import BridgeModel
import BridgeScoring

/// The standard hours (định mức) one work product of a type takes, per product type and, where a unit sets its
/// own, per position; each from a day. The entry in force for a product is the latest from on or before the day
/// it was completed, a position's own before the general one — so a new entry changes what comes after its day,
/// never a period already counted.
public struct StandardTimes: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var productType: String
        public var position: String?
        public var hours: Rational
        public var from: CalendarDay

        public init(productType: String, position: String? = nil, hours: Rational, from: CalendarDay) {
            self.productType = productType
            self.position = position
            self.hours = hours
            self.from = from
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    /// The standard hours of one product of `productType` completed on `day` by the holder of `position`; nil
    /// when the catalogue has none (the product is listed as unpriced, never guessed).
    public func hours(_ productType: String, position: String?, on day: CalendarDay) -> Rational? {
        func latest(_ position: String?) -> Entry? {
            entries.filter { $0.productType == productType && $0.position == position && $0.from <= day }.max { $0.from < $1.from }
        }
        return (position.flatMap(latest) ?? latest(nil))?.hours
    }
}
