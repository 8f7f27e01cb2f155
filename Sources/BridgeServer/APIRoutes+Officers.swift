import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Hummingbird

/// `serve`'s API for officers in the loop (docs/operations.md, "Officers"): an officer token reads its own record
/// and raises disputes of its own tasks; every other token reads disputes of the agencies it sees, and an admin of
/// the task's agency decides them. An officer reaches nothing else: every other route needs a viewer.
extension APIRoutes {
    struct DisputeBody: Decodable {
        let task: String
        let kind: String
        let value: String?
        let reason: String
        let document: String?
        /// An evidence file: its name and its bytes in base64.
        let evidenceName: String?
        let evidence: String?
    }

    struct DisputeAnswer: Encodable {
        let id: Int64
        let officer: String
        let task: String
        let kind: String
        let value: String?
        let reason: String
        let document: String?
        let evidence: Dispute.Evidence?
        let raisedAt: String
        let state: String
        let agency: String?
        let decidedAt: String?
        let decidedBy: String?
        let decisionReason: String?
        let decidedValue: String?

        init(_ d: Dispute) {
            id = d.id
            officer = d.officer
            task = d.task.rawValue
            kind = d.kind.rawValue
            value = d.value
            reason = d.reason
            document = d.document
            evidence = d.evidence
            raisedAt = d.raisedAt.description
            state = d.state.rawValue
            agency = d.agency
            decidedAt = d.decidedAt?.description
            decidedBy = d.decidedBy
            decisionReason = d.decisionReason
            decidedValue = d.decidedValue
        }
    }

    struct DisputeDecisionAnswer: Encodable {
        let recorded: Bool
        let dispute: DisputeAnswer
        let decisions: [String]
        let scores: [ScoreMoveRow]
    }

    struct ProposalBody: Decodable {
        let period: String
        let points: String
        let comment: String?
    }

    struct ConfirmBody: Decodable {
        let officer: String
        let period: String
        let points: String?
        let comment: String?
    }

    struct SelfAssessmentAnswer: Encodable {
        let period: String
        let opens: String
        let closes: String
        let open: Bool
        let selfAssessment: SelfAssessment?
    }

