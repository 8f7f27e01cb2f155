import BridgeMapping
import BridgeScoring
import Foundation

/// Loads the scoring policy and the product catalogue named in the configuration (`scoring:`, `catalog:`); a
/// bad value is an error naming file and line.
public enum ScoringConfiguration {
    /// The scorer from the configured files, with the decree's defaults for a file not named, and a line saying
    /// which are in use (printed in `score`'s header).
    public static func load(_ configuration: BridgeConfiguration) throws -> (scorer: Scorer, inUse: String) {
        let policy = try configuration.scoring.map { try loadPolicy(configuration.resolve($0), shownAs: $0) } ?? ScoringPolicy()
        let catalog = try configuration.catalog.map { try loadCatalog(configuration.resolve($0), shownAs: $0) } ?? ProductCatalog()
        let inUse = "scoring \(configuration.scoring ?? "built-in (the decree's defaults)"), catalogue \(configuration.catalog ?? "built-in (coefficient 1)")"
        return (Scorer(policy: policy, catalog: catalog), inUse)
    }

    static func decimal(_ node: YAMLNode, maxPlaces: Int = 6, range: ClosedRange<Int>? = nil) throws -> Rational {
        let text = try node.string()
        guard let value = Rational(decimal: text) else { throw node.error("'\(text)' is not a decimal number") }
        if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].count > maxPlaces {
            throw node.error("'\(text)' has more than \(maxPlaces) decimals")
        }
        if let range, value < Rational(range.lowerBound) || Rational(range.upperBound) < value {
            throw node.error("'\(text)' is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    public static func loadPolicy(_ path: String, shownAs name: String) throws -> ScoringPolicy {
        let top = try YAMLNode.load(try String(contentsOfFile: path, encoding: .utf8), file: name)
        _ = try top.entries(allowed: ["weights", "coordinatorShare", "provisionalGeneralPoints", "deductions", "levels", "excellentQuota", "maxima"])
        var policy = ScoringPolicy()
        if let m = try top.optional("maxima") {
            _ = try m.entries(allowed: ["taskPoints", "generalPoints"])
            if let v = try m.optional("taskPoints") { policy.taskPointsMax = try decimal(v, range: 1...1_000) }
            if let v = try m.optional("generalPoints") { policy.generalPointsMax = try decimal(v, range: 0...1_000) }
        }
        if let w = try top.optional("weights") {
            _ = try w.entries(allowed: ["quantity", "quality", "timeliness"])
            if let v = try w.optional("quantity") { policy.quantityWeight = try decimal(v, range: 0...100) }
            if let v = try w.optional("quality") { policy.qualityWeight = try decimal(v, range: 0...100) }
            if let v = try w.optional("timeliness") { policy.timelinessWeight = try decimal(v, range: 0...100) }
            if policy.quantityWeight + policy.qualityWeight + policy.timelinessWeight == .zero {
                throw w.error("at least one weight must be above 0")
            }
        }
        if let v = try top.optional("coordinatorShare") { policy.coordinatorShare = try decimal(v, range: 0...1) }
        if let v = try top.optional("provisionalGeneralPoints") {
            policy.provisionalGeneralPoints = try decimal(v, range: 0...1_000)
            if policy.generalPointsMax < policy.provisionalGeneralPoints {
                throw v.error("provisionalGeneralPoints is above the general points' maximum (\(policy.generalPointsMax.plain))")
            }
        }
        if let d = try top.optional("deductions") {
            _ = try d.entries(allowed: ["perErrorOrReturn", "perMissedDeadline"])
            if let v = try d.optional("perErrorOrReturn") { policy.qualityDeduction = try decimal(v, range: 0...1) }
            if let v = try d.optional("perMissedDeadline") { policy.timelinessDeduction = try decimal(v, range: 0...1) }
        }
        if let l = try top.optional("levels") {
            _ = try l.entries(allowed: ["excellent", "good", "completed"])
            if let v = try l.optional("excellent") { policy.excellentThreshold = try decimal(v, range: 0...100) }
            if let v = try l.optional("good") { policy.goodThreshold = try decimal(v, range: 0...100) }
            if let v = try l.optional("completed") { policy.completedThreshold = try decimal(v, range: 0...100) }
            if !(policy.completedThreshold < policy.goodThreshold && policy.goodThreshold < policy.excellentThreshold) {
                throw l.error("levels must rise: completed < good < excellent")
            }
        }
        if let v = try top.optional("excellentQuota") { policy.excellentQuota = try decimal(v, range: 0...1) }
        return policy
    }

    public static func loadCatalog(_ path: String, shownAs name: String) throws -> ProductCatalog {
        let top = try YAMLNode.load(try String(contentsOfFile: path, encoding: .utf8), file: name)
        _ = try top.entries(allowed: ["defaultCoefficient", "products", "positions"])
        var catalog = ProductCatalog()
        if let v = try top.optional("defaultCoefficient") { catalog.defaultCoefficient = try decimal(v, maxPlaces: 3, range: 0...100) }
        catalog.products = try products(try top.optional("products"))
        for (position, node) in try top.optional("positions")?.entries() ?? [] {
            catalog.positions[position] = try products(node)
        }
        return catalog
    }

    /// `type: { coefficient: 1.5, group: B }` entries.
    static func products(_ node: YAMLNode?) throws -> [String: ProductCatalog.Product] {
        var out: [String: ProductCatalog.Product] = [:]
        for (type, entry) in try node?.entries() ?? [] {
            _ = try entry.entries(allowed: ["coefficient", "group"])
            let group = try entry.optional("group")?.string()
            if let group, !["A", "B", "C", "D"].contains(group) { throw entry.error("group '\(group)' is not A, B, C or D") }
            out[type.precomposedStringWithCanonicalMapping] = .init(
                coefficient: try decimal(try entry.required("coefficient"), maxPlaces: 3, range: 0...100), group: group)
        }
        return out
    }
}
