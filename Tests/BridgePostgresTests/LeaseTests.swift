import BridgeLedger
import BridgeModel
import BridgePostgres
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Two instances on one PostgreSQL ledger: each source, and the projector, is worked by one of them at a time;
/// when the holder's session ends (a killed instance), the other takes over, and the audit shows the hand-over.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "KPIBRIDGE_TEST_POSTGRES names no server"))
struct LeaseTests {
    static let time = Timestamp(iso8601: "2026-04-01T08:00:00+07:00")!

    static func batch(source: String, record: String, n: Int) -> IngestBatch {
        let hash = String(repeating: "0", count: 63) + String(n, radix: 16)
        let data = Data("<r n='\(n)'/>".utf8)
        let ref = RecordRef(source: source, recordId: record, recordVersion: "1", payloadHash: hash, mappingId: "m", mappingVersion: 1)
        let patch = TaskPatch(taskKey: TaskKey("\(source)-\(record)"), record: ref, sourceTime: time, fields: [.title: .text("t")])
        return IngestBatch(
            source: source, origin: "f\(n).xml", payload: .init(hash: hash, size: data.count) { body in try body(data) },
            entries: [.mapped(refs: [ref], patches: [patch])], receivedAt: time)
    }

    @Test func oneInstanceWorksEachSourceAndTheOtherTakesOverWhenItsSessionEnds() async throws {
        try await PostgresTestServer.withDatabase { location in
            _ = try await PostgresMigrator(location: location).migrate()
            let a = try LedgerStore.postgres(location)
            let b = try LedgerStore.postgres(location)
            defer { b.close() }
            #expect(a.isShared && b.isShared)
            // a commits a source's facts: it takes the source's lease, and b cannot commit that source's facts.
            _ = try a.facts.commit(Self.batch(source: "s", record: "r1", n: 1))
            do {
                _ = try b.facts.commit(Self.batch(source: "s", record: "r2", n: 2))
                Issue.record("b committed facts of a source a works")
            } catch is LeaseHeld {}
            #expect(try await b.takeLease(Lease.source("s"), at: Self.time) == false)
            // Another source is free for b.
            _ = try b.facts.commit(Self.batch(source: "t", record: "r1", n: 3))
            #expect(try await a.takeLease(Lease.source("t"), at: Self.time) == false)
            // The projector: a takes it first; b stands by and projects nothing.
            #expect(try await a.takeLease(Lease.projector, at: Self.time))
            #expect(try await b.takeLease(Lease.projector, at: Self.time) == false)
            // a's sessions end, as a killed instance's do: b takes its source and the projector over.
            a.close()
            // The server frees a session's locks once it sees the connection gone: a moment, longer under load.
            func taken(_ lease: String) async throws -> Bool {
                for _ in 0..<100 {
                    if try b.takeLease(lease, at: Self.time) { return true }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return false
            }
            #expect(try await taken(Lease.source("s")))
            #expect(try await taken(Lease.projector))
            _ = try b.facts.commit(Self.batch(source: "s", record: "r2", n: 2))
            let counts = try b.counts()
            #expect(counts["source_record"] == 3)
            let takes = try b.audit.log().filter { $0.action == "lease.take" }.reversed().map { "\($0.subject ?? "") \($0.detail ?? "")" }
            #expect(takes == [
                "source:s first holder", "source:t first holder", "projector first holder",
                "source:s taken over from \(Lease.instance)", "projector taken over from \(Lease.instance)",
            ])
        }
    }

    @Test func aCommandRefusesASourceAnotherInstanceWorksInOneLine() async throws {
        try await PostgresTestServer.withDatabase { location in
            _ = try await PostgresMigrator(location: location).migrate()
            let serving = try LedgerStore.postgres(location)
            defer { serving.close() }
            _ = try serving.facts.commit(Self.batch(source: "eoffice", record: "r1", n: 1))
            let address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            let run = try await CommandRunner.capture(["import", "--database", address, "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: Fixtures.home)
            #expect(run.ending == .exited(1))
            #expect(run.errors.hasSuffix("source:eoffice is worked by another kpibridge instance (its lease is held); this one stands by\n"), "\(run.errors)")
            #expect(run.errors.split(separator: "\n").count == 1)
            let counts = try serving.counts()
            #expect(counts["source_record"] == 1)
        }
    }

    @Test func keysAreStableAndDistinct() {
        #expect(Lease.key("projector") == Lease.key("projector"))
        #expect(Set(["projector", "source:a", "source:b", "source:eoffice"].map(Lease.key)).count == 4)
    }
}
