import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgePipeline
import BridgeTestSupport
import BridgeTesting
import Foundation
import Logging
import Testing

/// The pipeline on a JSON page: several records per payload, each mapped or dead-lettered on its own.
struct ImporterTests {
    static let mapping = """
        id: party-tool
        version: 3
        format: json
        items: $.data[*]
        statuses:
          moi: { status: received, rank: 1 }
          dang_lam: { status: in_progress, rank: 5 }
          xong: { status: completed, rank: 9 }
        rules:
          - name: task
            task: { concat: [ "party:", { path: "@.ma", required: true } ] }
            recordId: "@.ma"
            version: "@.capNhat"
            time: { path: "@.capNhat", date: "dd-MM-yyyy HH:mm" }
            status: "@.trangThai"
            fields:
              title: "@.tieuDe"
              dueAt: { path: "@.hanXuLy", date: "dd/MM/yyyy", endOfDay: true }
              mainHandler: { namespace: party-member, id: "@.nguoiXuLy.maDangVien", name: "@.nguoiXuLy.hoTen" }
              coordinators: { each: "@.phoiHop[*]", namespace: party-member, id: "@.maDangVien" }
        """

    static let page = """
        {"data":[
          {"ma":"T1","capNhat":"05-04-2026 07:05","trangThai":"xong","tieuDe":" Báo cáo  ","hanXuLy":"10/04/2026",
           "nguoiXuLy":{"maDangVien":"DV001","hoTen":"Trần Thị Bích"},"phoiHop":[{"maDangVien":"DV002"},{"maDangVien":"DV003"}]},
          {"ma":"T2","capNhat":"05-04-2026 08:00","trangThai":"huy","tieuDe":"Hủy"},
          {"ma":"T3","capNhat":"31-02-2026 08:00","trangThai":"moi","tieuDe":"Ngày sai"},
          {"capNhat":"05-04-2026 09:00","trangThai":"moi","tieuDe":"Không mã"}
        ]}
        """

    static func importer(_ dir: TemporaryDirectory) throws -> (Importer, LedgerStore, SourceBinding) {
        let store = try LedgerStore(path: dir.file("l.sqlite"))
        let importer = Importer(store: store, now: { Timestamp(millis: 0) }, logger: Logger(label: "test"))
        let spec = try MappingSpec.load(text: Self.mapping, file: "party.yml")
        return (importer, store, SourceBinding(id: "party", block: .party, agency: "tinh-uy", mapping: spec))
    }

    @Test func eachRecordOfAPageIsMappedOrDeadLetteredOnItsOwn() throws {
        let dir = try TemporaryDirectory()
        let (importer, store, source) = try Self.importer(dir)
        let file = try dir.write("page.json", Array(Self.page.utf8))
        let result = try importer.importFile(at: file, origin: "page.json", source: source)
        #expect(result.summary.records == 4)
        #expect(result.summary.applied == 1)
        #expect(result.summary.deadLetters == 3)
        #expect(result.failures.count == 3)
        #expect(result.failures.contains { $0.contains("status 'huy' is not in statuses") })
        #expect(result.failures.contains { $0.contains("'31-02-2026 08:00' is not a date: February 2026 has 28 days") })
        #expect(result.failures.contains { $0.contains("no value at @.ma") })

        let task = try #require(try store.tasks.task(TaskKey("party:T1"))?.task)
        #expect(task.title == "Báo cáo")
        #expect(task.status == .completed)
        #expect(task.block == .party)
        #expect(task.agency == "tinh-uy")
        #expect(task.mainHandler == PersonRef(namespace: "party-member", id: "DV001", name: "Trần Thị Bích"))
        #expect(task.coordinators.map(\.id) == ["DV002", "DV003"])
        #expect(task.dueAt?.description == "2026-04-10T23:59:59.999+07:00")
        #expect(task.provenance.first?.mappingVersion == 3)
        #expect(task.provenance.first?.payloadHash == result.payloadHash)

        let letters = try store.deadLetters.list(includeResolved: false)
        // The record whose id could not be read is a letter of its own, named by its position.
        #expect(Set(letters.compactMap(\.recordId)) == ["T2", "T3", "#4"])
        #expect(letters.allSatisfy { $0.mappingId == "party-tool" && $0.mappingVersion == 3 && $0.origin == "page.json" })
    }

    @Test func anUnreadableFileIsAnErrorNotADeadLetter() throws {
        let dir = try TemporaryDirectory()
        let (importer, store, source) = try Self.importer(dir)
        #expect(throws: PipelineError.self) {
            try importer.importFile(at: dir.file("nope.json"), origin: "nope.json", source: source)
        }
        #expect(try store.counts().values.allSatisfy { $0 == 0 })
    }

    @Test func filesMappedAheadAreCommittedInOrderInGroupsAndTheFirstErrorStopsTheRun() throws {
        let dir = try TemporaryDirectory()
        var (importer, store, source) = try Self.importer(dir)
        importer.groupLimits.payloads = 7  // six groups of at most seven files
        let pages = try (0..<40).map { n in
            try dir.write("p\(n).json", Array(#"{"data":[{"ma":"T\#(n)","capNhat":"05-04-2026 07:0\#(n % 10)","trangThai":"moi","tieuDe":"Việc \#(n)"}]}"#.utf8))
        }
        var seen: [String] = []
        try importer.importFiles(pages.map { ($0, $0) }, source: source, lookahead: 4, onResult: { seen.append($0.origin) })
        #expect(seen == pages)
        #expect(try store.counts()["source_record"] == 40 && store.facts.queued().tasks == 40)
        #expect(try project(store).newTasks == 40)
        #expect(try store.counts()["task"] == 40)

        let more = try (40..<45).map { n in
            try dir.write("p\(n).json", Array(#"{"data":[{"ma":"T\#(n)","capNhat":"06-04-2026 07:00","trangThai":"moi"}]}"#.utf8))
        }
        let files = [more[0], more[1], dir.file("missing.json"), more[2], more[3]].map { ($0, $0) }
        seen = []
        #expect(throws: PipelineError.self) { try importer.importFiles(files, source: source, lookahead: 4, onResult: { seen.append($0.origin) }) }
        #expect(seen == [more[0], more[1]])
        try project(store)
        #expect(try store.counts()["task"] == 42)  // the group before the unreadable file, nothing after it
    }

    @Test func aMalformedPageIsOneParseDeadLetter() throws {
        let dir = try TemporaryDirectory()
        let (importer, store, source) = try Self.importer(dir)
        let file = try dir.write("bad.json", Array(#"{"data":[{"ma":"T1""#.utf8))
        let result = try importer.importFile(at: file, origin: "bad.json", source: source)
        #expect(result.summary.deadLetters == 1)
        #expect(try store.deadLetters.list(includeResolved: false).first?.failureClass == .parse)
        #expect(result.failures.first?.contains("JSON") == true)
    }
}
