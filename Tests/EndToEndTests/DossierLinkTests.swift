import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// A dossier step that is also an E-Office task: the E-Office record carries the dossier's code as its document
/// number, and the reconciliation rules offer it with each step of that dossier as a candidate — nothing merges
/// by itself —; an admin's accept makes the step and the record one unit of work, counted once.
struct DossierLinkTests {
    @Test func anEOfficeRecordAboutADossierIsOfferedWithItsStepsAndAcceptedCountsOnce() throws {
        let dir = try TemporaryDirectory()
        let bridge = try ReconciliationTests.bridge(dir, extra: """

              - { id: motcua, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: \(Fixtures.home)/Mappings/motcua-dossiers.yml, block: state }
            """)
        _ = try bridge.importFiles(["\(Fixtures.home)/Samples/motcua/page-1.json"], source: "motcua")
        try ReconciliationTests.importPage(bridge, dir, source: "ioffice", [ReconciliationTests.ioffice { record in
            record["id"] = "VBD-HS-0001"
            record["so_ky_hieu"] = "000.00.12.H34-261202-0001"
            record["trich_yeu"] = "Thẩm định hồ sơ cấp giấy phép xây dựng"
            record["nguoi_xu_ly_chinh"] = ["email": "binh.tv@khanhhoa.gov.vn", "ho_ten": "Trần Văn Bình"]
        }])
        let candidates = try bridge.conflicts(.init(kind: .candidate))
        #expect(candidates.compactMap(\.other?.rawValue).sorted() == (1...3).map { "motcua:000.00.12.H34-261202-0001#\($0)" })
        #expect(candidates.allSatisfy { $0.task?.rawValue == "ioffice:VBD-HS-0001" })

        // The appraisal step is that record: accepted, the two are one unit; the other steps stay apart.
        let appraisal = try #require(candidates.first { $0.other?.rawValue == "motcua:000.00.12.H34-261202-0001#2" })
        try bridge.decide(.accept(appraisal.id), reason: "the E-Office record is the appraisal step", actor: "admin", at: ReconciliationTests.at)
        let step = try ReconciliationTests.task(bridge, "motcua:000.00.12.H34-261202-0001#2")
        let record = try ReconciliationTests.task(bridge, "ioffice:VBD-HS-0001")
        #expect(step.link?.members.count == 2 || record.link?.members.count == 2)
        let counted = try bridge.store.tasks.list(TaskFilter()).filter { ["ioffice:VBD-HS-0001", "motcua:000.00.12.H34-261202-0001#2"].contains($0.key.rawValue) && $0.countsForKPI }
        #expect(counted.count == 1)
    }
}
