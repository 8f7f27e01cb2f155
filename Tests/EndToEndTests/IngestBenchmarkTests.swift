import BridgeApp
import BridgeBench
import BridgeSimulator
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The ingest benchmark's dataset and stages on a small province (the figures themselves come from the command).
struct IngestBenchmarkTests {
    @Test func theDatasetIsDeterministicAndEveryStageCountsItsRecords() async throws {
        let dir = try TemporaryDirectory()
        let first = try IngestDataset.write(to: dir.file("a"), officers: 60, edxml: 300, json: 450, seed: 7) { _ in }
        let second = try IngestDataset.write(to: dir.file("b"), officers: 60, edxml: 300, json: 450, seed: 7) { _ in }
        #expect(first == second)
        #expect(first.edxmlFiles.count == 300 && first.edxmlDocuments > 0 && first.edxmlStatuses > 0)
        #expect(first.jsonRecordCount == 450 && Set(first.jsonPages.keys) == ["ioffice", "party", "mass"])
        for name in first.edxmlFiles.prefix(20) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.file("a/\(name)"))) == (try Data(contentsOf: URL(fileURLWithPath: dir.file("b/\(name)")))))
        }

        var bench = IngestBenchmark(work: dir.file("a"))
        bench.officers = 60
        bench.edxml = 300
        bench.json = 450
        bench.seed = 7
        bench.changes = 5
        bench.httpOfficers = 9
        var rows: [String: IngestBenchmark.Row] = [:]
        for stage in IngestBenchmark.stages {
            rows[stage] = try await bench.stage(stage, home: Fixtures.home)
        }
        for stage in ["floor-xml", "parse-xml", "map-xml", "commit-xml", "ingest-xml"] { #expect(rows[stage]?.records == 300, "\(stage)") }
        for stage in ["floor-json", "parse-json", "map-json", "commit-json", "ingest-json"] { #expect(rows[stage]?.records == 450, "\(stage)") }
        #expect(rows["floor-sqlite"]?.records == 750)
        // The ledger floors write what the ingest stages kept: per JSON record at least its source record, patch,
        // queue entry, task and first revision.
        #expect(rows["floor-ledger-xml"]?.records == 300)
        #expect(rows["floor-ledger-json"]?.records == 450)
        #expect((rows["floor-ledger-json"]?.extra["rows"] ?? 0) >= 5 * 450)
        #expect(rows["commit-xml"]?.extra["dead letters"] == 0)
        #expect(rows["commit-json"]?.extra["new tasks"] == 0)  // facts only: the tasks wait for the projector
        #expect(rows["ingest-json"]?.extra["new tasks"] == 450)
        #expect((rows["scoring"]?.records ?? 0) > 0 && rows["scoring"]?.extra["incremental p99 ms"] != nil)
        #expect((rows["http"]?.records ?? 0) > 0)
        #expect(rows.values.allSatisfy { $0.peakMB > 0 && $0.seconds > 0 })
        let table = IngestBenchmark.table(IngestBenchmark.stages.compactMap { rows[$0] })
        #expect(table.contains("json: facts committed ÷ slower floor (parse, insert)"))
        #expect(table.contains("xml: facts + projections caught up ÷ reference pipeline") == false)  // no reference run here
    }
}
