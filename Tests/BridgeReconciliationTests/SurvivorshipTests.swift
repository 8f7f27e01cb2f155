import BridgeModel
import BridgeReconciliation
import Foundation
import Testing

/// One task out of a unit's members: each field from the source precedence names, disagreements queued, and
/// decisions applied until the sources change under them.
struct SurvivorshipTests {
    static let t0 = Timestamp(iso8601: "2026-03-24T23:59:59.999+07:00")!
    static let later = Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00")!
    static let done = Timestamp(iso8601: "2026-03-20T10:00:00+07:00")!

    static func member(_ key: String, _ source: String, status: TaskStatus = .inProgress, handler: String? = "cb-lan", due: Timestamp? = t0,
                       completed: Timestamp? = nil, returns: Int = 0) -> UnitMember {
        var t = UnifiedTask(key: TaskKey(key))
        t.agency = "000.00.12.H34"
        t.status = status
        t.mainHandler = handler.map { PersonRef(namespace: "email", id: "\($0)@x", name: nil, officer: $0) }
        t.dueAt = due
        t.deadlines = due.map { [$0] } ?? []
        t.completedAt = completed
        t.returns = returns
        t.provenance = [RecordRef(source: source, recordId: key, recordVersion: "1", payloadHash: "h-\(key)", mappingId: source, mappingVersion: 1)]
        return UnitMember(task: t, source: source)
    }

    static func decision(_ action: ReconcileDecision.Action, _ task: String, field: String, source: String? = nil, value: String? = nil,
                         evidence: String?, sequence: Int = 1) -> ReconcileDecision {
        ReconcileDecision(sequence: sequence, action: action, task: TaskKey(task), field: field, source: source, value: value, evidence: evidence,
                          actor: "admin", reason: "checked", at: t0)
    }

    let precedence = Precedence(sources: ["eoffice", "ioffice", "party"])

    @Test func agreeingMembersMakeOneTaskUnderThePrimaryKeyAndTheOthersCountForNoOne() {
        let out = Survivorship.merge([Self.member("io", "ioffice"), Self.member("ed", "eoffice")], precedence: precedence, decisions: [])
        #expect(out.tasks.map(\.key.rawValue) == ["ed", "io"])
        #expect(out.tasks[0].countsForKPI && !out.tasks[1].countsForKPI)
        #expect(out.tasks[0].link?.members.map(\.rawValue) == ["ed", "io"])
        #expect(out.tasks[0].link?.sources["status"] == "eoffice")
        #expect(out.tasks[0].provenance.count == 2)
        #expect(out.conflicts.isEmpty && out.tasks[0].disputedFields.isEmpty)
    }

    @Test func aDisagreementTakesThePrecedenceValueAndDisputesTheField() {
        let out = Survivorship.merge(
            [Self.member("ed", "eoffice"), Self.member("io", "ioffice", status: .completed, handler: "cb-hung", completed: Self.done)],
            precedence: precedence, decisions: [])
        let task = out.tasks[0]
        #expect(task.status == .inProgress && task.mainHandler?.officer == "cb-lan" && task.completedAt == nil)
        #expect(task.disputedFields == ["mainHandler", "status"])
        #expect(out.conflicts.map(\.subject) == ["status", "mainHandler"])
        #expect(out.conflicts.allSatisfy { $0.kind == .disagreement && $0.state == .open && $0.sides.count == 2 })
    }

    @Test func aFieldRuleNamesItsOwnSources() {
        var p = precedence
        p.rules[.status] = .sources(["ioffice"])
        let out = Survivorship.merge(
            [Self.member("ed", "eoffice"), Self.member("io", "ioffice", status: .completed, completed: Self.done)], precedence: p, decisions: [])
        #expect(out.tasks[0].status == .completed && out.tasks[0].completedAt == Self.done)
        #expect(out.tasks[0].link?.sources["status"] == "ioffice" && out.tasks[0].link?.sources["completedAt"] == "ioffice")
    }

    @Test func anExtensionSeenInOneSystemGivesTheLatestDeadlineAndEveryDeadlineSeen() {
        let out = Survivorship.merge([Self.member("ed", "eoffice"), Self.member("io", "ioffice", due: Self.later)], precedence: precedence, decisions: [])
        #expect(out.tasks[0].dueAt == Self.later && out.tasks[0].deadlines == [Self.t0, Self.later])
        #expect(out.tasks[0].link?.sources["dueAt"] == "ioffice")
        #expect(out.tasks[0].disputedFields == ["dueAt"])
    }

