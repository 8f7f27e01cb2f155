import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Imports the sample corpus through the real pipeline into real SQLite files.
struct EdxmlImportTests {
    static func importAll(_ files: [String], into dir: TemporaryDirectory, name: String = "ledger.sqlite") throws -> (Bridge, CommitSummary) {
        let bridge = try Bridge(
            configuration: .builtIn(home: Fixtures.home), databasePath: dir.file(name),
            now: { Timestamp(millis: 1_780_000_000_000) })
        let (summary, _) = try bridge.importFiles(files, source: "eoffice")
        return (bridge, summary)
    }

    static func tasksJSON(_ bridge: Bridge) throws -> String {
        try TaskFormatter.render(try bridge.store.tasks.list(TaskFilter()), as: .json)
    }

    @Test func shuffledImportOrdersGiveIdenticalTasks() throws {
        let files = try Fixtures.eofficeSamples()
        let dir = try TemporaryDirectory()
        let (sorted, _) = try Self.importAll(files, into: dir, name: "sorted.sqlite")
        let expected = try Self.tasksJSON(sorted)
        var generator = SeededGenerator(seed: 7)
        for round in 0..<3 {
            let (shuffled, _) = try Self.importAll(files.shuffled(using: &generator), into: dir, name: "shuffled-\(round).sqlite")
            #expect(try Self.tasksJSON(shuffled) == expected)
        }
        let reversed = try Self.importAll(files.reversed(), into: dir, name: "reversed.sqlite").0
        #expect(try Self.tasksJSON(reversed) == expected)
    }

    @Test func reimportingChangesNothing() throws {
        let files = try Fixtures.eofficeSamples()
        let dir = try TemporaryDirectory()
        let (bridge, first) = try Self.importAll(files, into: dir)
        let before = try bridge.store.counts()
        let tasksBefore = try Self.tasksJSON(bridge)
        let (again, _) = try bridge.importFiles(files, source: "eoffice")
        #expect(again.applied == 0)
        #expect(again.newTasks == 0 && again.updatedTasks == 0)
        #expect(again.unchanged == first.applied + first.unchanged)
        #expect(again.deadLetters == first.deadLetters)
        #expect(again.newDeadLetters == 0)
        let after = try bridge.store.counts()
        #expect(after == before)
        #expect(try Self.tasksJSON(bridge) == tasksBefore)
    }

    @Test func everyFileIsAPatchOrADeadLetterAndTheCountsAddUp() throws {
        let files = try Fixtures.eofficeSamples()
        let dir = try TemporaryDirectory()
        let (bridge, summary) = try Self.importAll(files, into: dir)
        #expect(summary.records == files.count)
        #expect(summary.applied + summary.unchanged + summary.deadLetters == summary.records)
        let counts = try bridge.store.counts()
        // Every distinct payload is kept once; the byte-identical duplicate shares one payload row.
        #expect(counts["payload"] == files.count - 1)
        let letters = try bridge.store.deadLetters.list(includeResolved: false)
        #expect(letters.count == 2)
        #expect(Set(letters.compactMap { $0.origin.map { URL(fileURLWithPath: $0).lastPathComponent } }) == [
            "st-14-09-unknown-code.edxml", "doc-21-301-missing-documentid.edxml",
        ])
        for letter in letters {
            #expect(!letter.reason.contains("\n"))
            #expect(letter.failureClass == .mapping)
            #expect(try bridge.store.facts.payload(hash: letter.payloadHash)?.isEmpty == false)
        }
    }

    @Test func theSampleCorpusFoldsAsTheDomainSays() throws {
        let dir = try TemporaryDirectory()
        let (bridge, _) = try Self.importAll(try Fixtures.eofficeSamples(), into: dir)
        func task(_ key: String) throws -> UnifiedTask {
            try #require(try bridge.store.tasks.task(TaskKey(key))?.task)
        }
        // 01→03→04→05→06, then a re-sent 01: still completed at the 06 time.
        let first = try task("000.00.00.H34,2026/03/02,100/UBND-VP@000.00.12.H34")
        #expect(first.status == .completed)
        #expect(first.completedAt == Timestamp(iso8601: "2026-03-08T16:15:00+07:00"))
        #expect(first.mainHandler?.id == "lan.nt@khanhhoa.gov.vn")
        // The second receiving agency of the same document only registered it.
        #expect(try task("000.00.00.H34,2026/03/02,100/UBND-VP@000.00.21.H34").status == .received)
        // Status before its document, then the document, then a duplicate: one task, assigned.
        let early = try task("000.00.00.H34,2026/04/01,245/UBND-NC@000.00.12.H34")
        #expect(early.status == .assigned)
        #expect(early.title == "V/v hướng dẫn chấm điểm KPI cán bộ, công chức tháng 4/2026")
        #expect(early.provenance.count == 2)
        // The update extended the deadline: two deadlines in the history, the later one current.
        let updated = try task("000.00.00.H34,2026/03/12,170/UBND-VP@000.00.12.H34")
        #expect(updated.deadlines.count == 2)
        #expect(updated.dueAt == Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00"))
        #expect(updated.title?.hasSuffix("(cập nhật thời hạn)") == true)
        // Revocation, recall accepted and replacement cancel; the replacement links both ways.
        #expect(try task("000.00.00.H34,2026/03/18,212/UBND-VP@000.00.14.H34").status == .cancelled)
        #expect(try task("000.00.00.H34,2026/03/17,205/UBND-VP@000.00.12.H34").status == .cancelled)
        let replaced = try task("000.00.00.H34,2026/03/19,219/UBND-VP@000.00.21.H34")
        #expect(replaced.status == .cancelled)
        #expect(replaced.replacedBy?.rawValue == "000.00.00.H34,2026/04/03,260/UBND-VP@000.00.21.H34")
        #expect(try task("000.00.00.H34,2026/04/03,260/UBND-VP@000.00.21.H34").replaces == replaced.key)
        // Recall rejected (16) leaves the status alone.
        #expect(try task("000.00.00.H34,2026/03/14,184/UBND-VP@000.00.21.H34").status == .assigned)
        // The legacy SOAP status completed its task in dd/MM/yyyy time.
        let soap = try task("000.00.00.H34,2026/03/15,191/UBND-VP@000.00.20.H34")
        #expect(soap.status == .completed)
        #expect(soap.completedAt == Timestamp(iso8601: "2026-03-27T16:45:00+07:00"))
        // Statuses sharing one timestamp end completed.
        #expect(try task("000.00.00.H34,2026/03/16,198/UBND-VP@000.00.16.H34").status == .completed)
    }

    @Test func vietnameseTextSurvivesTheLedgerAndOutputsInNFC() throws {
        let dir = try TemporaryDirectory()
        let (bridge, _) = try Self.importAll(try Fixtures.eofficeSamples(), into: dir)
        let tasks = try bridge.store.tasks.list(TaskFilter())
        for text in [try TaskFormatter.render(tasks, as: .json), try TaskFormatter.render(tasks, as: .csv)] {
            #expect(text == text.precomposedStringWithCanonicalMapping)
            #expect(text.contains("Lê Văn Hùng"))
        }
        let filtered = try bridge.store.tasks.list(TaskFilter(officer: "email:hung.lv@khanhhoa.gov.vn"))
        #expect(filtered.count == 1)
    }
}
