import BridgeModel
import Foundation

/// The keys under which a task may meet the same work in another system (docs/reconciliation.md). Two tasks of
/// different sources with the same **exact** key are one unit of work; two that share only a **near** key are a
/// candidate for an admin. Computed from the task's own values alone, so they can be stored and looked up.
public struct MatchKeys: Hashable, Sendable {
    /// `x|agency|code|day`: the receiving agency, the exact document code and its promulgation date — all three
    /// known.
    public var exact: String?
    /// Near keys, each a reason for a candidate:
    /// - `c|agency|loose code`: same agency and number, the notation spelled differently or a date missing or
    ///   different;
    /// - `d|code|day`: the same document at another agency, or cited by a task under another organ code (a Party
    ///   or mass-organisation tool's own codes);
    /// - `t|agency|title|day`: same agency, title and promulgation date, another code or issuing organ.
    public var near: [String]

    public init(exact: String?, near: [String]) {
        self.exact = exact
        self.near = near
    }

    /// The keys of a task, from its document reference, agency and title.
    public static func of(_ task: UnifiedTask) -> MatchKeys {
        let document = task.document
        let agency = task.agency.map { TextFold.trimmed($0).uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
        let day = document.promulgationDate?.description
        var exact: String?
        var near: [String] = []
        let code = DocumentCode.exact(number: document.number, notation: document.notation)
        if let agency, let code {
            if let day { exact = "x|\(agency)|\(code)|\(day)" }
            near.append("c|\(agency)|\(DocumentCode.folded(code))")
        }
        if let code, let day { near.append("d|\(code)|\(day)") }
        if let agency, let day, let title = DocumentCode.title(task.title) { near.append("t|\(agency)|\(title)|\(day)") }
        return MatchKeys(exact: exact, near: near)
    }
}