    @Test func theSameReturnSeenInTwoSystemsIsOneReturn() {
        let out = Survivorship.merge([Self.member("ed", "eoffice", returns: 1), Self.member("p", "party", returns: 1)], precedence: precedence, decisions: [])
        #expect(out.tasks[0].returns == 1)
        let one = Survivorship.merge([Self.member("ed", "eoffice"), Self.member("p", "party", returns: 1)], precedence: precedence, decisions: [])
        #expect(one.tasks[0].returns == 1)
    }

    @Test func aChoiceSettlesTheFieldUntilTheSourcesChange() {
        let members = [Self.member("ed", "eoffice"), Self.member("io", "ioffice", status: .completed, completed: Self.done)]
        let evidence = "eoffice=in_progress;ioffice=completed"
        let chosen = Survivorship.merge(members, precedence: precedence, decisions: [Self.decision(.choose, "io", field: "status", source: "ioffice", evidence: evidence)])
        #expect(chosen.tasks[0].status == .completed && chosen.tasks[0].completedAt == Self.done)
        #expect(chosen.tasks[0].disputedFields.isEmpty)
        #expect(chosen.conflicts.first?.state == .resolved && chosen.conflicts.first?.decision == 1)

        // iOffice returns the task afterwards: the choice still applies, the field is disputed again.
        let changed = [Self.member("ed", "eoffice"), Self.member("io", "ioffice", status: .returned)]
        let reopened = Survivorship.merge(changed, precedence: precedence, decisions: [Self.decision(.choose, "io", field: "status", source: "ioffice", evidence: evidence)])
        #expect(reopened.tasks[0].status == .returned)
        #expect(reopened.conflicts.first?.state == .reopened && reopened.tasks[0].disputedFields == ["status"])
    }

    @Test func anOverrideWinsAndIsQueuedAgainWhenItsSourcesChange() {
        let single = [Self.member("ed", "eoffice")]
        let decided = Self.decision(.override, "ed", field: "status", value: "completed", evidence: "eoffice=in_progress")
        let out = Survivorship.merge(single, precedence: precedence, decisions: [decided])
        #expect(out.tasks[0].status == .completed && out.tasks[0].link?.sources["status"] == "admin" && out.conflicts.isEmpty)
        let moved = Survivorship.merge([Self.member("ed", "eoffice", status: .returned)], precedence: precedence, decisions: [decided])
        #expect(moved.tasks[0].status == .completed)
        #expect(moved.conflicts.map(\.kind) == [.override] && moved.conflicts[0].state == .reopened)
    }

    @Test func theLatestDecisionOnAFieldWins() {
        let members = [Self.member("ed", "eoffice"), Self.member("io", "ioffice", status: .completed, completed: Self.done)]
        let evidence = "eoffice=in_progress;ioffice=completed"
        let out = Survivorship.merge(members, precedence: precedence, decisions: [
            Self.decision(.choose, "io", field: "status", source: "eoffice", evidence: evidence, sequence: 2),
            Self.decision(.choose, "io", field: "status", source: "ioffice", evidence: evidence, sequence: 1),
        ])
        #expect(out.tasks[0].status == .inProgress)
    }

    @Test(arguments: [
        ("status", "finished", "is not a status"), ("mainHandler", "cb-nobody", "no officer"), ("dueAt", "30/04/2026", "is not a time"),
        ("priority", "high", "whole number"),
    ])
    func anOverrideValueThatCannotBeUsedSaysWhy(field: String, value: String, message: String) {
        var task = Self.member("ed", "eoffice").task
        #expect(throws: ReconcileError.self) { try Survivorship.overriding(UnitField(rawValue: field)!, with: value, in: &task, directory: .empty) }
        do { try Survivorship.overriding(UnitField(rawValue: field)!, with: value, in: &task, directory: .empty) } catch {
            #expect("\(error)".contains(message))
        }
    }

    @Test func aDayOverrideIsTheEndOfThatDayInVietnam() throws {
        var task = Self.member("ed", "eoffice").task
        try Survivorship.overriding(.dueAt, with: "2026-04-30", in: &task, directory: .empty)
        #expect(task.dueAt == Timestamp(iso8601: "2026-04-30T23:59:59.999+07:00"))
    }
}

private func key(_ s: String) -> TaskKey { TaskKey(s) }

/// Which tasks are one unit and which pairs an admin should look at.
struct UnitPlannerTests {
    func link(_ a: String, _ b: String, _ action: ReconcileDecision.Action = .link, _ n: Int = 1) -> ReconcileDecision {
        ReconcileDecision(sequence: n, action: action, task: key(a), other: key(b), actor: "a", reason: "r", at: Timestamp(millis: 0))
    }

    @Test func anExactGroupOfDifferentSourcesIsOneUnit() {
        let units = UnitPlanner.units(sources: [key("a"): "eoffice", key("b"): "ioffice", key("c"): "party"], exactGroups: [[key("a"), key("b")]], pairs: [:])
        #expect(units == [[key("a"), key("b")], [key("c")]])
    }

