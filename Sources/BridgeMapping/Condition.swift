import Foundation

/// A test on a record: `{path: P, exists: true}`, `{path: P, equals: V}` or `{path: P, in: [V…]}`.
struct Condition: Sendable {
    enum Test: Sendable {
        case exists(Bool)
        case equals(String)
        case oneOf(Set<String>)
    }

    let path: SourcePath
    let test: Test

    func holds(in context: PathContext) -> Bool {
        let matches = path.evaluate(in: context)
        if case .exists(let expected) = test { return !matches.isEmpty == expected }
        let value = matches.lazy.compactMap { $0.text.map(ValueExpression.trimmed) }.first
        switch test {
        case .exists: return false
        case .equals(let expected): return value == expected
        case .oneOf(let set): return value.map(set.contains) ?? false
        }
    }
}
