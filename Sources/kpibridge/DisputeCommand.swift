import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeReconciliation
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge dispute list|show|accept|reject`: officers' disputes of their tasks (docs/reconciliation.md).
    struct DisputeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispute", abstract: "Officers' disputes of their tasks: list, show, and decide them (accept records the decisions they ask for).",
            subcommands: [List.self, Show.self, Accept.self, Reject.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every dispute, newest first.")
            @OptionGroup var common: CommonOptions
            @Option(help: "Only this officer's.") var officer: String?
            @Option(help: "open, accepted or rejected.") var state: String?
            @Option(help: "table or json.") var format: OutputFormat = .table

            func validate() throws {
                if let state, Dispute.State(rawValue: state) == nil { throw ValidationError("--state is open, accepted or rejected") }
                if format != .table && format != .json { throw ValidationError("--format is table or json") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let key = try officer.map { bridge.officerKey(for: $0, directory: try bridge.store.directory.current()) }
                    let disputes = try bridge.store.disputes.list(officer: key).filter { state == nil || $0.state.rawValue == state }
                    if format == .json { return Console.out(try TaskFormatter.json(disputes)) }
                    Console.out(TextTable.render(
                        header: ["id", "state", "officer", "kind", "value", "task", "raised"],
                        rows: disputes.map { [String($0.id), $0.state.rawValue, $0.officer, $0.kind.rawValue, $0.value ?? "", $0.task.rawValue, $0.raisedAt.description] })
                        + "\n\(disputes.count) dispute(s)")
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One dispute: the claim, the reason, the evidence, the decision, and what accepting it would do to scores.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "The dispute's number.") var id: Int64

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    guard let d = try bridge.store.disputes.dispute(id) else { throw AppError("no dispute \(id) (kpibridge dispute list)") }
                    var lines = [
                        "dispute \(d.id): \(d.state.rawValue)", "officer: \(d.officer)", "task: \(d.task.rawValue)\(d.agency.map { " (\($0))" } ?? "")",
                        "claim: \(ComputedConflicts.claim(d))", "reason: \(d.reason)", "raised: \(d.raisedAt)",
                    ]
                    if let document = d.document { lines.append("document: \(document)") }
                    if let evidence = d.evidence { lines.append("evidence: \(evidence.name), \(evidence.size) bytes, sha256 \(evidence.hash)") }
                    if let at = d.decidedAt {
                        lines.append("decided: \(at) by \(d.decidedBy ?? "?")\(d.decidedValue.map { ", value \($0)" } ?? ""): \(d.decisionReason ?? "")")
                    } else if !bridge.store.isReadOnly, let impact = try? bridge.decideDispute(id, accept: true, reason: "impact", actor: "impact", at: Timestamp(Date()), dryRun: true) {
                        lines.append("if accepted:")
                        lines += impact.lines.dropFirst().map { "  \($0)" }
                    }
                    Console.out(lines.joined(separator: "\n"))
                }
            }
        }

        struct DisputeDecision: ParsableArguments {
            @Argument(help: "The dispute's number.") var id: Int64
            @Option(help: "Why (required; kept with the decision and in the audit log).") var reason: String = ""
            @Flag(help: "Print what the decision would change (scores) and record nothing.") var dryRun = false

            func decide(_ common: CommonOptions, accept: Bool, value: String?) throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let outcome = try bridge.decideDispute(id, accept: accept, value: value, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()), dryRun: dryRun)
                    Console.out(outcome.lines.joined(separator: "\n"))
                }
            }
        }

        struct Accept: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Accept a dispute: the decisions it asks for are recorded and the scores move.")
            @OptionGroup var common: CommonOptions
            @OptionGroup var decision: DisputeDecision
            @Option(help: "For a not-mine dispute: the directory officer whose task it is.") var officer: String?
            func run() throws { try decision.decide(common, accept: true, value: officer) }
        }

        struct Reject: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Reject a dispute: nothing changes; the officer sees the reason.")
            @OptionGroup var common: CommonOptions
            @OptionGroup var decision: DisputeDecision
            func run() throws { try decision.decide(common, accept: false, value: nil) }
        }
    }
}