    @Test func twoRecordsOfOneSystemUnderOneKeyAreCandidatesNotAUnit() {
        let sources = [key("a"): "eoffice", key("b"): "ioffice", key("b2"): "ioffice"]
        let group = [key("a"), key("b"), key("b2")]
        #expect(UnitPlanner.units(sources: sources, exactGroups: [group], pairs: [:]).count == 3)
        let candidates = UnitPlanner.candidates(groups: ["x|A|1/UBND|2026-03-01": group], sources: sources, unitOf: [:], linked: [], pairs: [:])
        #expect(candidates.count == 3 && candidates.allSatisfy { $0.reason == "duplicate" })
    }

    @Test func anUnlinkKeepsAnExactPairApartAndALinkJoinsAnyPair() {
        let sources = [key("a"): "eoffice", key("b"): "ioffice", key("c"): "party"]
        let pairs = UnitPlanner.pairDecisions([link("a", "b", .unlink, 1), link("c", "a", .link, 2)])
        #expect(UnitPlanner.units(sources: sources, exactGroups: [[key("a"), key("b")]], pairs: pairs) == [[key("a"), key("c")], [key("b")]])
        // A later link of the same pair replaces the unlink.
        let again = UnitPlanner.pairDecisions([link("a", "b", .unlink, 1), link("b", "a", .link, 3)])
        #expect(UnitPlanner.units(sources: sources, exactGroups: [], pairs: again).first == [key("a"), key("b")])
    }

    @Test func nearMatchesAreCandidatesOncePerUnitAndNeverBetweenTwoLinkedUnits() {
        let sources = [key("ed@A"): "eoffice", key("io@A"): "ioffice", key("ed@B"): "eoffice", key("io@B"): "ioffice", key("p"): "party"]
        let unitOf = [key("ed@A"): key("ed@A"), key("io@A"): key("ed@A"), key("ed@B"): key("ed@B"), key("io@B"): key("ed@B")]
        let near = ["d|170/UBND-VP|2026-03-12": [key("ed@A"), key("io@A"), key("ed@B"), key("io@B"), key("p")]]
        let candidates = UnitPlanner.candidates(groups: near, sources: sources, unitOf: unitOf, linked: [key("ed@A"), key("ed@B")], pairs: [:])
        #expect(candidates.map(\.pair) == [TaskPair(key("ed@A"), key("p")), TaskPair(key("ed@B"), key("p"))])
        #expect(candidates.allSatisfy { $0.reason == "document" })
        let settled = UnitPlanner.candidates(
            groups: near, sources: sources, unitOf: unitOf, linked: [key("ed@A"), key("ed@B")], pairs: UnitPlanner.pairDecisions([link("p", "ed@A", .unlink)]))
        #expect(settled.map(\.pair) == [TaskPair(key("ed@B"), key("p"))])
    }

    @Test func aTitleOneSystemGivesTwoDocumentsSuggestsNothing() {
        let sources = [key("ed1"): "eoffice", key("ed2"): "eoffice", key("io"): "ioffice"]
        let group = [key("ed1"), key("ed2"), key("io")]
        #expect(UnitPlanner.candidates(groups: ["t|A|bao cao ket qua|2026-03-14": group], sources: sources, unitOf: [:], linked: [], pairs: [:]).isEmpty)
        #expect(UnitPlanner.candidates(groups: ["c|A|170UBNDVP": group], sources: sources, unitOf: [:], linked: [], pairs: [:]).count == 2)
    }

    @Test func aPairThatSharesTwoKeysIsOneCandidatePerReason() {
        let sources = [key("a"): "eoffice", key("b"): "ioffice"]
        let out = UnitPlanner.candidates(
            groups: ["c|A|170UBNDVP": [key("a"), key("b")], "t|A|cai cach hanh chinh|2026-03-12": [key("b"), key("a")]], sources: sources, unitOf: [:],
            linked: [], pairs: [:])
        #expect(out.map(\.reason) == ["code", "title"] && Set(out.map(\.pair)).count == 1)
    }

    @Test func aKeySharedByTooManyUnitsSuggestsNothing() {
        var sources: [TaskKey: String] = [:]
        var group: [TaskKey] = []
        for i in 0..<30 {
            let k = key("t\(i)")
            sources[k] = i % 2 == 0 ? "eoffice" : "party"
            group.append(k)
        }
        #expect(UnitPlanner.candidates(groups: ["d|1/UBND|2026-03-01": group], sources: sources, unitOf: [:], linked: [], pairs: [:]).isEmpty)
    }
}
