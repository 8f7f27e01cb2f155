/// The unit's product catalogue: product type → coefficient (at most 3 decimals) and group A/B/C/D.
public struct ProductCatalog: Sendable, Hashable {
    /// One product type.
    public struct Product: Sendable, Hashable {
        public var coefficient: Rational
        public var group: String?

        public init(coefficient: Rational, group: String? = nil) {
            self.coefficient = coefficient
            self.group = group
        }
    }

    public var products: [String: Product]
    /// Coefficients a job position sets differently (position → product type → product).
    public var positions: [String: [String: Product]]
    /// The coefficient of a product type the catalogue does not list.
    public var defaultCoefficient: Rational

    public init(products: [String: Product] = [:], positions: [String: [String: Product]] = [:], defaultCoefficient: Rational = Rational(1)) {
        self.products = products
        self.positions = positions
        self.defaultCoefficient = defaultCoefficient
    }

    /// The coefficient for a task's product type, for an officer in `position` when the catalogue sets one for it.
    public func coefficient(for productType: String?, position: String? = nil) -> Rational {
        guard let productType else { return defaultCoefficient }
        if let position, let special = positions[position]?[productType] { return special.coefficient }
        return products[productType]?.coefficient ?? defaultCoefficient
    }
}
