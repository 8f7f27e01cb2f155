import BridgeLedger
import BridgeModel
import Foundation

/// Officers in the loop (docs/operations.md, "Officers"): a token bound to one directory officer.
extension Bridge {
    /// Makes a token; an `officer` token names a directory officer (an id, an e-mail or `namespace:account`) and
    /// is limited to that officer's agency.
    public func createToken(name: String, role: TokenStore.Role, agencies: [String], officer: String?, actor: String, at time: Timestamp) throws -> String {
        guard role == .officer, let officer else {
            return try store.tokens.create(name: name, role: role, agencies: agencies, officer: officer, actor: actor, at: time)
        }
        let directory = try store.directory.current()
        guard let person = directory.officers[Self.officerKey(for: officer, directory: directory)] else {
            throw AppError("officer '\(officer)' is not in the directory (kpibridge directory import)")
        }
        guard agencies.isEmpty || agencies == [person.agency].compactMap({ $0 }) else {
            throw AppError("an officer token sees the officer's own agency only: leave --agency out")
        }
        return try store.tokens.create(name: name, role: role, agencies: [person.agency].compactMap { $0 }, officer: person.id, actor: actor, at: time)
    }
}
