import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Hummingbird

/// `serve`'s API for what people enter: the directory (read), assessments (read, and entered by admins), and
/// period close and reopen (admins who see every agency). Writes wait for any sync pass and are audited with
/// the token's name.
extension APIRoutes {
    func registerPeople(on api: RouterGroup<APIContext>) {
        api.get("directory") { request, context in
            let grant = try context.require(.viewer)
            let agency = request.uri.queryParameters["agency"].map(String.init)
            if let agency, !grant.sees(agency) { throw Problem(.forbidden, "token '\(grant.name)' may not see agency \(agency)") }
            let directory = try bridge.store.directory.current()
            let officers = directory.officers.values.filter { grant.sees($0.agency) && (agency == nil || $0.agency == agency) }.sorted { $0.id < $1.id }
            let agencies = directory.agencies.values.filter { grant.sees($0.code) }.sorted { $0.code < $1.code }
            return Self.json(try Self.encode(DirectoryAnswer(
                agencies: agencies.map { .init(code: $0.code, name: $0.name, block: $0.block.rawValue, units: $0.units) },
                officers: officers.map {
                    .init(id: $0.id, name: $0.name, agency: $0.agency, unit: $0.unit, block: $0.block?.rawValue, position: $0.position, accounts: $0.accounts)
                })))
        }
        api.get("assessments") { request, context in
            let grant = try context.require(.viewer)
            let period = try Self.period(request.uri.queryParameters["period"])
            let visible = try visibleOfficers(grant)
            let items = try bridge.store.scores.assessments(period: period.description).values.filter { visible($0.officer) }.sorted { $0.officer < $1.officer }
            return Self.json(try Self.encode(items))
        }
        api.post("assessments") { request, context in
            let grant = try context.require(.admin)
            let body = try await request.decode(as: AssessmentBody.self, context: context)
            let max = bridge.scoreBook.scorer.policy.generalPointsMax
            var items: [StoredAssessment] = []
            for (i, item) in body.items.enumerated() {
                do {
                    items.append(try AssessmentFile.validated(
                        officer: item.officer, period: item.period, generalPoints: item.generalPoints, sanction: item.sanction ?? false, maxGeneralPoints: max))
                } catch let error as AppError {
                    throw Problem(.badRequest, "items[\(i)]: \(error.message)")
                }
            }
            guard !items.isEmpty else { throw Problem(.badRequest, "items is empty: nothing to enter") }
            let keyed = try bridge.keyed(items)
            let visible = try visibleOfficers(grant)
            if let hidden = keyed.first(where: { !visible($0.officer) }) { throw Problem(.forbidden, "token '\(grant.name)' may not enter \(hidden.officer)'s assessment") }
            let pairs = keyed.map { "\($0.officer) \($0.period)" }
            if let twice = pairs.first(where: { p in pairs.filter { $0 == p }.count > 1 }) { throw Problem(.badRequest, "\(twice) appears twice") }
            try await gate.exclusive { try bridge.importAssessments(keyed, origin: "api", actor: "api:\(grant.name)", at: clock.timestamp) }
            return Self.json(try Self.encode(["imported": keyed.count]))
        }
        api.post("periods/:period/:action") { request, context in
            let grant = try context.require(.admin)
            try Self.unscopedPeriods(grant)
            let text: String = try context.parameters.require("period")
            let period = try Self.period(text[...])
            let actor = "api:\(grant.name)"
            let action = try context.parameters.require("action")
            // Closing a closed period or reopening an open one is a conflict with the ledger's state, said as such.
            let closed = try bridge.store.scores.closed(period: period.description) != nil
            if action == "close" && closed { throw Problem(.conflict, "period \(period) is already closed (reopen it first, with a reason)") }
            if action == "reopen" && !closed { throw Problem(.conflict, "period \(period) is not closed") }
            switch action {
            case "close":
                let kept = try await gate.exclusive { try bridge.closePeriod(period.description, actor: actor, at: clock.timestamp) }
                return Self.json(try Self.encode(PeriodAnswer(period: period.description, closed: true, scores: kept)))
            case "reopen":
                let body = try await request.decode(as: DecisionBody.self, context: context)
                let dropped = try await gate.exclusive {
                    try bridge.reopenPeriod(period.description, reason: body.reason ?? "", actor: actor, at: clock.timestamp)
                }
                return Self.json(try Self.encode(PeriodAnswer(period: period.description, closed: false, scores: dropped)))
            case let other: throw Problem(.notFound, "no period action '\(other)' (close, reopen)")
            }
        }
    }

    /// Whether an officer key is one the token may see: by the directory's agency; an officer the directory
    /// does not hold only by a token that sees every agency.
    func visibleOfficers(_ grant: TokenStore.Grant) throws -> (String) -> Bool {
        guard !grant.agencies.isEmpty else { return { _ in true } }
        let directory = try bridge.store.directory.current()
        return { officer in grant.sees(directory.officers[officer]?.agency ?? "") && directory.officers[officer] != nil }
    }

    /// A period is closed for the whole province: only a token that sees every agency closes or reopens it.
    static func unscopedPeriods(_ grant: TokenStore.Grant) throws {
        guard grant.agencies.isEmpty else { throw Problem(.forbidden, "a period is closed for every agency: token '\(grant.name)' is limited to agencies") }
    }

    struct AssessmentBody: Decodable {
        struct Item: Decodable {
            let officer: String
            let period: String
            /// Decimal text (`"27.5"`) or a JSON number (`27.5`, read by its digits, never through binary floating point).
            let generalPoints: String?
            let sanction: Bool?

            enum CodingKeys: String, CodingKey { case officer, period, generalPoints, sanction }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                officer = try c.decode(String.self, forKey: .officer)
                period = try c.decode(String.self, forKey: .period)
                sanction = try c.decodeIfPresent(Bool.self, forKey: .sanction)
                if let text = try? c.decodeIfPresent(String.self, forKey: .generalPoints) {
                    generalPoints = text
                } else if let number = try c.decodeIfPresent(Decimal.self, forKey: .generalPoints) {
                    generalPoints = "\(number)"
                } else {
                    generalPoints = nil
                }
            }
        }
        let items: [Item]
    }

    struct PeriodAnswer: Encodable {
        let period: String
        let closed: Bool
        /// Scores kept (close) or dropped (reopen).
        let scores: Int
    }

    struct DirectoryAnswer: Encodable {
        struct Agency: Encodable { let code, name, block: String; let units: [String] }
        struct Officer: Encodable {
            let id, name: String
            let agency, unit, block, position: String?
            let accounts: [String: [String]]
        }
        let agencies: [Agency]
        let officers: [Officer]
    }
}
