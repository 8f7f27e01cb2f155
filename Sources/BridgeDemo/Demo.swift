import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeServices
import BridgeSimulator
import Foundation

/// `kpibridge demo`: the simulated systems on loopback, synced into a fresh database, summarised and scored.
public enum Demo {
    /// Starts the simulator in-process, syncs its four systems once, and returns the printed report.
    /// `keepsLedger` false: the ledger is removed when the demo ends, and the hints say how to keep one.
    public static func runWithSimulator(
        home: String, databasePath: String, scale: Int = 30, seed: UInt64 = 2026, keepsLedger: Bool = true
    ) async throws -> String {
        let started = try await startWithSimulator(home: home, databasePath: databasePath, scale: scale, seed: seed)
        defer { started.simulator.cancel() }
        return started.report + "\n" + (try summary(bridge: started.bridge, databasePath: keepsLedger ? databasePath : nil))
    }

    /// The simulated systems started in this process and synced once into a fresh ledger: the bridge, the
    /// simulator (cancel its task to stop it) and what the first sync did. Every source is polled every
    /// `interval` seconds when served.
    public static func startWithSimulator(
        home: String, databasePath: String, scale: Int, seed: UInt64 = 2026, interval: Int? = nil
    ) async throws -> (bridge: Bridge, server: SimulatorServer, simulator: Task<Void, any Error>, report: String) {
        let world = SimulatedWorld(scale: scale, seed: seed)
        let (port, server, task) = try await SimulatorSetup.start(world: world, oneStop: true)
        do {
            var configuration = try SimulatorSetup.configuration(port: port, home: home, oneStop: true)
            if let interval { for i in configuration.sources.indices { configuration.sources[i].interval = interval } }
            let bridge = try Bridge(configuration: configuration, databasePath: databasePath)
            // The province's organisation, so pages name agencies ("Sở Nội vụ"), not their codes.
            try bridge.importDirectory([], agencies: SimulatedWorld.organisation, origin: "simulated organisation", actor: "demo", at: Timestamp(Date()))
            let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
            let report = [
                "KPIBridge demo: simulated E-Office hub, iOffice API, Party and mass-organisation tools and one-stop system on 127.0.0.1:\(port)",
                "(\(world.officers.count) officers, \(world.tasks.count) tasks, seed \(seed)); ledger \(databasePath)", "",
                SyncReport.table(summaries), "",
            ].joined(separator: "\n")
            return (bridge, server, task, report)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Imports the bundled samples into the database at `databasePath` and returns the printed report.
    public static func run(home: String, databasePath: String, keepsLedger: Bool = true) throws -> String {
        let bridge = try Bridge(configuration: .builtIn(home: home), databasePath: databasePath)
        let folder = "\(home)/Samples/eoffice"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".edxml") }.sorted()
        guard !files.isEmpty else { throw AppError("\(folder): no .edxml samples found") }
        let (summary, _) = try bridge.importFiles(files.map { "\(folder)/\($0)" }, source: "eoffice")
        return [
            "KPIBridge: imported \(files.count) edXML files from Samples/eoffice into \(databasePath)", ImportReport.line(summary), "",
            try Self.summary(bridge: bridge, databasePath: keepsLedger ? databasePath : nil),
        ].joined(separator: "\n")
    }

    /// Tasks by block, agency and status, then the score table of the busiest month.
    /// `databasePath` nil: the ledger is not kept, and the hints say how to keep one.
    static func summary(bridge: Bridge, databasePath: String?) throws -> String {
        let database = "--database \(databasePath ?? "FILE")"
        let keep = databasePath == nil ? "run the demo with --database FILE to keep its ledger; then " : ""
        let tasks = try bridge.store.tasks.list(TaskFilter())
        var lines: [String] = []
        var groups: [[String]: Int] = [:]
        for task in tasks {
            groups[[task.block?.rawValue ?? "-", task.agency ?? "-", task.status.rawValue], default: 0] += 1
        }
        let rows = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { $0 + [String(groups[$0]!)] }
        lines.append(TextTable.render(header: ["block", "agency", "status", "tasks"], rows: rows))
        lines.append("")
        lines.append("\(tasks.count) tasks; \(try bridge.store.deadLetters.list(includeResolved: false).count) dead letters (\(keep)kpibridge replay list \(database))")
        let now = Timestamp(Date())
        // The samples are dated: score the month with the most work due (the latest on a tie), as of now.
        let due = Dictionary(grouping: tasks.compactMap(\.dueAt).filter { $0 <= now }) { Period.containing($0)[0] }
        if let period = due.keys.max(by: { (due[$0]!.count, $0) < (due[$1]!.count, $1) }) {
            lines.append("")
            lines.append(try ScoreFormatter.render(try bridge.scoreReport(period: period, at: now, filter: ScoreFilter(), current: true).report, as: .table))
            lines.append("(\(keep)kpibridge explain OFFICER --period \(period) \(database) shows how a score was made)")
        }
        // The one-stop system's dossiers, judged at the end of the quarter of the latest (or now while it runs).
        let dossiers = try bridge.store.dossiers.dossiers(from: Timestamp(millis: 0), to: now)
        if let latest = dossiers.compactMap(\.receivedAt).max() {
            let quarter = Period.containing(latest)[1]
            let report = try bridge.serviceOverview(period: quarter, at: now).report
            let c = report.total.counts
            lines.append("")
            lines.append(
                "Dossiers \(quarter) (one-stop system, Decision 766): \(c.dossiers) — \(c.onTime) on time, \(c.late) late, \(c.inProgress) running, "
                    + "\(c.overdue) overdue, \(c.withdrawn) withdrawn; on-time rate \(ServiceFormatter.percent(report.total.onTimeRate)) "
                    + "(target \(ServiceFormatter.percent(report.target)))")
            lines.append("(\(keep)kpibridge services report --period \(quarter) \(database) shows them by unit, procedure and officer)")
        }
        return lines.joined(separator: "\n")
    }
}
