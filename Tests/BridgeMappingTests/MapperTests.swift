import BridgeMapping
import BridgeModel
import BridgeParsing
import BridgeTestSupport
import Foundation
import Testing

struct MapperTests {
    static let defaults = Mapper.SourceDefaults(source: "eoffice", block: .state, agency: nil, payloadHash: "h")

    static func patches(_ sample: String) throws -> [TaskPatch] {
        let mapper = Mapper(spec: try Fixtures.edxmlMapping())
        let outcomes = mapper.map(try XMLStreamParser.parse(try Fixtures.sample(sample)), defaults: defaults)
        guard case .patches(let record)? = outcomes.first, outcomes.count == 1 else {
            Issue.record("\(sample) did not map: \(outcomes)")
            return []
        }
        return record.patches
    }

    static func failure(_ sample: String) throws -> RecordFailure? {
        let mapper = Mapper(spec: try Fixtures.edxmlMapping())
        if case .failure(_, let reason)? = mapper.map(try XMLStreamParser.parse(try Fixtures.sample(sample)), defaults: defaults).first {
            return reason
        }
        return nil
    }

    @Test func aDocumentMakesOneTaskPerReceivingAgency() throws {
        let patches = try Self.patches("doc-01-100.edxml")
        #expect(patches.map(\.taskKey.rawValue) == [
            "000.00.00.H34,2026/03/02,100/UBND-VP@000.00.12.H34", "000.00.00.H34,2026/03/02,100/UBND-VP@000.00.21.H34",
        ])
        let p = patches[0]
        #expect(p.fields[.title] == .text("V/v báo cáo kết quả đánh giá, xếp loại công chức năm 2025"))
        #expect(p.fields[.number] == .text("100"))
        #expect(p.fields[.notation] == .text("UBND-VP"))
        #expect(p.fields[.dueAt] == .time(Timestamp(iso8601: "2026-03-14T23:59:59.999+07:00")!))
        #expect(p.fields[.promulgationDate] == .day(CalendarDay(year: 2026, month: 3, day: 2)!))
        #expect(p.fields[.agency] == .text("000.00.12.H34"))
        #expect(p.fields[.block] == .text("state"))
        #expect(p.fields[.issuerName] == .text("UBND tỉnh Khánh Hòa"))
        #expect(p.status == nil)
    }

    @Test func theDefaultNamespaceWithoutPrefixMapsTheSame() throws {
        let patches = try Self.patches("doc-04-121.edxml")
        #expect(patches.first?.fields[.title] == .text("V/v tổ chức kỳ thi tốt nghiệp trung học phổ thông năm 2026"))
    }

    @Test func anAssignmentNamesTheHandlerByEmailInNFC() throws {
        let patches = try Self.patches("st-19-04-before-document.edxml")
        let p = try #require(patches.first)
        #expect(p.status?.code == "04")
        #expect(p.status?.status == .assigned)
        guard case .person(let person)? = p.fields[.mainHandler] else { Issue.record("no handler"); return }
        #expect(person.id == "hung.lv@khanhhoa.gov.vn")
        #expect(person.name == "Lê Văn Hùng".precomposedStringWithCanonicalMapping)
        #expect(person.name?.unicodeScalars.count == "Lê Văn Hùng".precomposedStringWithCanonicalMapping.unicodeScalars.count)
        #expect(p.fields[.assignedAt] == .time(Timestamp(iso8601: "2026-04-02T10:00:00+07:00")!))
    }

    @Test func theLegacySOAPStatusWithAWrongBindingAndDayFirstDatesMaps() throws {
        let p = try #require(try Self.patches("st-14-06-legacy-soap.edxml").first)
        #expect(p.status?.status == .completed)
        #expect(p.sourceTime == Timestamp(iso8601: "2026-03-27T16:45:00+07:00")!)
    }

    @Test func anUndeclaredPrefixStillMaps() throws {
        #expect(try Self.patches("st-12-05-undeclared-prefix.edxml").first?.status?.status == .inProgress)
    }

    @Test func aReplacementCancelsAndLinksTheReplacedTask() throws {
        let patches = try Self.patches("doc-20-260-replaces-219.edxml")
        let old = try #require(patches.first { $0.taskKey.rawValue.contains("219/UBND-VP") })
        let new = try #require(patches.first { $0.taskKey.rawValue.contains("260/UBND-VP") })
        #expect(old.status?.status == .cancelled)
        #expect(old.fields[.replacedBy] == .text(new.taskKey.rawValue))
        #expect(new.fields[.replaces] == .text(old.taskKey.rawValue))
    }

    @Test func aRevocationCancels() throws {
        #expect(try Self.patches("doc-17-212-revoke.edxml").first?.status?.status == .cancelled)
    }

    @Test func recallRequestIsRecordedWithoutChangingStatus() throws {
        let p = try #require(try Self.patches("st-16-13-recall-requested.edxml").first)
        #expect(p.status?.code == "13")
        #expect(p.status?.status == nil)
    }

    @Test func anUnknownStatusCodeIsAMappingFailure() throws {
        let failure = try #require(try Self.failure("st-14-09-unknown-code.edxml"))
        #expect(failure.kind == .mapping)
        #expect(failure.description.contains("status '09' is not in statuses"))
    }

    @Test func aMissingDocumentIdIsAMappingFailure() throws {
        let failure = try #require(try Self.failure("doc-21-301-missing-documentid.edxml"))
        #expect(failure.description.contains("no value at //ed:MessageHeader/ed:DocumentId"))
        #expect(failure.line != nil)
    }
}
