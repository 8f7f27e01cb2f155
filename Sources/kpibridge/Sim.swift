import ArgumentParser
import BridgeApp
import BridgeDemo
import BridgeModel
import BridgeSimulator
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge sim [--port P] [--scale N] [--seed S] [--faults SPEC] [--truth FILE] [--write-config FILE]`
    struct Sim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the simulated E-Office hub, iOffice API, Party and mass-organisation tools (and a one-stop system) on loopback.")

        @Option(help: "Port (0: any free port; the port is printed on the first line).")
        var port = 0

        @Option(help: "Officers in the simulated province.")
        var scale = 30

        @Option(help: "Seed for the generated data and the faults.")
        var seed: UInt64 = 2026

        @Option(help: "Faults, e.g. \"500:0.05,429:0.02,slow:0.01,truncate:0.01,dup:0.02,reorder:0.02,reset:0.01\".")
        var faults = ""

        @Option(help: "Write the unified tasks the data must produce (as tasks --format json) to FILE and exit.")
        var truth: String?

        @Option(help: "Write a configuration pointing a bridge at this simulator to FILE.")
        var writeConfig: String?

        @Option(help: "Also serve every .edxml file of this folder on the hub (e.g. Samples/eoffice); not part of the truth.")
        var samples: String?

        @Flag(help: "Let the data change as time passes (new assignments, progress, completions); GET /__sim/truth follows.")
        var evolve = false

        @Option(help: "With --evolve: real seconds per simulated day.")
        var evolveEvery = 10

        @Flag(help: "The hub keeps acknowledged messages and pages its list by cursor (limit, since; nextCursor, hasMore).")
        var hubPaging = false

        @Flag(help: "Also serve a farmers' union tool (offset/limit, X-Total-Count) and a trade-union tool (Link header), taken on by mapping alone.")
        var extraTools = false

        @Flag(help: "Also serve the provincial one-stop system: citizens' dossiers with their step log, one scenario each (early, on time, late at a step, supplements, withdrawal, stop, payment, apology, unfinished).")
        var oneStop = false

        @Option(help: "With --one-stop: write each dossier's expected verdict and each step's lateness (JSON) to FILE and exit.")
        var dossierTruth: String?

        @Option(help: "Write the province's officers as an identity directory (every account each holds) to FILE and exit.")
        var directory: String?

        @Option(help: "The share of E-Office documents (0 to 1) also tracked in iOffice — a quarter of them with another handler — and a third of those followed up by a Party task citing them; the truth counts each once.")
        var overlap = 0.0

        @Option(help: "Write the reconciliation queue the data must produce (as reconcile list --format json) to FILE and exit.")
        var queue: String?

        func validate() throws {
            if !(0...1).contains(overlap) { throw ValidationError("--overlap is a share between 0 and 1") }
            do { _ = try FaultPlan(faults) } catch { throw ValidationError("\(error)") }
            if scale < 3 || scale > 100_000 { throw ValidationError("--scale is between 3 and 100000") }
            if !(0...65_535).contains(port) { throw ValidationError("--port is between 0 (any free port) and 65535") }
            if evolveEvery < 1 || evolveEvery > 86_400 { throw ValidationError("--evolve-every is between 1 and 86400 seconds") }
            if let writeConfig {
                let folder = (writeConfig as NSString).deletingLastPathComponent
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue,
                    FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
                else { throw ValidationError("--write-config: cannot write into '\(folder)' (no such folder, or not writable)") }
            }
        }

        func run() async throws {
            var world = SimulatedWorld(scale: scale, seed: seed)
            world.overlap = overlap
            if let queue {
                let conflicts = SimulatorTruth.queue(world, extraTools: self.extraTools)
                try BridgeCommandLine.run { try (ConflictFormatter.json(conflicts) + "\n").write(toFile: queue, atomically: true, encoding: .utf8) }
                Console.out("wrote \(conflicts.count) conflicts to \(queue)")
                if truth == nil { return }
            }
            if let directory {
                try BridgeCommandLine.run { try world.directoryYAML.write(toFile: directory, atomically: true, encoding: .utf8) }
                Console.out("wrote \(world.officers.count) officers to \(directory)")
                if truth == nil && dossierTruth == nil { return }
            }
            if let dossierTruth {
                guard oneStop else { throw ValidationError("--dossier-truth needs --one-stop") }
                let dossiers = SimulatorTruth.dossiers(SimulatedDossier.all(in: world))
                try BridgeCommandLine.run {
                    try (TaskFormatter.json(DossierTruthFile(judgedAt: world.now, dossiers: dossiers)) + "\n").write(toFile: dossierTruth, atomically: true, encoding: .utf8)
                }
                Console.out("wrote \(dossiers.count) dossiers to \(dossierTruth), judged at \(world.now)")
                if truth == nil { return }
            }
            if let truth {
                let tasks = SimulatorTruth.tasks(world, extraTools: self.extraTools, dossiers: oneStop ? SimulatedDossier.all(in: world) : [])
                try BridgeCommandLine.run {
                    try (UnifiedTask.listJSON(tasks) + "\n").write(toFile: truth, atomically: true, encoding: .utf8)
                }
                Console.out("wrote \(tasks.count) tasks to \(truth)\(overlap > 0 ? " (\(world.mirrors().count) documents in two systems, each one unit of work)" : "")")
                return
            }
            var files: [(name: String, bytes: [UInt8])] = []
            if let samples {
                let names = try BridgeCommandLine.run { try FileManager.default.contentsOfDirectory(atPath: samples) }
                for name in names.filter({ $0.hasSuffix(".edxml") }).sorted() {
                    files.append((name, Array(try Data(contentsOf: URL(fileURLWithPath: "\(samples)/\(name)")))))
                }
            }
            let server = SimulatorServer(
                world: world, faults: try FaultPlan(faults), seed: seed, hubFiles: files, hubPaging: hubPaging, extraTools: extraTools, oneStop: oneStop)
            let writeConfig = self.writeConfig
            let hubPaging = self.hubPaging
            let extraTools = self.extraTools
            let oneStop = self.oneStop
            try await server.run(port: port, untilSignal: true, evolveEvery: evolve ? .seconds(evolveEvery) : nil) { port in
                Console.out("listening on http://127.0.0.1:\(port)")
                if let writeConfig {
                    do {
                        try PrivateFile.write(SimulatorSetup.configYAML(port: port, home: Resources.home(), hubPaging: hubPaging, extraTools: extraTools, oneStop: oneStop), to: writeConfig)
                        Console.out("configuration written to \(writeConfig)")
                    } catch {
                        // A simulator nobody can point a bridge at is of no use: stop rather than keep serving.
                        Console.error("error: cannot write \(writeConfig): \(SystemErrorText.describe(error))")
                        Foundation.exit(1)
                    }
                }
                // The secrets of the systems served: the extra tools' only with --extra-tools.
                let served = SimulatorSetup.environment.filter {
                    (extraTools || !($0.key.contains("NONGDAN") || $0.key.contains("CONGDOAN"))) && (oneStop || !$0.key.contains("MOTCUA"))
                }
                Console.out("secrets: " + served.keys.sorted().map { "\($0)=\(served[$0]!)" }.joined(separator: " "))
                fflush(nil)  // flush every stream: the port line must reach a pipe at once
            }
        }
    }
}

/// What `sim --dossier-truth` writes: when the dossiers are judged, and each one's verdict and steps.
struct DossierTruthFile: Encodable {
    let judgedAt: Timestamp
    let dossiers: [SimulatorTruth.DossierTruth]
}
