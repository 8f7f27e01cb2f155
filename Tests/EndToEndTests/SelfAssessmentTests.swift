import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Self-assessment (docs/scoring.md): the officer's proposal changes nothing until their unit's leader confirms
/// it; the leader's change is what counts; both values are in the audit log; the window and a closed period are
/// kept to.
struct SelfAssessmentTests {
    static let march = Period("2026-03")!

    @Test func aProposalCountsOnlyOnceTheLeaderConfirmsIt() throws {
        let dir = try TemporaryDirectory()
        let bridge = try NotificationTests.bridge(dir, smtp: 1, hook: 1)
        let inWindow = Timestamp(iso8601: "2026-03-29T10:00:00+07:00")!
        func lan() throws -> OfficerScore { try bridge.explain(officer: "cb-lan", period: Self.march, at: inWindow) }
        #expect(try lan().provisional && lan().generalPoints == Rational(30))

        // The window: 7 days before the end of March to 15 days after (the defaults).
        #expect(throws: AppError.self) {
            try bridge.proposeSelfAssessment(officer: "cb-lan", period: Self.march, points: "28", comment: nil, actor: "lan", at: Timestamp(iso8601: "2026-03-10T10:00:00+07:00")!)
        }
        #expect(throws: AppError.self) {
            try bridge.proposeSelfAssessment(officer: "cb-lan", period: Self.march, points: "31", comment: nil, actor: "lan", at: inWindow)
        }
        try bridge.proposeSelfAssessment(officer: "cb-lan", period: Self.march, points: "29,5", comment: "Hoàn thành đúng hạn các văn bản", actor: "web:lan", at: inWindow)
        #expect(try lan().provisional, "a proposal is not an assessment")
        #expect(try bridge.store.selfAssessments.list(period: "2026-03").map(\.proposedPoints) == ["29.5"])

        // Her unit's leader (TP by the directory and the catalogue) leads her; Tuấn, of another agency, does not.
        #expect(try bridge.leads("cb-truong", officer: "cb-lan", on: inWindow.day()))
        #expect(try !bridge.leads("cb-tuan", officer: "cb-lan", on: inWindow.day()) && !bridge.leads("cb-lan", officer: "cb-truong", on: inWindow.day()))
        try bridge.confirmSelfAssessment(officer: "cb-lan", period: Self.march, points: "27", comment: "Còn chậm báo cáo tuần", actor: "web:truong", at: inWindow)
        let confirmed = try lan()
        #expect(!confirmed.provisional && confirmed.generalPoints == Rational(27))
        let kept = try #require(try bridge.store.selfAssessments.list(period: "2026-03", officer: "cb-lan").first)
        #expect(kept.state == .confirmed && kept.proposedPoints == "29.5" && kept.confirmedPoints == "27" && kept.changed && kept.confirmedBy == "web:truong")
        let audit = try bridge.store.audit.log(limit: 20).filter { $0.action.hasPrefix("self-assessment.") }
        #expect(audit.map(\.action).sorted() == ["self-assessment.change", "self-assessment.propose"])
        #expect(audit.first { $0.action == "self-assessment.change" }?.detail?.hasPrefix("proposed 29.5, confirmed 27") == true)
        #expect(throws: AppError.self) { try bridge.confirmSelfAssessment(officer: "cb-lan", period: Self.march, points: nil, comment: nil, actor: "x", at: inWindow) }
        #expect(throws: (any Error).self) {
            try bridge.proposeSelfAssessment(officer: "cb-lan", period: Self.march, points: "30", comment: nil, actor: "lan", at: inWindow)
        }

        // A closed period takes no proposal.
        _ = try bridge.closePeriod("2026-03", actor: "hr", at: Timestamp(iso8601: "2026-04-02T10:00:00+07:00")!)
        #expect(throws: AppError.self) {
            try bridge.proposeSelfAssessment(officer: "cb-truong", period: Self.march, points: "30", comment: nil, actor: "truong", at: Timestamp(iso8601: "2026-04-03T10:00:00+07:00")!)
        }
    }
}
