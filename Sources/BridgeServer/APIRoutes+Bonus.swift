import BridgeApp
import BridgeBonus
import BridgeLedger
import BridgeModel
import Foundation
import HTTPTypes
import Hummingbird

/// `serve`'s API for the annual bonus (docs/bonus.md): a kept run read by any token that sees the agency, a run
/// made by an admin of it. A run waits for any sync pass and is audited with the token's name.
extension APIRoutes {
    struct BonusRunBody: Decodable {
        let agency: String
        let year: Int
    }

    func registerBonus(on api: RouterGroup<APIContext>) {
        api.get("bonus") { request, context in
            let grant = try context.require(.viewer)
            let query = request.uri.queryParameters
            let (agency, year) = try Self.bonusScope(agency: query["agency"].map(String.init), year: query["year"].map(String.init), grant)
            var run: Int64?
            if let text = query["run"] {
                guard let number = Int64(text) else { throw Problem(.badRequest, "run '\(text)' is not a run number") }
                run = number
            }
            guard let statement = try bridge.bonusStatement(agency: agency, year: year, run: run, at: clock.timestamp) else {
                throw Problem(.notFound, "no bonus run of \(agency) for \(year)\(run.map { " numbered \($0)" } ?? "")")
            }
            return Self.json(try BonusFormatter.json(statement))
        }
        api.post("bonus/runs") { request, context in
            let grant = try context.require(.admin)
            let body = try await request.decode(as: BonusRunBody.self, context: context)
            let (agency, year) = try Self.bonusScope(agency: body.agency, year: "\(body.year)", grant)
            let (statement, unchanged) = try await gate.exclusive {
                do {
                    return try bridge.runBonus(agency: agency, year: year, actor: "api:\(grant.name)", at: clock.timestamp)
                } catch let refusal as BonusRun.Refusal {
                    throw Problem(.unprocessableContent, refusal.message)
                }
            }
            var response = Self.json(try BonusFormatter.json(statement))
            response.status = unchanged ? .ok : .created
            return response
        }
    }

    /// The agency (required, and one the token sees: 403 otherwise) and the year of a bonus request.
    static func bonusScope(agency: String?, year: String?, _ grant: TokenStore.Grant) throws -> (String, Int) {
        guard let agency, !agency.isEmpty else { throw Problem(.badRequest, "agency is required (a bonus run is an agency's)") }
        guard let text = year, let year = Int(text), (2000...2100).contains(year) else { throw Problem(.badRequest, "year '\(year ?? "")' is not a year such as 2026") }
        guard grant.sees(agency) else { throw Problem(.forbidden, "token '\(grant.name)' may not see agency \(agency)") }
        return (agency, year)
    }
}
