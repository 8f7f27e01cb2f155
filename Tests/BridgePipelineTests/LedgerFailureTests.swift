import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Logging
import Testing

/// A full disk or a read-only ledger: one clear error, and nothing of the payload is left behind.
struct LedgerFailureTests {
    static func importer(_ store: LedgerStore) -> Importer {
        Importer(store: store, now: { Timestamp(millis: 0) }, logger: Logger(label: "test"))
    }

    /// A page of `count` records, each with a long title so that the page is large.
    static func page(_ dir: TemporaryDirectory, name: String, count: Int, from: Int = 0) throws -> String {
        let filler = String(repeating: "Nội dung công việc ", count: 200)
        let items = (from..<(from + count)).map { n in
            #"{"ma":"T\#(n)","capNhat":"05-04-2026 07:05","trangThai":"xong","tieuDe":"\#(filler) \#(n)","hanXuLy":"10/04/2026","nguoiXuLy":{"maDangVien":"DV\#(n % 7)"}}"#
        }
        return try dir.write(name, Array(#"{"data":[\#(items.joined(separator: ","))]}"#.utf8))
    }

    static func snapshot(_ store: LedgerStore) throws -> (counts: [String: Int], tasks: String) {
        (try store.counts(), try UnifiedTask.listJSON(try store.tasks.list(TaskFilter())))
    }

    @Test func aFullDiskFailsTheWholePayloadWithAClearErrorAndLeavesNoPartialState() throws {
        let dir = try TemporaryDirectory()
        let spec = try ImporterTests.importer(dir).2
        let small = try Self.page(dir, name: "small.json", count: 5)
        let large = try Self.page(dir, name: "large.json", count: 2_000, from: 100)  // ≈ 7 MB
        do {
            let store = try LedgerStore(path: dir.file("l.sqlite"))
            _ = try Self.importer(store).importFile(at: small, origin: "small.json", source: spec)
        }
        let before = try Self.snapshot(try LedgerStore(path: dir.file("l.sqlite")))
        #expect(before.counts["task"] == 5)

        let capped = try LedgerStore(path: dir.file("l.sqlite"), options: .init(maxPageCount: 600))  // ≈ 2.4 MB
        let error = try #require(throws: LedgerError.self) {
            try Self.importer(capped).importFile(at: large, origin: "large.json", source: spec)
        }
        #expect(error.description.contains("disk is full (SQLITE_FULL)"))
        #expect(error.description.contains("nothing was written"))
        #expect(!error.description.contains("\n"))
        #expect(try Self.snapshot(capped).counts == before.counts)

        // With room again, the same payload goes in whole.
        let roomy = try LedgerStore(path: dir.file("l.sqlite"))
        let result = try Self.importer(roomy).importFile(at: large, origin: "large.json", source: spec)
        #expect(result.summary.applied == 2_000)
        #expect(try roomy.counts()["task"] == 2_005)
    }

    @Test func aReadOnlyLedgerRefusesEveryChangeWithAClearError() throws {
        let dir = try TemporaryDirectory()
        let spec = try ImporterTests.importer(dir).2
        do {
            let store = try LedgerStore(path: dir.file("l.sqlite"))
            _ = try Self.importer(store).importFile(at: try Self.page(dir, name: "a.json", count: 3), origin: "a.json", source: spec)
        }
        let readOnly = try LedgerStore(path: dir.file("l.sqlite"), options: .init(readOnly: true))
        let before = try Self.snapshot(readOnly)
        let more = try Self.page(dir, name: "b.json", count: 3, from: 10)
        let error = try #require(throws: LedgerError.self) {
            try Self.importer(readOnly).importFile(at: more, origin: "b.json", source: spec)
        }
        #expect(error.description.contains("read-only (SQLITE_READONLY)"))
        #expect(error.description.contains("nothing was written"))
        #expect(throws: LedgerError.self) { try readOnly.audit.record(at: Timestamp(millis: 0), actor: "x", action: "y", subject: nil, detail: nil) }
        #expect(try Self.snapshot(readOnly).counts == before.counts)
        #expect(try Self.snapshot(readOnly).tasks == before.tasks)
    }
}
