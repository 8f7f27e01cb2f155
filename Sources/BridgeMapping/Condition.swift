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
        let value = path.evaluate(in: context).lazy.compactMap { $0.text?.trimmingCharacters(in: .whitespacesAndNewlines) }.first
        switch test {
        case .exists(let expected): return (!path.evaluate(in: context).isEmpty) == expected
        case .equals(let expected): return value == expected
        case .oneOf(let set): return value.map(set.contains) ?? false
        }
    }
}
