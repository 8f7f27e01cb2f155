import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge reconcile …`: the queue of work that several systems track, and the admins' decisions.
    struct ReconcileCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reconcile", abstract: "Work that several systems track: the conflicts queue and the admins' decisions.",
            subcommands: [List.self, Show.self, Link.self, Unlink.self, Accept.self, Reject.self, Choose.self, Override.self, Decisions.self])

        /// `kpibridge reconcile list [--kind K] [--state S] [--agency A]`
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The conflicts queue.")

            @OptionGroup var common: CommonOptions

            @Option(help: "candidate, disagreement, override or person.")
            var kind: String?

            @Option(help: "open, resolved or reopened (default: every state).")
            var state: String?

            @Option(help: "Only conflicts of this agency.")
            var agency: String?

            @Option(help: "Only conflicts about tasks of this unit (phòng).")
            var unit: String?

            @Option(help: "table or json.")
            var format: OutputFormat = .table

            func validate() throws {
                if let kind, Conflict.Kind(rawValue: kind) == nil {
                    throw ValidationError("--kind is one of \(Conflict.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if let state, Conflict.State(rawValue: state) == nil {
                    throw ValidationError("--state is one of \(Conflict.State.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if format != .table && format != .json { throw ValidationError("--format is table or json") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    var conflicts = try bridge.conflicts(.init(kind: kind.flatMap(Conflict.Kind.init), state: state.flatMap(Conflict.State.init), agency: agency))
                    if let unit {
                        let inUnit = Set(try bridge.store.tasks.list(TaskFilter()).filter { $0.unit == unit }.map(\.key))
                        conflicts = conflicts.filter { c in c.sides.contains { inUnit.contains($0.task) } }
                    }
                    Console.out(format == .json ? try ConflictFormatter.json(conflicts) : ConflictFormatter.table(conflicts))
                }
            }
        }

        /// `kpibridge reconcile show ID`
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One conflict: its evidence, its decision and its KPI impact.")

            @OptionGroup var common: CommonOptions

            @Argument(help: "The conflict id (reconcile list).")
            var id: String

            func run() throws {
                // The impact is worked out by dry runs, which need a writable ledger (nothing is kept).
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let conflict = try bridge.conflict(id)
                    let decision = try conflict.decision.flatMap { n in try bridge.store.reconcile.decisions().first { $0.sequence == n } }
                    let impacts = try bridge.impacts(of: conflict, at: Timestamp(Date()))
                    Console.out(ConflictFormatter.detail(conflict, decision: decision, impacts: impacts))
                }
            }
        }

        /// Flags every decision takes.
        struct DecisionOptions: ParsableArguments {
            @Option(help: "Why (required; kept with the decision and in the audit log).")
            var reason: String = ""

            @Flag(help: "Print what the decision would change (tasks, scores) and record nothing.")
            var dryRun = false

            func decide(_ common: CommonOptions, _ request: ReconcileRequest) throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let outcome = try bridge.decide(request, reason: reason, actor: BridgeCommandLine.actor, at: Timestamp(Date()), dryRun: dryRun)
                    Console.out(outcome.lines.joined(separator: "\n"))
                }
            }
        }

        /// `kpibridge reconcile link A B --reason R`
        struct Link: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Two tasks are the same work: count them once.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "A task key.") var first: String
            @Argument(help: "The other task's key.") var second: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .link(TaskKey(first), TaskKey(second))) }
        }

        /// `kpibridge reconcile unlink A B --reason R`
        struct Unlink: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Two linked tasks are not the same work: count each.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "A task key.") var first: String
            @Argument(help: "The other task's key.") var second: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .unlink(TaskKey(first), TaskKey(second))) }
        }

        /// `kpibridge reconcile accept ID --reason R`
        struct Accept: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A candidate is the same work; a disagreement's value is right as shown.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "The conflict id.") var id: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .accept(id)) }
        }

        /// `kpibridge reconcile reject ID --reason R`
        struct Reject: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A candidate is not the same work.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "The conflict id.") var id: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .reject(id)) }
        }

        /// `kpibridge reconcile choose ID FIELD SOURCE --reason R`
        struct Choose: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A unit takes one field from one source.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "A disagreement's id, or a task key.") var id: String
            @Argument(help: "status, mainHandler, dueAt, completedAt, …") var field: String
            @Argument(help: "The source id whose value wins.") var source: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .choose(subject: id, field: field, source: source)) }
        }

        /// `kpibridge reconcile override TASK FIELD VALUE --reason R`
        struct Override: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set a task's field, whatever its sources say.")
            @OptionGroup var common: CommonOptions
            @Argument(help: "The task key.") var task: String
            @Argument(help: "status, mainHandler, dueAt, completedAt, …") var field: String
            @Argument(help: "A status, an officer id, a time (2026-04-30T17:00:00+07:00) or a day (2026-04-30).") var value: String
            @OptionGroup var decision: DecisionOptions
            func run() throws { try decision.decide(common, .override(TaskKey(task), field: field, value: value)) }
        }

        /// `kpibridge reconcile decisions`
        struct Decisions: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every decision, oldest first.")
            @OptionGroup var common: CommonOptions
            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run { Console.out(ConflictFormatter.decisions(try bridge.store.reconcile.decisions())) }
            }
        }
    }
}
