import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Who a task names is kept in `task_officer` (per-officer queries and scoring read it): it must follow every
/// change of main handler and coordinators, whichever record brings it.
struct TaskOfficerTests {
    static func person(_ officer: String) -> PersonRef { PersonRef(namespace: "hr", id: officer, name: officer.uppercased()) }

    /// One record (version `n`, later wins) setting the main handler and coordinators of task `t`.
    static func commit(_ store: LedgerStore, n: Int, main: String, coordinators: [String]) throws {
        let hash = String(format: "%064d", n)
        let ref = RecordRef(source: "s", recordId: "r", recordVersion: "\(n)", payloadHash: hash, mappingId: "m", mappingVersion: 1)
        let fields: [TaskField: FieldValue] = [.coordinators: .people(coordinators.map(person)), .mainHandler: .person(person(main))]
        let patch = TaskPatch(taskKey: TaskKey("t"), record: ref, sourceTime: Timestamp(millis: Int64(n)), fields: fields)
        _ = try store.facts.commit(LedgerStoreTests.batch("<r n='\(n)'/>", entries: [.mapped(refs: [ref], patches: [patch])], hash: hash))
        try project(store)
    }

    @Test(arguments: TestLedger.available)
    func officerRowsFollowEveryChangeOfWhoTheTaskNames(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let steps: [(main: String, coordinators: [String])] = [
                ("a", []), ("b", []), ("b", ["c", "d"]), ("c", ["c", "d"]), ("c", ["e"]), ("e", ["e"]), ("a", []), ("a", ["a"]),
            ]
            for (n, step) in steps.enumerated() {
                try Self.commit(store, n: n + 1, main: step.main, coordinators: step.coordinators)
                let named = Set((step.coordinators + [step.main]).map { "hr:\($0)" })
                let byOfficer = try store.tasks.byOfficer()
                #expect(Set(byOfficer.keys) == named, "step \(n + 1): \(step)")
                #expect(byOfficer.values.allSatisfy { $0.map(\.key) == [TaskKey("t")] })
            }
            #expect(try store.tasks.task(TaskKey("t"))?.revisions.count == steps.count)
        }
    }
}
