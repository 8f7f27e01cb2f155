import Foundation
import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel

extension OutputFormat: ExpressibleByArgument {}
extension TaskStatus: ExpressibleByArgument {}

extension KPIBridgeCommand {
    /// `kpibridge tasks [--officer X] [--agency A] [--status S] [--format table|json|csv]`
    struct Tasks: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List unified tasks.")

        @OptionGroup var common: CommonOptions

        @Option(help: "Main handler: a directory officer id, an e-mail, or namespace:account.")
        var officer: String?

        @Flag(help: "Only tasks naming someone the identity directory does not resolve.")
        var unresolved = false

        @Option(help: "Agency id (OrganId).")
        var agency: String?

        @Option(help: "Status: \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: TaskStatus?

        @Option(help: "table, json or csv.")
        var format: OutputFormat = .table

        @Option(help: "en or vi (dd/MM/yyyy, Vietnamese headers and statuses; CSV with ';').")
        var locale: ReportLocale = .en

        func validate() throws {
            if format == .xlsx { throw ValidationError("--format xlsx is for score and explain; tasks prints table, json or csv") }
        }

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                let key = try officer.map { bridge.officerKey(for: $0, directory: try bridge.store.directory.current()) }
                let tasks = try bridge.store.tasks.list(TaskFilter(officer: key, agency: agency, status: status, unresolvedOnly: unresolved))
                Console.out(try TaskFormatter.render(tasks, as: format, locale: locale))
            }
        }
    }

    /// `kpibridge task KEY`
    struct Task: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one task with its provenance: source records, mapping version, payload hashes, history.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The task key.")
        var key: String

        @Option(help: "table (readable) or json.")
        var format: OutputFormat = .table

        func validate() throws {
            if format == .csv || format == .xlsx {
                throw ValidationError("--format \(format.rawValue) is not available for one task: use table or json (tasks --format csv lists tasks)")
            }
        }

        func run() throws {
            let bridge = try common.bridge(.read)
            try BridgeCommandLine.run {
                guard let found = try bridge.store.tasks.task(TaskKey(key)) else { throw AppError("no task with key '\(key)'") }
                if format == .json {
                    Console.out(try TaskFormatter.json(TaskDetail(task: found.task, revisions: found.revisions)))
                } else {
                    Console.out(TaskFormatter.detail(found.task, revisions: found.revisions, at: Timestamp(Date())))
                }
            }
        }
    }
}

/// `task KEY --format json`: the task and its revisions.
struct TaskDetail: Encodable {
    let task: UnifiedTask
    let revisions: [TaskRevision]
}
