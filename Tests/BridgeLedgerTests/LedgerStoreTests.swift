import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

struct LedgerStoreTests {
    static func batch(_ bytes: String, entries: [IngestBatch.Entry], hash: String) -> IngestBatch {
        let data = Data(bytes.utf8)
        return IngestBatch(
            source: "s", origin: "f.xml",
            payload: .init(hash: hash, size: data.count) { body in try body(data) },
            entries: entries, receivedAt: Timestamp(millis: 0))
    }

    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)

    static func mapped(_ record: String, hash: String, title: String, task: String = "t1") -> IngestBatch.Entry {
        let ref = RecordRef(source: "s", recordId: record, recordVersion: "1", payloadHash: hash, mappingId: "m", mappingVersion: 1)
        let patch = TaskPatch(taskKey: TaskKey(task), record: ref, sourceTime: Timestamp(millis: 1), fields: [.title: .text(title)])
        return .mapped(refs: [ref], patches: [patch])
    }

    struct Boom: Error {}

    /// A payload whose bytes cannot be read back when the commit stores them (a file that changed meanwhile).
    static func unreadable(_ record: String, hash: String) -> IngestBatch {
        IngestBatch(
            source: "s", origin: "changed.xml", payload: .init(hash: hash, size: 1) { _ in throw Boom() },
            entries: [mapped(record, hash: hash, title: "y")], receivedAt: Timestamp(millis: 0))
    }

    @Test(arguments: TestLedger.available)
    func theSameRecordTwiceWritesOnceAndQueuesItsTaskOnce(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let first = try store.facts.commit(Self.batch("<a/>", entries: [Self.mapped("r1", hash: Self.hashA, title: "x")], hash: Self.hashA))
            #expect(first.applied == 1)
            let again = try store.facts.commit(Self.batch("<a/>", entries: [Self.mapped("r1", hash: Self.hashA, title: "x")], hash: Self.hashA))
            #expect(again.applied == 0 && again.unchanged == 1)
            #expect(try store.counts()["source_record"] == 1 && store.counts()["task_patch"] == 1)
            // Facts only: the task waits in the projector's queue, once.
            #expect(try store.facts.queued() == (tasks: 1, scores: 0))
            #expect(try store.counts()["task"] == 0)
        }
    }

    @Test(arguments: TestLedger.available)
    func aGroupCommitKeepsTheGoodPayloadsWhenOneFailsAlone(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let failing = Self.unreadable("r2", hash: Self.hashB)
            let good = Self.batch("<a/>", entries: [Self.mapped("r1", hash: Self.hashA, title: "x")], hash: Self.hashA)
            let results = try store.facts.commit(group: [failing, good])
            #expect(throws: Boom.self) { try results[0].get() }
            #expect(try results[1].get().applied == 1)
            #expect(try store.counts()["payload"] == 1 && store.counts()["source_record"] == 1)
            #expect(try store.facts.payload(hash: Self.hashB) == nil)
        }
    }

    @Test(arguments: TestLedger.available)
    func aGroupAppendsAsIfItsPayloadsCameOneByOne(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let letter = DeadLetterInput(failureClass: .mapping, recordId: "r2", reason: "status 'x' is not in statuses", mappingId: "m", mappingVersion: 1)
            let hashC = String(repeating: "c", count: 64)
            let results = try store.facts.commit(group: [
                Self.batch("<a/>", entries: [Self.mapped("r1", hash: Self.hashA, title: "x")], hash: Self.hashA),
                Self.unreadable("r3", hash: hashC),
                // The same payload again: its record is known by then.
                Self.batch("<a/>", entries: [Self.mapped("r1", hash: Self.hashA, title: "x")], hash: Self.hashA),
                // A record that fails, then maps (the mapping fixed) in the same group: the dead letter is resolved.
                Self.batch("<b/>", entries: [.failed(letter)], hash: Self.hashB),
                Self.batch("<b/>", entries: [Self.mapped("r2", hash: Self.hashB, title: "y", task: "t2")], hash: Self.hashB),
            ])
            #expect(throws: Boom.self) { try results[1].get() }
            let summaries = try [0, 2, 3, 4].map { try results[$0].get() }
            #expect(summaries.map(\.applied) == [1, 0, 0, 1])
            #expect(summaries.map(\.unchanged) == [0, 1, 0, 0])
            #expect(summaries.map(\.newDeadLetters) == [0, 0, 1, 0])
            #expect(summaries.map(\.resolvedDeadLetters) == [0, 0, 0, 1])
            let counts = try store.counts()
            #expect(["payload", "source_record", "task_patch"].map { counts[$0] } == [2, 2, 2])
            #expect(try store.deadLetters.list(includeResolved: false).isEmpty)
            #expect(try store.facts.queued() == (tasks: 2, scores: 0))
            #expect(try store.facts.payload(hash: hashC) == nil)
        }
    }

    @Test(arguments: TestLedger.available)
    func aPayloadOfThousandsOfRecordsKeepsEachOnceAcrossStatements(ledger: TestLedger) async throws {
        // More rows than one multi-row statement takes (1,000 on PostgreSQL), with a record listed again past the
        // first statement: it is new only the first time.
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            var entries = (0..<2_500).map { Self.mapped("r\($0)", hash: Self.hashA, title: "x", task: "t\($0)") }
            entries.insert(Self.mapped("r0", hash: Self.hashA, title: "x", task: "t0"), at: 1_500)
            let summary = try store.facts.commit(Self.batch("<a/>", entries: entries, hash: Self.hashA))
            #expect(summary.records == 2_501 && summary.applied == 2_500 && summary.unchanged == 1)
            #expect(["source_record", "task_patch"].map { try? store.counts()[$0] } == [2_500, 2_500])
            #expect(try store.facts.queued() == (tasks: 2_500, scores: 0))
            // Committed again: nothing new.
            let again = try store.facts.commit(Self.batch("<a/>", entries: entries, hash: Self.hashA))
            #expect(again.applied == 0 && again.unchanged == 2_501)
        }
    }

    @Test(arguments: TestLedger.available)
    func aDeadLetterSeenAgainCountsAttemptsNotRows(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let letter = DeadLetterInput(failureClass: .parse, recordId: nil, reason: "line 1: bad", mappingId: "m", mappingVersion: 1)
            _ = try store.facts.commit(Self.batch("<", entries: [.failed(letter)], hash: Self.hashB))
            let again = try store.facts.commit(Self.batch("<", entries: [.failed(letter)], hash: Self.hashB))
            #expect(again.deadLetters == 1 && again.newDeadLetters == 0)
            let letters = try store.deadLetters.list(includeResolved: false)
            #expect(letters.count == 1)
            #expect(letters.first?.attempts == 2)
            #expect(try store.facts.payload(hash: Self.hashB) == Data("<".utf8))
        }
    }

    @Test(arguments: TestLedger.available)
    func aFailedCommitLeavesNothingBehind(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let failing = Self.unreadable("r1", hash: Self.hashA)
            #expect(throws: Boom.self) { try store.facts.commit(failing) }
            // (On PostgreSQL the audit keeps the source's lease taken: not a fact.)
            let counts = try store.counts().filter { $0.key != "audit" }
            #expect(counts.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func anUnopenableDatabaseGivesAClearError() throws {
        let dir = try TemporaryDirectory()
        let error = #expect(throws: LedgerError.self) { try LedgerStore(path: dir.file("missing-folder/l.sqlite")) }
        #expect(error?.description.contains("missing-folder/l.sqlite") == true)
    }
}
