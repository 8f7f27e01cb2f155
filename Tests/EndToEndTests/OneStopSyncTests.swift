import BridgeApp
import BridgeDemo
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeServices
import BridgeSimulator
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The simulated one-stop system over real HTTP, under faults: the tasks, every dossier's verdict, each step's
/// lateness and the report's JSON equal what the scenarios say, and a second sync changes nothing.
@Suite(.serialized)
struct OneStopSyncTests {
    @Test func aSyncUnderFaultsEqualsTheTruthAndASecondChangesNothing() async throws {
        let world = SimulatedWorld(scale: 40, seed: 31)
        let faults = try FaultPlan("500:0.05,429:0.02,truncate:0.02,dup:0.03,reorder:0.03,reset:0.02")
        let (port, server, task) = try await SimulatorSetup.start(world: world, faults: faults, seed: 13, oneStop: true)
        defer { task.cancel() }
        let dir = try TemporaryDirectory()
        let (judgedAt, truth) = server.dossierTruth()
        let bridge = try Bridge(
            configuration: try SimulatorSetup.configuration(port: port, home: Fixtures.home, oneStop: true), databasePath: dir.file("l.sqlite"),
            now: { judgedAt })
        #expect(Set(truth.map(\.scenario)) == Set(SimulatedDossier.Scenario.allCases.map(\.rawValue)))

        var clean = false
        for _ in 0..<8 {
            let summaries = try await bridge.sync(environment: SimulatorSetup.environment)
            if summaries.allSatisfy({ $0.failure == nil }) { clean = true; break }
        }
        #expect(clean, "sync kept failing under faults")
        #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(await server.truth()))

        // Every dossier's verdict and every step's lateness, as the scenario says.
        let period = Period("2026-Q2")!
        let settings = bridge.configuration.services
        let dossiers = try bridge.dossiers(from: period.start, to: judgedAt)
        #expect(dossiers.map(\.code) == truth.map(\.code))
        for (dossier, expected) in zip(dossiers, truth) {
            #expect(dossier.verdict(at: judgedAt, settings: settings).outcome.rawValue == expected.verdict, "\(expected.code) \(expected.scenario)")
            let steps = dossier.stepLateness(at: judgedAt, settings: settings).map {
                SimulatorTruth.DossierTruth.Step(step: $0.step, officer: $0.officer, late: $0.late, daysOver: $0.daysOver)
            }
            #expect(steps == expected.steps, "\(expected.code) \(expected.scenario)")
        }

        // The report's JSON: its counts are the scenarios' counts.
        let overview = try bridge.serviceOverview(period: period, at: judgedAt)
        let verdicts = Dictionary(grouping: truth, by: \.verdict).mapValues(\.count)
        let total = overview.report.total.counts
        #expect(total.dossiers == truth.count)
        #expect(total.onTime == verdicts["onTime", default: 0] && total.late == verdicts["late", default: 0])
        #expect(total.inProgress == verdicts["inProgress", default: 0] && total.overdue == verdicts["overdue", default: 0])
        #expect(total.withdrawn == verdicts["withdrawn", default: 0])
        #expect(total.apologies == truth.filter { $0.scenario == "apology" }.count)
        #expect(total.supplements == truth.filter { $0.scenario.hasSuffix("Supplement") || $0.scenario.hasSuffix("Supplements") }.count)
        let lateSteps = truth.flatMap(\.steps).filter(\.late)
        #expect(overview.report.officers.reduce(0) { $0 + $1.lateSteps } == lateSteps.count)
        #expect(overview.report.officers.reduce(0) { $0 + $1.daysOver } == lateSteps.reduce(0) { $0 + $1.daysOver })
        let json = try ServiceFormatter.render(overview, as: .json)

        // A second sync changes nothing: no task, no dossier, not the report.
        let again = try await bridge.sync(environment: SimulatorSetup.environment)
        #expect(again.allSatisfy { $0.failure == nil })
        #expect(try UnifiedTask.listJSON(try bridge.store.tasks.list(TaskFilter())) == UnifiedTask.listJSON(await server.truth()))
        #expect(try ServiceFormatter.render(try bridge.serviceOverview(period: period, at: judgedAt), as: .json) == json)
    }
}