    func registerOfficers(on api: RouterGroup<APIContext>) {
        api.get("me/self-assessment") { request, context in
            let officer = try Self.officer(try context.require(.officer))
            let period = try Self.period(request.uri.queryParameters["period"])
            let window = bridge.configuration.selfAssessment.window(period)
            let now = clock.timestamp
            return Self.json(try Self.encode(SelfAssessmentAnswer(
                period: period.description, opens: window.opens.description, closes: window.closes.description, open: window.opens <= now && now < window.closes,
                selfAssessment: try bridge.store.selfAssessments.list(period: period.description, officer: officer).first)))
        }
        api.post("me/self-assessment") { request, context in
            let grant = try context.require(.officer)
            let officer = try Self.officer(grant)
            let body = try await request.decode(as: ProposalBody.self, context: context)
            let period = try Self.period(body.period[...])
            do {
                try await gate.exclusive {
                    try bridge.proposeSelfAssessment(officer: officer, period: period, points: body.points, comment: body.comment, actor: "api:\(grant.name)", at: clock.timestamp)
                }
            } catch let error as AppError {
                throw Problem(.unprocessableContent, error.message)
            } catch let error as LedgerError {
                throw Problem(.conflict, error.message)
            }
            return Self.json(try Self.encode(try bridge.store.selfAssessments.list(period: period.description, officer: officer)))
        }
        api.get("self-assessments") { request, context in
            let grant = try context.require(.officer)
            let period = try Self.period(request.uri.queryParameters["period"])
            let leadership = try bridge.leadership(on: clock.timestamp.day())
            let items = try bridge.store.selfAssessments.list(period: period.description).filter {
                try mayConfirmOrSee($0.officer, grant, confirming: false, leadership: leadership)
            }
            return Self.json(try Self.encode(items))
        }
        api.post("self-assessments/confirm") { request, context in
            let grant = try context.require(.officer)
            let body = try await request.decode(as: ConfirmBody.self, context: context)
            let period = try Self.period(body.period[...])
            guard try mayConfirmOrSee(body.officer, grant, confirming: true) else { throw Problem(.notFound, "no self-assessment of '\(body.officer)' to confirm") }
            do {
                try await gate.exclusive {
                    try bridge.confirmSelfAssessment(
                        officer: body.officer, period: period, points: body.points, comment: body.comment, actor: "api:\(grant.name)", at: clock.timestamp)
                }
            } catch let error as AppError {
                throw Problem(.unprocessableContent, error.message)
            } catch let error as LedgerError {
                throw Problem(.conflict, error.message)
            }
            return Self.json(try Self.encode(try bridge.store.selfAssessments.list(period: period.description, officer: body.officer)))
        }
        api.get("me/notifications") { _, context in
            let officer = try Self.officer(try context.require(.officer))
            return Self.json(try Self.encode(try bridge.store.notifications.inbox(officer)))
        }
        api.post("me/notifications/read") { _, context in
            let officer = try Self.officer(try context.require(.officer))
            try await gate.exclusive { try bridge.store.notifications.markRead(officer, at: clock.timestamp) }
            return Self.json(try Self.encode(["unread": 0]))
        }
        api.get("me") { request, context in
            let officer = try Self.officer(try context.require(.officer))
            let period = try Self.period(request.uri.queryParameters["period"])
            let score = try bridge.explain(officer: officer, period: period, at: clock.timestamp)
            return Self.json(try ScoreFormatter.explain(score, as: .json))
        }
        api.get("me/disputes") { _, context in
            let officer = try Self.officer(try context.require(.officer))
            return Self.json(try Self.encode(try bridge.store.disputes.list(officer: officer).map(DisputeAnswer.init)))
        }
        api.post("me/disputes") { request, context in
            let grant = try context.require(.officer)
            let officer = try Self.officer(grant)
            let body = try await request.decode(as: DisputeBody.self, context: context)
            guard let kind = Dispute.Kind(rawValue: body.kind) else {
                throw Problem(.badRequest, "kind '\(body.kind)' is not one of \(Dispute.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let file = try body.evidence.map { text in
                guard let data = Data(base64Encoded: text) else { throw Problem(.badRequest, "evidence is not base64") }
                return data
            }
            let evidence = file.map { (name: body.evidenceName ?? "evidence", data: $0) }
            let dispute: Dispute
            do {
                dispute = try await gate.exclusive {
                    try bridge.raiseDispute(
                        officer: officer, task: TaskKey(body.task), kind: kind, value: body.value, reason: body.reason, document: body.document,
                        evidence: evidence, actor: "api:\(grant.name)", at: clock.timestamp)
                }
            } catch let error as AppError {
                // Another officer's task reads as no task at all.
                if error.message.hasPrefix("no task") { throw Problem(.notFound, error.message) }
                throw Problem(.unprocessableContent, error.message)
            }
            var response = Self.json(try Self.encode(DisputeAnswer(dispute)))
            response.status = .created
            return response
        }
        api.get("disputes") { request, context in
            let grant = try context.require(.viewer)
            let state = request.uri.queryParameters["state"].map(String.init)
            if let state, Dispute.State(rawValue: state) == nil { throw Problem(.badRequest, "state '\(state)' is not open, accepted or rejected") }
            let visible = try bridge.store.disputes.list().filter { grant.sees($0.agency) && (state == nil || $0.state.rawValue == state) }
            return Self.json(try Self.encode(visible.map(DisputeAnswer.init)))
        }
        api.post("disputes/:id/:action") { request, context in
            let grant = try context.require(.admin)
            let text = try context.parameters.require("id")
            guard let id = Int64(text), let dispute = try bridge.store.disputes.dispute(id), grant.sees(dispute.agency) else {
                throw Problem(.notFound, "no dispute '\(text)'")
            }
            let action = try context.parameters.require("action")
            guard action == "accept" || action == "reject" else { throw Problem(.notFound, "no decision '\(action)' (accept, reject)") }
            let body = try await request.decode(as: DecisionBody.self, context: context)
            return try await decideDispute(dispute.id, accept: action == "accept", body, grant)
        }
    }

    /// Accepts or rejects a dispute (or tries it) in the token's name; 422 with the reason when it cannot be.
    func decideDispute(_ id: Int64, accept: Bool, _ body: DecisionBody, _ grant: TokenStore.Grant) async throws -> Response {
        let dryRun = body.dryRun ?? false
        do {
            let outcome = try await gate.exclusive {
                try bridge.decideDispute(id, accept: accept, value: body.value, reason: body.reason ?? "", actor: "api:\(grant.name)", at: clock.timestamp, dryRun: dryRun)
            }
            return Self.json(try Self.encode(DisputeDecisionAnswer(
                recorded: !dryRun, dispute: DisputeAnswer(outcome.dispute), decisions: outcome.decisions.map(\.summary),
                scores: outcome.scores.map(ScoreMoveRow.init))))
        } catch let error as AppError {
            throw Problem(.unprocessableContent, error.message)
        }
    }

    /// True when `grant` may see (`confirming`: confirm) `officer`'s self-assessment: an officer token that leads
    /// their unit, an admin (or, to see, any token) of their agency.
    func mayConfirmOrSee(_ officer: String, _ grant: TokenStore.Grant, confirming: Bool, leadership: Leadership? = nil) throws -> Bool {
        if grant.role == .officer, let me = grant.officer {
            return try (leadership ?? bridge.leadership(on: clock.timestamp.day())).leads(me, officer: officer)
        }
        guard !confirming || grant.role >= .admin else { return false }
        return grant.sees(try bridge.store.directory.current().officers[officer]?.agency)
    }

    /// The directory officer of an officer token; other roles have no record of their own.
    static func officer(_ grant: TokenStore.Grant) throws -> String {
        guard let officer = grant.officer else { throw Problem(.forbidden, "token '\(grant.name)' is not an officer's: /api/v1/me is each officer's own record") }
        return officer
    }
}
