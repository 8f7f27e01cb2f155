import BridgeMapping
import BridgeModel
import BridgeParsing
import BridgeServices
import Foundation
import Testing

/// A mapping's `dossier:` block: each record a snapshot of its dossier, every value read as declared, and a
/// block that cannot work refused with the file, line and key when the mapping loads.
struct DossierRuleTests {
    static func spec(_ dossier: String) throws -> MappingSpec {
        try MappingSpec.load(text: """
            id: hoso
            version: 1
            format: json
            items: $.data[*]
            dossier:
            \(dossier.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """, file: "hoso.yml")
    }

    static let block = """
        recordId: "@.ma"
        version: "@.capNhat"
        time: { path: "@.capNhat", date: "yyyyMMddHHmmss" }
        code: "@.ma"
        status: "@.trangThai"
        channel: "@.kenh"
        receivedAt: { path: "@.tiepNhan", date: "yyyyMMddHHmmss" }
        appointment: { path: "@.henTra", date: "yyyyMMddHHmmss" }
        apology: { path: "@.xinLoi", equals: "1" }
        duration: { amount: "@.soNgay", unit: { path: "@.donVi", map: { ngay: days, gio: hours } } }
        apologies: { each: { xl: "@.phieu[*]" }, previous: { path: "$xl.truoc", date: "yyyyMMddHHmmss" }, new: { path: "$xl.moi", date: "yyyyMMddHHmmss" } }
        supplements: { each: { bs: "@.boSung[*]" }, requestedAt: { path: "$bs.yeuCau", date: "yyyyMMddHHmmss" }, resumedAt: { path: "$bs.nop", date: "yyyyMMddHHmmss" } }
        steps: { each: { b: "@.buoc[*]" }, officer: { concat: [ "mc:", { path: "$b.nguoi" } ] }, startedAt: { path: "$b.batDau", date: "yyyyMMddHHmmss" }, deadline: { path: "$b.han", date: "yyyyMMddHHmmss" } }
        """

    static func map(_ record: String) throws -> RecordOutcome {
        let outcomes = Mapper(spec: try spec(block)).map(
            try JSONReader.parse(Data(#"{"data":[\#(record)]}"#.utf8)), defaults: .init(source: "s", block: nil, agency: nil, payloadHash: "h"))
        return try #require(outcomes.first)
    }

    static func t(_ text: String) -> Timestamp { Timestamp(iso8601: text + ":00.000+07:00")! }

    @Test func aRecordIsASnapshotOfItsDossierWithoutATask() throws {
        let outcome = try Self.map("""
            {"ma":"H1","capNhat":"20260310100000","trangThai":"5","kenh":2,"tiepNhan":"20260302080000","henTra":"20260313170000","xinLoi":"1",
             "soNgay":"5","donVi":"gio","phieu":[{"truoc":"20260310170000","moi":"20260313170000"}],
             "boSung":[{"yeuCau":"20260304090000"}],"buoc":[{"nguoi":"A","batDau":"20260302080000","han":"20260302170000"},{"nguoi":"B","batDau":"20260302090000"}]}
            """)
        guard case .patches(let record) = outcome else { Issue.record("\(outcome)"); return }
        #expect(record.patches.isEmpty && record.refs.map(\.recordId) == ["H1"])
        let snapshot = try #require(record.dossiers.first)
        #expect(snapshot.code == "H1" && snapshot.status == .supplementRequested && snapshot.channel == 2)
        #expect(snapshot.sourceTime == Self.t("2026-03-10T10:00") && snapshot.version == "20260310100000")
        #expect(snapshot.receivedAt == Self.t("2026-03-02T08:00") && snapshot.appointment == Self.t("2026-03-13T17:00") && snapshot.apology)
        #expect(snapshot.statutoryDuration == .init(5, .hours))
        #expect(snapshot.resets == [.init(previous: Self.t("2026-03-10T17:00"), new: Self.t("2026-03-13T17:00"))])
        #expect(snapshot.supplements == [.init(requestedAt: Self.t("2026-03-04T09:00"))])
        #expect(snapshot.steps.map(\.officer) == ["mc:A", "mc:B"] && snapshot.steps[1].deadline == nil)
    }

    @Test(arguments: [
        (#""trangThai":"11""#, "status '11' is not a dossier status"),
        (#""trangThai":"bốn""#, "status 'bốn' is not a dossier status"),
        (#""trangThai":"4","tiepNhan":"20260230080000""#, "receivedAt"),
        (#""trangThai":"4","soNgay":"5","donVi":"tuan""#, "tuan"),
        (#""trangThai":"4","buoc":[{"batDau":"20260302080000"}]"#, "officer"),
        (#""trangThai":"4","boSung":[{"nop":"20260302080000"}]"#, "requestedAt"),
    ])
    func aValueThatCannotBeReadFailsTheRecordNamingIt(fields: String, message: String) throws {
        let outcome = try Self.map(#"{"ma":"H1","capNhat":"20260310100000",\#(fields)}"#)
        guard case .failure(let id, let reason) = outcome else { Issue.record("mapped: \(fields)"); return }
        #expect(id == "H1")
        #expect("\(reason)".contains(message), "\(reason)")
    }

    @Test(arguments: [
        ("code: \"@.ma\"", "missing required key 'status'"),
        ("code: \"@.ma\"\nstatus: \"@.s\"\nreceivedAt: \"@.r\"", "receivedAt needs a date format"),
        ("code: \"@.ma\"\nstatus: \"@.s\"\nsteps: { each: { a: \"@.x[*]\", b: \"@.y[*]\" }, officer: \"$a.n\", startedAt: { path: \"$a.t\", date: \"yyyyMMdd\" } }", "each names one binding"),
        ("code: \"@.ma\"\nstatus: \"@.s\"\nsteps: { each: { a: \"@.x[*]\" }, officer: \"$a.n\" }", "missing required key 'startedAt'"),
        ("code: \"@.ma\"\nstatus: \"@.s\"\nunitt: \"@.u\"", "unknown key 'unitt'"),
    ])
    func aBlockThatCannotWorkIsRefusedWhenTheMappingLoads(body: String, message: String) throws {
        let text = "recordId: \"@.ma\"\nversion: \"@.v\"\ntime: { path: \"@.v\", date: \"yyyyMMdd\" }\n" + body
        do {
            _ = try Self.spec(text)
            Issue.record("loaded: \(body)")
        } catch let error as MappingError {
            #expect("\(error)".contains(message) && "\(error)".contains("hoso.yml"), "\(error)")
        }
    }

    @Test func aMappingWithoutRulesNeedsADossierBlock() throws {
        #expect(throws: MappingError.self) {
            try MappingSpec.load(text: "id: x\nversion: 1\nformat: json\n", file: "x.yml")
        }
        #expect(try Self.spec(Self.block).readsDossiers)
    }
}
