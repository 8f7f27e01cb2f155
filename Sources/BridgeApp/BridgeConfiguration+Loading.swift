import BridgeMapping
import BridgeModel
import BridgeServices
import BridgePipeline
import BridgeReconciliation
import BridgeScoring
import BridgeSources
import BridgeWorkload
import Foundation

extension BridgeConfiguration {
    /// Reads a configuration file; unknown keys, bad values and missing mapping files are errors naming them.
    public static func load(file: String) throws -> BridgeConfiguration {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AppError("\(file): configuration file not found")
        }
        let top = try YAMLNode.load(String(decoding: data, as: UTF8.self), file: file)
        _ = try top.entries(allowed: ["sources", "ledger", "scoring", "catalog", "reconciliation", "services", "calendar", "workload", "bonus", "selfAssessment", "notifications"])
        let base = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var config = BridgeConfiguration(sources: [], baseDirectory: base, file: file)
        for item in try top.required("sources").items() {
            _ = try item.entries(allowed: ["id", "kind", "mapping", "block", "agency", "baseURL", "interval", "auth", "timeout", "maxResponseMB", "attempts", "rate", "concurrency", "listing", "hours"])
            var block: Block?
            if let node = try item.optional("block") {
                guard let parsed = Block(rawValue: try node.string()) else {
                    throw node.error("block '\(try node.string())' is not party, state or mass")
                }
                block = parsed
            }
            let id = try item.required("id").string()
            if config.sources.contains(where: { $0.id == id }) { throw item.error("duplicate source id '\(id)'") }
            let mapping = try item.required("mapping")
            let kindNode = try item.required("kind")
            let kind = try kindNode.string()
            guard kinds.contains(kind) else { throw kindNode.error("kind '\(kind)' is not one of \(kinds.sorted().joined(separator: ", "))") }
            var baseURL: URL?
            if let node = try item.optional("baseURL") {
                guard let url = URL(string: try node.string()), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                    throw node.error("baseURL '\(URL.redacted(try node.string()))' is not an http(s) URL")
                }
                // A password in the URL would be printed in every error line and kept in the checkpoint.
                guard url.user == nil && url.password == nil else {
                    throw node.error("baseURL '\(URL.redacted(try node.string()))' carries a user name or password: put credentials under auth (basic, with userEnv and passwordEnv), never in the URL")
                }
                baseURL = url
            } else if kind != "edxml-files" {
                throw item.error("source '\(id)' of kind \(kind) needs a baseURL")
            }
            var interval = 300
            if let node = try item.optional("interval") {
                interval = try node.int()
                guard interval >= 5 else { throw node.error("interval is in seconds and at least 5") }
            }
            var source = Source(
                id: id, kind: kind, mapping: try mapping.string(), block: block, agency: try item.optional("agency")?.string(),
                baseURL: baseURL, interval: interval, auth: try item.optional("auth").map(Self.auth) ?? .none)
            source.timeout = try Self.bounded(item, "timeout", 1...3_600, unit: "seconds") ?? source.timeout
            source.maxResponseMB = try Self.bounded(item, "maxResponseMB", 1...4_096, unit: "MiB") ?? source.maxResponseMB
            source.attempts = try Self.bounded(item, "attempts", 1...20, unit: "attempts") ?? source.attempts
            source.rate = try Self.bounded(item, "rate", 1...100_000, unit: "requests per second") ?? source.rate
            source.concurrency = try Self.bounded(item, "concurrency", 1...64, unit: "requests") ?? source.concurrency
            if let node = try item.optional("hours") {
                guard kind != "edxml-files" else { throw node.error("hours is for sources serve polls over HTTP") }
                do {
                    source.hours = try WorkingHours(try node.string())
                } catch let error as AppError {
                    throw node.error(error.message)
                }
            }
            if let node = try item.optional("listing") {
                guard kind == "edxml-hub" else { throw node.error("listing is for edxml-hub sources (JSON sources page by their mapping's paging:)") }
                _ = try node.entries(allowed: ["limitParam", "limit", "cursorParam", "cursorField", "hasMoreField"])
                var listing = HubListing(
                    cursorParam: try node.required("cursorParam").string(), cursorField: try node.required("cursorField").string())
                listing.limitParam = try node.optional("limitParam")?.string()
                listing.limit = try Self.bounded(node, "limit", 1...10_000, unit: "messages") ?? listing.limit
                listing.hasMoreField = try node.optional("hasMoreField")?.string()
                source.listing = listing
            }
            if !FileManager.default.fileExists(atPath: config.resolve(source.mapping)) {
                throw mapping.error("mapping file '\(source.mapping)' not found")
            }
            config.sources.append(source)
        }
        for key in ["scoring", "catalog"] {
            guard let node = try top.optional(key) else { continue }
            let path = try node.string()
            guard FileManager.default.fileExists(atPath: config.resolve(path)) else {
                throw node.error("\(key) file '\(path)' not found")
            }
            if key == "scoring" { config.scoring = path } else { config.catalog = path }
        }
        if let node = try top.optional("ledger") {
            _ = try node.entries(allowed: ["groupPayloads", "groupRecords", "groupMB", "groupSeconds", "projectorTasks", "projectorScores"])
            var ledger = LedgerSettings()
            ledger.groupPayloads = try Self.bounded(node, "groupPayloads", 1...100_000, unit: "payloads") ?? ledger.groupPayloads
            ledger.groupRecords = try Self.bounded(node, "groupRecords", 1...1_000_000, unit: "records") ?? ledger.groupRecords
            ledger.groupMB = try Self.bounded(node, "groupMB", 1...1_024, unit: "MiB") ?? ledger.groupMB
            ledger.groupSeconds = try Self.bounded(node, "groupSeconds", 1...60, unit: "seconds") ?? ledger.groupSeconds
            ledger.projectorTasks = try Self.bounded(node, "projectorTasks", 1...100_000, unit: "tasks") ?? ledger.projectorTasks
            ledger.projectorScores = try Self.bounded(node, "projectorScores", 1...100_000, unit: "scores") ?? ledger.projectorScores
            config.ledger = ledger
        }
        if let node = try top.optional("reconciliation") { config.precedence = try Self.precedence(node, sources: config.sources.map(\.id)) }
        if let node = try top.optional("calendar") { config.calendar = try Self.calendar(node) }
        if let node = try top.optional("services") { config.services = try Self.services(node) }
        config.services.holidays = config.calendar.holidays
        if let node = try top.optional("workload") { config.workload = try Self.workload(node) }
        if let node = try top.optional("bonus") { config.bonus = try Self.bonus(node) }
        if let node = try top.optional("selfAssessment") {
            _ = try node.entries(allowed: ["opensBeforeEnd", "closesAfterEnd"])
            config.selfAssessment.opensBeforeEnd = try Self.bounded(node, "opensBeforeEnd", 0...366, unit: "days") ?? config.selfAssessment.opensBeforeEnd
            config.selfAssessment.closesAfterEnd = try Self.bounded(node, "closesAfterEnd", 0...366, unit: "days") ?? config.selfAssessment.closesAfterEnd
        }
        if let node = try top.optional("notifications") { config.notifications = try Self.notifications(node) }
        return config
    }

    /// The `calendar:` section: the public holidays and Tết (dates move every year, so none is built in) and the
    /// hours of a working day, for workload and for statutory durations in working days.
    static func calendar(_ node: YAMLNode) throws -> WorkingCalendar {
        _ = try node.entries(allowed: ["holidays", "hoursPerDay"])
        var calendar = WorkingCalendar()
        for day in try node.optional("holidays")?.items() ?? [] {
            guard let parsed = CalendarDay(iso: try day.string()) else { throw day.error("holiday '\(try day.string())' is not a date (YYYY-MM-DD)") }
            calendar.holidays.insert(parsed)
        }
        if let value = try node.optional("hoursPerDay") {
            let hours = try value.int()
            guard (1...24).contains(hours) else { throw value.error("hoursPerDay \(hours) is not between 1 and 24") }
            calendar.hoursPerDay = hours
        }
        return calendar
    }

    /// The `workload:` section: caps on a position's share of a unit, and how far a unit's hours per head may
    /// stray from the median before it is flagged (docs/workload.md).
    static func workload(_ node: YAMLNode) throws -> WorkloadSettings {
        _ = try node.entries(allowed: ["caps", "outlierThreshold", "diaryThreshold"])
        var settings = WorkloadSettings()
        for (position, value) in try node.optional("caps")?.entries() ?? [] {
            guard let share = Double(try value.string()), share > 0, share <= 1 else {
                throw value.error("cap '\(try value.string())' for \(position) is not a share above 0 and at most 1 (0.4 for 40 %)")
            }
            settings.caps.append(PositionCap(position: position, share: share))
        }
        if let value = try node.optional("outlierThreshold") {
            guard let decimal = CSVTable.decimal(try value.string()), let threshold = Rational(decimal: decimal), Rational(0) < threshold else {
                throw value.error("outlierThreshold '\(try value.string())' is not a share above 0 (0.5 for 50 %)")
            }
            settings.outlierThreshold = threshold
        }
        if let value = try node.optional("diaryThreshold") {
            guard let decimal = CSVTable.decimal(try value.string()), let threshold = Rational(decimal: decimal) else {
                throw value.error("diaryThreshold '\(try value.string())' is not a share of 0 or more (0.25 for 25 %)")
            }
            settings.diaryThreshold = threshold
        }
        return settings
    }

    /// The `services:` section: how dossiers are judged on time (docs/services.md).
    static func services(_ node: YAMLNode) throws -> ServiceSettings {
        _ = try node.entries(allowed: ["comparison", "apologyKeepsOnTime", "target"])
        var settings = ServiceSettings()
        if let value = try node.optional("comparison") {
            let text = try value.string()
            guard let comparison = ServiceSettings.Comparison(rawValue: text) else { throw value.error("comparison '\(text)' is not date or instant") }
            settings.comparison = comparison
        }
        if let value = try node.optional("apologyKeepsOnTime") { settings.apologyKeepsOnTime = try value.bool() }
        if let value = try node.optional("target") {
            guard let target = Double(try value.string()), (0...1).contains(target) else {
                throw value.error("target '\(try value.string())' is not a rate between 0 and 1 (0.95 for 95 %)")
            }
            settings.target = target
        }
        return settings
    }

    /// The `reconciliation:` section: `precedence:` (the unit's order of sources) and `fields:` (per field, a
    /// list of sources, or `latest`/`earliest` for a time). Every source named must be configured.
    static func precedence(_ node: YAMLNode, sources: [String]) throws -> Precedence {
        _ = try node.entries(allowed: ["precedence", "fields"])
        func known(_ list: YAMLNode) throws -> [String] {
            let names = try list.strings()
            for name in names where !sources.contains(name) {
                throw list.error("'\(name)' is not a configured source (\(sources.joined(separator: ", ")))")
            }
            return names
        }
        var precedence = Precedence(sources: sources)
        if let list = try node.optional("precedence") {
            let named = try known(list)
            precedence.sources = named + sources.filter { !named.contains($0) }
        }
        if let fields = try node.optional("fields") {
            for (name, rule) in try fields.entries() {
                guard let field = UnitField(rawValue: name) else {
                    throw rule.error("'\(name)' is not a field a unit takes from one source (\(UnitField.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if let word = try? rule.string() {
                    guard word == "latest" || word == "earliest" else { precedence.rules[field] = .sources(try known(rule)); continue }
                    guard [.dueAt, .assignedAt, .completedAt].contains(field) else { throw rule.error("\(word) is for times (dueAt, assignedAt, completedAt)") }
                    precedence.rules[field] = word == "latest" ? .latest : .earliest
                } else {
                    precedence.rules[field] = .sources(try known(rule))
                }
            }
        }
        return precedence
    }

    /// An optional whole number within `range`, or an error naming the key and the range.
    static func bounded(_ item: YAMLNode, _ key: String, _ range: ClosedRange<Int>, unit: String) throws -> Int? {
        guard let node = try item.optional(key) else { return nil }
        let value = try node.int()
        guard range.contains(value) else { throw node.error("\(key) is \(range.lowerBound) to \(range.upperBound) \(unit)") }
        return value
    }

    static func auth(_ node: YAMLNode) throws -> AuthConfig {
        let typeNode = try node.required("type")
        switch try typeNode.string() {
        case "none":
            _ = try node.entries(allowed: ["type"])
            return .none
        case "bearer":
            _ = try node.entries(allowed: ["type", "tokenEnv"])
            return .bearer(tokenEnv: try node.required("tokenEnv").string())
        case "basic":
            _ = try node.entries(allowed: ["type", "userEnv", "passwordEnv"])
            return .basic(userEnv: try node.required("userEnv").string(), passwordEnv: try node.required("passwordEnv").string())
        case "api-key":
            _ = try node.entries(allowed: ["type", "header", "query", "prefix", "keyEnv"])
            let header = try node.optional("header")?.string()
            let query = try node.optional("query")?.string()
            guard (header == nil) != (query == nil) else { throw node.error("api-key needs header or query (one of them)") }
            let prefix = try node.optional("prefix")?.string() ?? ""
            if query != nil && !prefix.isEmpty { throw node.error("prefix goes with header (Authorization: Token …), not with query") }
            return .apiKey(header: header, query: query, prefix: prefix, keyEnv: try node.required("keyEnv").string())
        case "refresh-token":
            _ = try node.entries(allowed: ["type", "endpoint", "tokenEnv", "field"])
            return .refreshToken(
                endpoint: try node.required("endpoint").string(), tokenEnv: try node.required("tokenEnv").string(),
                field: try node.optional("field")?.string() ?? "access_token")
        case let other:
            throw typeNode.error("auth type '\(other)' is not none, bearer, basic, api-key or refresh-token")
        }
    }
}
