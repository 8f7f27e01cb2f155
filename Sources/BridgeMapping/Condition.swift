import BridgeModel
import Foundation

/// A test on a record. A leaf tests a path: `exists`, `equals`, `in`, `matches` (a regular expression), or a
/// comparison `lt`, `le`, `gt`, `ge` (as numbers when both sides are numbers, else as text); `all`, `any` and `not`
/// combine tests. A list of conditions (`when: [ … ]`) must all hold.
indirect enum Condition: Sendable {
    enum Test: Sendable {
        case exists(Bool)
        case equals(String)
        case oneOf(Set<String>)
        case matches(TextFunctions.Pattern)
        case compare(Comparison, String)
    }

    enum Comparison: String, Sendable, CaseIterable {
        case lt, le, gt, ge
    }

    case test(SourcePath, Test)
    case all([Condition])
    case any([Condition])
    case not(Condition)

    func holds(in context: PathContext) -> Bool {
        switch self {
        case .all(let conditions): return conditions.allSatisfy { $0.holds(in: context) }
        case .any(let conditions): return conditions.contains { $0.holds(in: context) }
        case .not(let condition): return !condition.holds(in: context)
        case .test(let path, .exists(let expected)):
            return (path.isChain ? path.matchesAny(in: context) : !path.evaluate(in: context).isEmpty) == expected
        case .test(let path, let test):
            let text = path.isChain ? path.firstText(in: context) : path.evaluate(in: context).lazy.compactMap(\.text).first
            return text.map { Self.holds(test, TextFold.trimmed($0)) } ?? false
        }
    }

    private static func holds(_ test: Test, _ value: String) -> Bool {
        switch test {
        case .exists: return false
        case .equals(let expected): return value == expected
        case .oneOf(let set): return set.contains(value)
        case .matches(let pattern): return value.firstMatch(of: pattern.regex) != nil
        case .compare(let comparison, let bound):
            let order: ComparisonResult
            if let a = Decimal(string: value), let b = Decimal(string: bound), !value.isEmpty, value.allSatisfy({ $0.isNumber || "-.".contains($0) }) {
                order = a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            } else {
                order = value < bound ? .orderedAscending : (value > bound ? .orderedDescending : .orderedSame)
            }
            switch comparison {
            case .lt: return order == .orderedAscending
            case .le: return order != .orderedDescending
            case .gt: return order == .orderedDescending
            case .ge: return order != .orderedAscending
            }
        }
    }
}
