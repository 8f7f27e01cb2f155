import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// An admin's identity work: an unresolved account claimed by hand, a directory import tried before it is made,
/// and a file merged into the directory instead of replacing it.
struct DirectoryAdminTests {
    static let at = Timestamp(iso8601: "2026-05-02T00:00:00+07:00")!

    static func imported(_ dir: TemporaryDirectory) throws -> Bridge {
        let bridge = try IdentityTests.bridge(dir)
        let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array(IdentityTests.directory.utf8)))
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        return bridge
    }

    static func coordinatorOfficers(_ bridge: Bridge) throws -> [String?] {
        try bridge.store.tasks.list(TaskFilter()).first { $0.key.rawValue == "party:P-00104" }!.coordinators.map(\.officer)
    }

    @Test func anAccountLinkedByHandResolvesItsTasksAndOutlivesTheNextImport() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        #expect(try Self.coordinatorOfficers(bridge) == [nil])  // DV00004 is in no directory file

        try bridge.linkAccount("party-member:DV00004", to: "cb-hung", reason: "Hùng's Party member code, confirmed by phone", actor: "lan", at: Self.at)
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-hung"])
        #expect(try bridge.store.audit.log().contains { $0.action == "directory.link" && $0.subject == "party-member:DV00004" && $0.detail?.contains("confirmed by phone") == true })

        // The same directory imported again: the link stays applied.
        let (officers, agencies) = try DirectoryFile.load(dir.file("directory.yml"))
        #expect(try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: Self.at).setAside.isEmpty)
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-hung"])

        // A directory that gives the account to Lan decides it: the link is set aside, and said so.
        var withAccount = officers
        withAccount[withAccount.firstIndex { $0.id == "cb-lan" }!].accounts["party-member"]!.append("DV00004")
        let setAside = try bridge.importDirectory(withAccount, agencies: agencies, origin: "directory-2.yml", actor: "test", at: Self.at).setAside
        #expect(setAside.map(\.identity) == ["party-member:DV00004"])
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-lan"])
        #expect(try bridge.store.audit.log().contains { $0.action == "directory.link.set-aside" && $0.detail?.contains("gives the account to cb-lan") == true })

        // Back to the first directory, then the link taken back: the account is unresolved again.
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: Self.at)
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-hung"])
        try bridge.unlinkAccount("party-member:DV00004", reason: "wrong person", actor: "lan", at: Self.at)
        #expect(try Self.coordinatorOfficers(bridge) == [nil])
    }

    @Test(arguments: [
        ("party-member:DV00001", "cb-hung", "belongs to cb-lan"),
        ("party-member:DV00001", "cb-lan", "is cb-lan's already"),
        ("party-member:DV00004", "cb-nobody", "no officer 'cb-nobody'"),
        ("DV00004", "cb-hung", "is not an account"),
        ("party-member:", "cb-hung", "is not an account"),
    ])
    func aLinkThatCannotBeMadeSaysWhyAndChangesNothing(account: String, officer: String, message: String) throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        let before = try bridge.store.tasks.list(TaskFilter())
        let error = #expect(throws: (any Error).self) { try bridge.linkAccount(account, to: officer, reason: "r", actor: "lan", at: Self.at) }
        #expect("\(error!)".contains(message), "\(error!)")
        #expect(try bridge.store.tasks.list(TaskFilter()) == before)
        #expect(try bridge.store.directory.links().isEmpty)
    }

    @Test func linkingAndUnlinkingNeedAReason() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        #expect(throws: AppError.self) { try bridge.linkAccount("party-member:DV00004", to: "cb-hung", reason: " ", actor: "lan", at: Self.at) }
        #expect(throws: AppError.self) { try bridge.unlinkAccount("party-member:DV00004", reason: "", actor: "lan", at: Self.at) }
        let notLinked = #expect(throws: (any Error).self) { try bridge.unlinkAccount("party-member:DV00004", reason: "r", actor: "lan", at: Self.at) }
        #expect("\(notLinked!)".contains("was not linked by hand"))
    }

    @Test func aDryRunImportSaysWhatWouldChangeAndWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        let (officers, agencies) = try DirectoryFile.load(dir.file("directory.yml"))
        // Hùng leaves; a new officer takes the Party member code nobody held.
        var next = officers.filter { $0.id != "cb-hung" }
        next.append(Directory.Officer(id: "cb-mai", name: "Trần Thị Mai", accounts: ["party-member": ["DV00004"]]))
        // Lan moves unit, and her Party member code is dropped by mistake: her Party task is no longer hers.
        next[next.firstIndex { $0.id == "cb-lan" }!].unit = "Phòng Tổ chức biên chế"
        next[next.firstIndex { $0.id == "cb-lan" }!].accounts["party-member"] = nil
        let tasksBefore = try bridge.store.tasks.list(TaskFilter())
        let auditBefore = try bridge.store.audit.log().count
        let scoresBefore = try bridge.store.scores.stored(period: "2026-Q2")

        let change = try bridge.previewDirectory(next, agencies: agencies, origin: "next.yml", actor: "test", at: Self.at)
        #expect(change.added.map(\.id) == ["cb-mai"] && change.removed.map(\.id) == ["cb-hung"])
        #expect(change.changed.map(\.after.id) == ["cb-lan"] && change.changed.first?.fields == ["unit", "accounts"])
        #expect(change.resolutions.contains { $0.task.rawValue == "party:P-00104" && $0.after.contains("cb-mai") })
        #expect(change.resolutions.contains { $0.task.rawValue == "party:P-00104" && $0.after.contains("party-member:DV00001") })
        #expect(change.scores.contains { $0.pair.officer == "party-member:DV00001" && $0.before == nil && $0.after != nil }, "\(change.lines)")
        #expect(change.scores.contains { $0.pair.officer == "cb-lan" && $0.before != nil }, "\(change.lines)")
        let printed = change.lines.joined(separator: "\n")
        #expect(printed.contains("officers: 1 added, 1 removed, 1 changed") && printed.contains("  + cb-mai  Trần Thị Mai"))

        // Nothing was written: tasks, directory, audit and scores as they were.
        #expect(try bridge.store.tasks.list(TaskFilter()) == tasksBefore)
        #expect(try bridge.store.directory.current().officers["cb-mai"] == nil)
        #expect(try bridge.store.audit.log().count == auditBefore)
        #expect(try bridge.store.scores.stored(period: "2026-Q2") == scoresBefore)

        // The import itself does what the dry run said.
        let changed = try bridge.importDirectory(next, agencies: agencies, origin: "next.yml", actor: "test", at: Self.at).changedTasks
        #expect(changed >= change.resolutions.count)
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-mai"])
    }

    /// Renaming an officer moves no number: a closed period records no adjustment, the dry run and the import
    /// agree, and `score` says so. A change that does move numbers is recorded at the time of the import.
    @Test func aRenameAdjustsNoClosedPeriodAndARealChangeIsRecordedWhenItHappens() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        let closeAt = Timestamp(iso8601: "2026-07-01T00:00:00+07:00")!
        #expect(try bridge.closePeriod("2026-Q2", actor: "test", at: closeAt) > 0)
        #expect(try bridge.closePeriod("2026", actor: "test", at: closeAt) > 0)
        let (officers, agencies) = try DirectoryFile.load(dir.file("directory.yml"))
        var renamed = officers
        renamed[renamed.firstIndex { $0.id == "cb-lan" }!].name = "Nguyễn Thị Lan Anh"

        let renameAt = Timestamp(iso8601: "2026-07-10T09:00:00+07:00")!
        let dry = try bridge.previewDirectory(renamed, agencies: agencies, origin: "renamed.yml", actor: "test", at: renameAt)
        #expect(dry.scores.isEmpty, "\(dry.lines)")
        try bridge.importDirectory(renamed, agencies: agencies, origin: "renamed.yml", actor: "test", at: renameAt)
        #expect(try bridge.store.scores.adjustments(period: "2026-Q2").isEmpty)
        #expect(try bridge.store.scores.adjustments(period: "2026").isEmpty)
        #expect(try !bridge.store.audit.log().contains { $0.action == "score.adjust" })
        let year = try bridge.scoreReport(period: Period("2026")!, at: nil, filter: ScoreFilter(), current: false)
        #expect(year.note?.contains("0 adjustment(s)") == true, "\(year.note ?? "")")

        // Lan's Party member code is dropped: her Party task leaves her, and that is an adjustment made now.
        var dropped = renamed
        dropped[dropped.firstIndex { $0.id == "cb-lan" }!].accounts["party-member"] = nil
        let dropAt = Timestamp(iso8601: "2026-07-20T09:00:00+07:00")!
        try bridge.importDirectory(dropped, agencies: agencies, origin: "dropped.yml", actor: "test", at: dropAt)
        let adjustments = try bridge.store.scores.adjustments(period: "2026-Q2")
        #expect(adjustments.contains { $0.officer == "cb-lan" }, "\(adjustments)")
        #expect(adjustments.allSatisfy { $0.at == dropAt.description }, "\(adjustments)")
        let audited = try bridge.store.audit.log().filter { $0.action == "score.adjust" }
        #expect(!audited.isEmpty && audited.allSatisfy { $0.at == dropAt.description }, "\(audited)")
    }

    @Test func aDirectoryTriedAndNotImportedIsNeverTheOneInForce() throws {
        let dir = try TemporaryDirectory()
        let bridge = try Self.imported(dir)
        let (officers, agencies) = try DirectoryFile.load(dir.file("directory.yml"))
        let tried = officers + [Directory.Officer(id: "cb-mai", name: "Trần Thị Mai", accounts: ["party-member": ["DV00004"]])]
        _ = try bridge.previewDirectory(tried, agencies: agencies, origin: "tried.yml", actor: "test", at: Self.at)
        // The next real import is another directory: the tried one, decoded inside the rolled-back transaction,
        // must not be taken for it.
        let real = officers + [Directory.Officer(id: "cb-son", name: "Phạm Văn Sơn", accounts: ["email": ["son@x"]])]
        try bridge.importDirectory(real, agencies: agencies, origin: "real.yml", actor: "test", at: Self.at)
        let current = try bridge.store.directory.current()
        #expect(current.officers["cb-son"] != nil && current.officers["cb-mai"] == nil)
        #expect(try Self.coordinatorOfficers(bridge) == [nil])
    }

    @Test func aMergedFileReplacesTheOfficersItNamesAndKeepsTheOthers() async throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("hung.yml", Array("""
            officers:
              - { id: cb-hung, name: Lê Văn Hùng, accounts: { email: hung.lv.3@khanhhoa.gov.vn, party-member: DV00004 } }
            """.utf8))
        _ = try Self.imported(dir)
        let run = try await CommandRunner.capture(["directory", "import", "--merge", file, "--database", "sqlite:\(dir.file("l.sqlite"))", "--config", dir.file("kpibridge.yml")], in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        #expect(run.output.contains("(merged)"))
        let list = try await CommandRunner.output(["directory", "list", "--database", "sqlite:\(dir.file("l.sqlite"))", "--config", dir.file("kpibridge.yml")])
        #expect(list.contains("cb-lan") && list.contains("cb-hung") && list.contains("2 officer(s)"))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: dir.file("kpibridge.yml")), databasePath: dir.file("l.sqlite"), access: .read)
        #expect(try Self.coordinatorOfficers(bridge) == ["cb-hung"])
    }

    @Test func theDryRunCommandPrintsTheDiffAndTheLedgerIsUnchanged() async throws {
        let dir = try TemporaryDirectory()
        _ = try Self.imported(dir)
        let file = try dir.write("only-lan.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, accounts: { email: lan.nt.0@khanhhoa.gov.vn, party-member: DV00001 } }
            """.utf8))
        let common = ["--database", "sqlite:\(dir.file("l.sqlite"))", "--config", dir.file("kpibridge.yml")]
        let before = try await CommandRunner.output(["tasks", "--format", "json"] + common)
        let run = try await CommandRunner.capture(["directory", "import", "--dry-run", file] + common, in: dir.path)
        #expect(run.succeeded, "\(run.errors)")
        #expect(run.output.hasPrefix("dry run: nothing written\nofficers: 0 added, 1 removed, 1 changed"), "\(run.output)")
        #expect(run.output.contains("  - cb-hung  Lê Văn Hùng"))
        await #expect(try CommandRunner.output(["tasks", "--format", "json"] + common) == before)
    }
}
