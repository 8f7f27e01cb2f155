import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Each small store on an in-memory ledger: what it writes is what the others read.
struct LedgerStoresTests {
    static let time = Timestamp(iso8601: "2026-04-01T08:00:00+07:00")!

    @Test(arguments: TestLedger.available)
    func factsQueueTheirTasksAndDeadLettersAreListedNewestFirst(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let database = store.database
            let facts = FactStore(database)
            let letter = DeadLetterInput(failureClass: .mapping, recordId: "r9", reason: "status 'x' is not in statuses", mappingId: "m", mappingVersion: 1)
            let results = try facts.commit(group: [
                LedgerStoreTests.batch("<a/>", entries: [LedgerStoreTests.mapped("r1", hash: LedgerStoreTests.hashA, title: "x")], hash: LedgerStoreTests.hashA),
                LedgerStoreTests.batch("<b/>", entries: [.failed(letter)], hash: LedgerStoreTests.hashB),
            ])
            #expect(try results.map { try $0.get().records } == [1, 1])
            #expect(try facts.queued() == (tasks: 1, scores: 0))
            let letters = try DeadLetterStore(database).list(includeResolved: false)
            #expect(letters.map(\.recordId) == ["r9"])
            #expect(try DeadLetterStore(database).letter(id: letters[0].id)?.reason == "status 'x' is not in statuses")
            #expect(try facts.payload(hash: LedgerStoreTests.hashB) == Data("<b/>".utf8))
        }
    }

    @Test(arguments: TestLedger.available)
    func asyncCodeAppendsFactsAndKeepsCheckpointsThroughTheSameTransactions(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let database = store.database
            let facts = FactStore(database)
            #expect(try facts.checkpoint(source: "party") == SourceCheckpoint())
            var checkpoint = SourceCheckpoint()
            checkpoint.cursor = "c-2"
            let batch = IngestBatch(
                source: "party", origin: "GET /tasks", payload: .init(hash: LedgerStoreTests.hashA, size: 4) { body in try body(Data("<a/>".utf8)) },
                entries: [LedgerStoreTests.mapped("r1", hash: LedgerStoreTests.hashA, title: "x")], receivedAt: Self.time, checkpoint: checkpoint)
            let results = try facts.commit(group: [batch])
            #expect(try results.map { try $0.get().applied } == [1])
            // The checkpoint went in with the records it covers.
            #expect(try facts.checkpoint(source: "party").cursor == "c-2")
            #expect(try facts.queued() == (tasks: 1, scores: 0))
            checkpoint.cursor = "c-3"
            try facts.saveCheckpoint(checkpoint, source: "party", at: Self.time)
            #expect(try facts.checkpoint(source: "party").cursor == "c-3")
            #expect(try facts.commit(group: []).isEmpty)
        }
    }

    @Test(arguments: TestLedger.available)
    func theAuditLogReadsBackNewestFirst(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let audit = AuditStore(store.database)
            try audit.record(at: Self.time, actor: "lan", action: "replay", subject: "dead letter 1", detail: "resolved")
            try audit.record(at: Self.time, actor: "lan", action: "reprocess", entries: [("source s", "2 payloads")])
            #expect(try audit.log().map(\.action) == ["reprocess", "replay"])
        }
    }

    @Test(arguments: TestLedger.available)
    func aDirectoryReplacementQueuesEveryTaskAndAssessmentsOweTheirScores(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let database = store.database
            _ = try FactStore(database).commit(
                LedgerStoreTests.batch("<a/>", entries: [LedgerStoreTests.mapped("r1", hash: LedgerStoreTests.hashA, title: "x")], hash: LedgerStoreTests.hashA))
            let directory = DirectoryStore(database)
            try directory.replace(
                [Directory.Officer(id: "cb-1", name: "Nguyễn Thị Lan", accounts: ["email": ["lan@x"]])], origin: "d.yml", actor: "test", at: Self.time)
            #expect(try directory.current().officers.keys.sorted() == ["cb-1"])
            try ScoreStore(database).importAssessments(
                [StoredAssessment(officer: "cb-1", period: "2026-03", generalPoints: "28.5", sanction: false)], origin: "a.csv", actor: "test", at: Self.time)
            #expect(try FactStore(database).queued() == (tasks: 1, scores: 1))
            #expect(try ScoreStore(database).assessment(officer: "cb-1", period: "2026-03")?.generalPoints == "28.5")
            #expect(try AuditStore(database).log().map(\.action).filter { $0 != "lease.take" } == ["assessment.import", "directory.import"])
        }
    }

    @Test(arguments: TestLedger.available)
    func everyDirectoryImportIsKeptWhole(ledger: TestLedger) async throws {
        try await ledger.withStore(in: try TemporaryDirectory()) { store in
            let directory = DirectoryStore(store.database)
            try directory.replace([Directory.Officer(id: "cb-1", name: "Nguyễn Thị Lan")], origin: "d1.yml", actor: "lan", at: Self.time)
            try directory.replace(
                [Directory.Officer(id: "cb-1", name: "Nguyễn Thị Lan"), Directory.Officer(id: "cb-2", name: "Lê Văn Hùng")],
                origin: "d2.yml", actor: "hung", at: Self.time)
            let versions = try directory.versions()
            #expect(versions.map(\.origin) == ["d1.yml", "d2.yml"] && versions.map(\.officers) == [1, 2] && versions.map(\.actor) == ["lan", "hung"])
            #expect(try directory.directory(version: versions[0].id)?.officers.keys.sorted() == ["cb-1"])
            #expect(try directory.current().officers.keys.sorted() == ["cb-1", "cb-2"])
        }
    }
}
