import BridgeModel
import Foundation

/// The JSON bodies of releases before `StoredBody` (the shape of the types' `Codable` conformances), read once by
/// the migration that rewrites them (`v12-stored-bodies`). Nothing else reads them: `StoredBody` refuses a JSON
/// body and names `kpibridge migrate`.
enum LegacyBody {
    static func patch(_ body: Data) throws -> TaskPatch {
        do { return try JSONDecoder().decode(TaskPatch.self, from: body) } catch { throw LedgerError("a patch in the JSON of an earlier release: \(Self.reason(error))") }
    }

    static func task(_ body: Data) throws -> UnifiedTask {
        do { return try JSONDecoder().decode(UnifiedTask.self, from: body) } catch { throw LedgerError("a task in the JSON of an earlier release: \(Self.reason(error))") }
    }

    /// A decoding error in one line: the field (`coordinators[0].namespace`), then what is wrong with it.
    static func reason(_ error: any Error) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().replacingOccurrences(of: "^\\.", with: "", options: .regularExpression)
        }
        func line(_ path: [any CodingKey], _ what: String) -> String {
            let name = field(path)
            return (name.isEmpty ? what : "\(name): \(what)").replacingOccurrences(of: "\n", with: " ")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return line(context.codingPath + [key], "missing")
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return line(context.codingPath, context.debugDescription)
        default: return "\(error)".replacingOccurrences(of: "\n", with: " ")
        }
    }
}
