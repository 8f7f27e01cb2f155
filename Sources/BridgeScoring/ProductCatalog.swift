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
    /// The coefficient of a product type the catalogue does not list.
    public var defaultCoefficient: Rational

    public init(products: [String: Product] = [:], defaultCoefficient: Rational = Rational(1)) {
        self.products = products
        self.defaultCoefficient = defaultCoefficient
    }

    /// The coefficient for a task's product type.
    public func coefficient(for productType: String?) -> Rational {
        productType.flatMap { products[$0]?.coefficient } ?? defaultCoefficient
    }
}
