import Foundation
import BridgeBonus
import BridgeMapping
import BridgeModel
import BridgeScoring

extension BridgeConfiguration {
    /// The `bonus:` section (docs/bonus.md): the fund's share, the quota's rounding, the base-salary timeline,
    /// each agency's regulations by version, and additional income.
    static func bonus(_ node: YAMLNode) throws -> BonusSettings {
        _ = try node.entries(allowed: ["fundShare", "quotaRounding", "baseSalary", "regulations", "additionalIncome"])
        var settings = BonusSettings()
        if let value = try node.optional("fundShare") { settings.fundShare = try share(value, "fundShare") }
        if let value = try node.optional("quotaRounding") {
            let text = try value.string()
            guard text == "down" || text == "up" else { throw value.error("quotaRounding '\(text)' is not down or up") }
            settings.quotaRoundsUp = text == "up"
        }
        if let list = try node.optional("baseSalary") {
            var steps: [BaseSalary.Step] = []
            for item in try list.items() {
                _ = try item.entries(allowed: ["from", "amount"])
                let text = try item.required("from").string()
                guard let from = CalendarDay(iso: text) else { throw item.error("baseSalary from '\(text)' is not a date (YYYY-MM-DD)") }
                let amount = try item.required("amount").int()
                guard amount > 0 else { throw item.error("baseSalary amount \(amount) is not above 0 (VND a month)") }
                steps.append(BaseSalary.Step(from: from, amount: amount))
            }
            guard !steps.isEmpty else { throw list.error("baseSalary lists no amount") }
            settings.baseSalary = BaseSalary(steps)
        }
        var seen: Set<String> = []
        for item in try node.optional("regulations")?.items() ?? [] {
            let regulation = try Self.regulation(item)
            let key = "\(regulation.agency) \(regulation.version)"
            guard seen.insert(key).inserted else { throw item.error("regulation \(regulation.version) of \(regulation.agency) appears twice") }
            settings.regulations.append(regulation)
        }
        if let item = try node.optional("additionalIncome") {
            _ = try item.entries(allowed: ["monthly", "yearEnd", "byDaysWorked"])
            settings.additionalIncome = AdditionalIncomeSettings(
                monthly: try item.optional("monthly").map { try share($0, "monthly") } ?? Rational(0),
                yearEnd: try item.optional("yearEnd").map { try share($0, "yearEnd") } ?? Rational(0),
                byDaysWorked: try item.optional("byDaysWorked")?.bool() ?? false)
        }
        return settings
    }

    /// A share written as a decimal (`0.1` for 10 %), 0 or more.
    static func share(_ value: YAMLNode, _ name: String) throws -> Rational {
        let text = try value.string()
        guard let share = Rational(decimal: text), !(share < Rational(0)) else { throw value.error("\(name) '\(text)' is not a share of 0 or more (0.1 for 10 %)") }
        return share
    }

    /// One regulation: agency (or `*`), version, from (the first year), basis, and either `multiples` (with
    /// `fullMonths` and `partShare`) or `weights`, each by level key (excellent, good, completed).
    static func regulation(_ item: YAMLNode) throws -> BonusRegulation {
        _ = try item.entries(allowed: ["agency", "version", "from", "basis", "multiples", "fullMonths", "partShare", "weights"])
        func levels(_ node: YAMLNode, _ name: String) throws -> [Level: Rational] {
            var out: [Level: Rational] = [:]
            for (key, value) in try node.entries() {
                guard let level = Level.allCases.first(where: { $0.key == key }), level != .notCompleted else {
                    throw value.error("\(name) names '\(key)': the levels paid are excellent, good and completed")
                }
                out[level] = try share(value, "\(name).\(key)")
            }
            return out
        }
        let multiples = try item.optional("multiples"), weights = try item.optional("weights")
        let shape: BonusRegulation.Shape
        switch (multiples, weights) {
        case (let node?, nil):
            let fullMonths = try item.optional("fullMonths")?.int() ?? 0
            guard (0...12).contains(fullMonths) else { throw item.error("fullMonths \(fullMonths) is not between 0 and 12") }
            shape = .multiple(
                multiples: try levels(node, "multiples"), fullMonths: fullMonths,
                partShare: try item.optional("partShare").map { try share($0, "partShare") } ?? Rational(1))
        case (nil, let node?):
            guard try item.optional("fullMonths") == nil, try item.optional("partShare") == nil else {
                throw item.error("fullMonths and partShare go with multiples, not with weights")
            }
            shape = .poolShare(weights: try levels(node, "weights"))
        default:
            throw item.error("a regulation has either multiples (of the base salary) or weights (shares of the fund), one of them")
        }
        let version = try item.required("version").int()
        guard version > 0 else { throw item.error("version \(version) is not above 0") }
        return BonusRegulation(
            agency: try item.required("agency").string(), version: version, firstYear: try item.optional("from")?.int() ?? 0, shape: shape,
            basis: try item.required("basis").string())
    }
}

extension BridgeConfiguration {
    /// The `notifications:` section (docs/operations.md, "Notifications").
    static func notifications(_ node: YAMLNode) throws -> NotificationSettings {
        _ = try node.entries(allowed: ["dueWithinDays", "overdueWithinDays", "leaders", "quietHours", "email", "webhook", "attempts", "interval"])
        var settings = NotificationSettings()
        settings.enabled = true
        settings.dueWithinDays = try bounded(node, "dueWithinDays", 0...60, unit: "days") ?? settings.dueWithinDays
        settings.overdueWithinDays = try bounded(node, "overdueWithinDays", 0...366, unit: "days") ?? settings.overdueWithinDays
        settings.attempts = try bounded(node, "attempts", 1...100, unit: "attempts") ?? settings.attempts
        settings.interval = try bounded(node, "interval", 10...86_400, unit: "seconds") ?? settings.interval
        if let value = try node.optional("leaders") { settings.leaders = try value.bool() }
        if let value = try node.optional("quietHours") {
            let text = try value.string()
            let parts = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && (0..<24).contains($0[0]) && (0..<60).contains($0[1]) }) else {
                throw value.error("quietHours '\(text)' is not a window like 21:00-07:00")
            }
            settings.quietHours = .init(from: parts[0][0] * 60 + parts[0][1], to: parts[1][0] * 60 + parts[1][1])
        }
        if let item = try node.optional("email") {
            _ = try item.entries(allowed: ["host", "port", "from", "helo"])
            let port = try bounded(item, "port", 1...65_535, unit: "") ?? 25
            let from = try item.required("from").string()
            guard from.contains("@") else { throw item.error("from '\(from)' is not an e-mail address") }
            settings.email = .init(host: try item.required("host").string(), port: port, from: from, helo: try item.optional("helo")?.string() ?? "kpibridge")
        }
        if let item = try node.optional("webhook") {
            _ = try item.entries(allowed: ["url", "secretEnv"])
            let url = try item.required("url").string()
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else { throw item.error("webhook url '\(url)' is not an http(s) URL") }
            settings.webhook = .init(url: url, secretEnv: try item.required("secretEnv").string())
        }
        return settings
    }
}
