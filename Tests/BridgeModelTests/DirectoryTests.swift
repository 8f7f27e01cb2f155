import BridgeModel
import Foundation
import Testing

struct DirectoryTests {
    static let lan = Directory.Officer(
        id: "cb-lan", name: "Nguyễn Thị Lan", agency: "000.00.12.H34", block: .state,
        accounts: ["email": ["Lan.NT@khanhhoa.gov.vn"], "party-member": ["DV00001"], "union-member": ["DTN00002"]])
    static let lan2 = Directory.Officer(id: "cb-lan-2", name: "Nguyễn Thị Lan", agency: "000.00.14.H34", block: .state)
    static let hung = Directory.Officer(id: "cb-hung", name: "Lê Văn Hùng", agency: "000.00.12.H34")

    @Test(arguments: [
        (PersonRef(namespace: "email", id: "lan.nt@khanhhoa.gov.vn", name: nil), "cb-lan"),
        (PersonRef(namespace: "email", id: "LAN.NT@KHANHHOA.GOV.VN", name: nil), "cb-lan"),
        (PersonRef(namespace: "party-member", id: "DV00001", name: "whatever"), "cb-lan"),
        (PersonRef(namespace: "union-member", id: "DTN00002", name: nil), "cb-lan"),
        (PersonRef(namespace: "party-member", id: "dv00001", name: nil), nil),  // member codes are exact
        (PersonRef(namespace: "email", id: "nobody@x", name: nil), nil),
    ])
    func accountsResolveInTheirNamespace(person: PersonRef, officer: String?) throws {
        #expect(try Directory([Self.lan, Self.hung]).resolve(person) == officer)
    }

    @Test func aNameInNFDOrAnotherCaseResolvesLikeNFC() throws {
        let directory = try Directory([Self.hung])
        let nfd = "Lê Văn Hùng".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count != "Lê Văn Hùng".precomposedStringWithCanonicalMapping.unicodeScalars.count)
        #expect(directory.resolve(PersonRef(namespace: "eoffice-staff", id: nil, name: nfd)) == "cb-hung")
        #expect(directory.resolve(PersonRef(namespace: "eoffice-staff", id: nil, name: "LÊ VĂN  HÙNG")) == "cb-hung")
    }

    @Test func twoOfficersWithOneNameAreNeverGuessed() throws {
        let directory = try Directory([Self.lan, Self.lan2])
        let byName = PersonRef(namespace: "eoffice-staff", id: nil, name: "Nguyễn Thị Lan")
        #expect(directory.resolve(byName) == nil)
        #expect(directory.resolve(byName, agency: "000.00.14.H34") == "cb-lan-2")  // unique within the task's agency
    }

    @Test func anAccountClaimedTwiceIsRefused() {
        var other = Self.hung
        other.accounts = ["email": ["lan.nt@khanhhoa.gov.vn"]]
        #expect(throws: DirectoryError.self) { try Directory([Self.lan, other]) }
    }

    @Test func resolvingKeepsTheRawValuesAndMarksTheUnresolved() throws {
        var task = UnifiedTask(key: TaskKey("t"))
        task.mainHandler = PersonRef(namespace: "email", id: "lan.nt@khanhhoa.gov.vn", name: "Lan")
        task.coordinators = [PersonRef(namespace: "email", id: "ghost@x", name: "Ghost")]
        let resolved = try Directory([Self.lan]).resolved(task)
        #expect(resolved.mainHandler?.officer == "cb-lan")
        #expect(resolved.mainHandler?.id == "lan.nt@khanhhoa.gov.vn")
        #expect(resolved.mainHandler?.officerKey == "cb-lan")
        #expect(resolved.coordinators[0].officer == nil)
        #expect(resolved.coordinators[0].officerKey == "email:ghost@x")
    }
}

extension DirectoryTests {
    static let snv = Directory.Agency(code: "000.00.12.H34", name: "Sở Nội vụ", block: .state, units: ["Phòng Công chức, viên chức"])

    @Test func officersTakeTheirAgencysBlockAndMustBeInTheOrganisation() throws {
        var hung = Self.hung
        hung.unit = "Phòng Công chức, viên chức"
        let directory = try Directory([hung], agencies: [Self.snv])
        #expect(directory.officers["cb-hung"]?.block == .state)

        var stray = Self.hung
        stray.agency = "000.00.99.H34"
        #expect(throws: DirectoryError.self) { try Directory([stray], agencies: [Self.snv]) }
        var wrongUnit = Self.hung
        wrongUnit.unit = "Phòng Không Có"
        let error = #expect(throws: DirectoryError.self) { try Directory([wrongUnit], agencies: [Self.snv]) }
        #expect(error?.description == "officer 'cb-hung': unit 'Phòng Không Có' is not a unit of Sở Nội vụ")
    }
}
