import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A record whose version and content are unchanged adds nothing, even on a page that changed: the ledger keeps
/// the payload it first came in, and the page's new and changed records are stored as usual.
struct UnchangedRecordTests {
    static func item(_ id: String, at: String, title: String) -> String {
        #"{"id":"\#(id)","title":"\#(title)","owner":"S1","state":"open","at":"\#(at)","due":"20-03-2026 17:00"}"#
    }

    static func page(_ dir: TemporaryDirectory, _ name: String, _ items: [String]) throws -> String {
        try dir.write(name, Array(#"{"items":[\#(items.joined(separator: ","))]}"#.utf8))
    }

    @Test func anUnchangedRecordOnAChangedPageAddsNoRow() throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReplayTests.bridge(dir, database: "l.sqlite", version: 1, broken: false)
        let a = Self.item("A", at: "10-03-2026 08:00", title: "Việc A")
        let b = Self.item("B", at: "10-03-2026 08:00", title: "Việc B")
        _ = try bridge.importFiles([try Self.page(dir, "p1.json", [a, b])], source: "tool")
        let before = try bridge.store.counts()
        #expect(before["source_record"] == 2 && before["task_patch"] == 2)

        // The page changes: B has a new version, C is new, A is as it was.
        let b2 = Self.item("B", at: "11-03-2026 08:00", title: "Việc B (sửa)")
        let c = Self.item("C", at: "11-03-2026 09:00", title: "Việc C")
        let (summary, _) = try bridge.importFiles([try Self.page(dir, "p2.json", [a, b2, c])], source: "tool")
        #expect(summary.applied == 2 && summary.unchanged == 1)
        let after = try bridge.store.counts()
        #expect(after["source_record"] == 4 && after["task_patch"] == 4, "\(after)")
        // A's provenance still names the first page only.
        let taskA = try #require(try bridge.store.tasks.task(TaskKey("tool:A"))?.task)
        #expect(taskA.provenance.count == 1)

        // The same record listed on two pages of one import is stored once; a changed content under the same
        // version is not unchanged, and is stored.
        let d = Self.item("D", at: "12-03-2026 08:00", title: "Việc D")
        let dEdited = Self.item("D", at: "12-03-2026 08:00", title: "Việc D, sửa không đổi phiên bản")
        let (twice, _) = try bridge.importFiles(
            [try Self.page(dir, "p3.json", [d, a]), try Self.page(dir, "p4.json", [d, c]), try Self.page(dir, "p5.json", [dEdited])], source: "tool")
        #expect(twice.applied == 2, "D once, then D edited under the same version")
        let final = try bridge.store.counts()
        #expect(final["source_record"] == 6, "\(final)")
    }
}
