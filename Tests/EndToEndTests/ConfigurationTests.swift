import BridgeApp
import BridgeBonus
import BridgeLedger
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// Configuration errors name the file, the line and the key.
struct ConfigurationTests {
    static func load(_ text: String) throws -> BridgeConfiguration {
        let dir = try TemporaryDirectory()
        let file = try dir.write("kpibridge.yml", Array(text.utf8))
        try FileManager.default.createDirectory(atPath: dir.file("Mappings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(Fixtures.home)/Mappings/party-tasks.yml", toPath: dir.file("Mappings/party-tasks.yml"))
        return try BridgeConfiguration.load(file: file)
    }

    static let valid = """
        sources:
          - id: party
            kind: json-pages
            baseURL: http://127.0.0.1:8088/party/
            mapping: Mappings/party-tasks.yml
            block: party
            auth: { type: bearer, tokenEnv: PARTY_TOKEN }
        """

    @Test func aValidFileLoads() throws {
        let config = try Self.load(Self.valid)
        #expect(config.sources.map(\.id) == ["party"])
        #expect(config.sources[0].auth == .bearer(tokenEnv: "PARTY_TOKEN"))
    }

    @Test(arguments: [
        ("    block: party", "    blok: party", "kpibridge.yml:6: sources[0]: unknown key 'blok'"),
        ("kind: json-pages", "kind: soap", "kpibridge.yml:3: sources[0].kind: kind 'soap' is not one of edxml-files, edxml-hub, json-pages"),
        ("Mappings/party-tasks.yml", "Mappings/nope.yml", "kpibridge.yml:5: sources[0].mapping: mapping file 'Mappings/nope.yml' not found"),
        ("http://127.0.0.1:8088/party/", "ftp://x", "kpibridge.yml:4: sources[0].baseURL: baseURL 'ftp://x' is not an http(s) URL"),
        ("http://127.0.0.1:8088/party/", "http://ioffice:s3cret@127.0.0.1:8088/party/",
         "kpibridge.yml:4: sources[0].baseURL: baseURL 'http://ioffice:***@127.0.0.1:8088/party/' carries a user name or password: put credentials under auth (basic, with userEnv and passwordEnv), never in the URL"),
        ("http://127.0.0.1:8088/party/", "htp://u:s3cret@x/", "baseURL 'htp://u:***@x/' is not an http(s) URL"),
        ("auth: { type: bearer, tokenEnv: PARTY_TOKEN }", "auth: { type: api-key, keyEnv: K }", "api-key needs header or query (one of them)"),
        ("auth: { type: bearer, tokenEnv: PARTY_TOKEN }", "auth: { type: api-key, query: k, prefix: \"Token \", keyEnv: K }", "prefix goes with header"),
        ("type: bearer", "type: oauth", "auth type 'oauth' is not none, bearer, basic, api-key or refresh-token"),
        ("block: party", "block: army", "block 'army' is not party, state or mass"),
        ("    block: party", "    block: party\n    timeout: 0", "kpibridge.yml:7: sources[0].timeout: timeout is 1 to 3600 seconds"),
        ("    block: party", "    block: party\n    maxResponseMB: lots", "kpibridge.yml:7: sources[0].maxResponseMB:"),
        ("    block: party", "    block: party\n    hours: mon-fry 07:00-18:00",
         "kpibridge.yml:7: sources[0].hours: hours 'mon-fry 07:00-18:00': 'mon-fry' is not a day or days (mon, tue, wed, thu, fri, sat, sun; mon-fri)"),
        ("    block: party", "    block: party\n    hours: 07:00-07:00", "kpibridge.yml:7: sources[0].hours: hours '07:00-07:00': '07:00-07:00' is not a window like 07:00-18:00"),
    ])
    func errorsNameTheLineAndTheKey(original: String, replacement: String, message: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try Self.load(text)
            Issue.record("loaded: \(text)")
        } catch {
            #expect("\(error)".hasSuffix(message) || "\(error)".contains(message), "\(error)")
        }
    }

    @Test(arguments: [
        ("http://u:s3cret@host/a", "http://u:***@host/a"), ("https://host/a?x=1@2", "https://host/a?x=1@2"),
        ("http://host/p:q@r", "http://host/p:q@r"), ("http://u@host/", "http://u@host/"), ("not a url", "not a url"),
    ])
    func passwordsInURLsAreRedacted(_ text: String, _ shown: String) {
        #expect(URL.redacted(text) == shown)
    }

    @Test(arguments: [
        ("{ type: api-key, header: Authorization, prefix: \"Token \", keyEnv: K }", SourceAuth.apiKey(header: "Authorization", value: "Token s3")),
        ("{ type: api-key, query: api_key, keyEnv: K }", SourceAuth.apiKeyQuery(parameter: "api_key", value: "s3")),
        ("{ type: api-key, header: X-API-Key, keyEnv: K }", SourceAuth.apiKey(header: "X-API-Key", value: "s3")),
    ])
    func apiKeysGoInAHeaderWithAPrefixOrInTheQuery(_ auth: String, _ expected: SourceAuth) throws {
        let config = try Self.load(Self.valid.replacingOccurrences(of: "auth: { type: bearer, tokenEnv: PARTY_TOKEN }", with: "auth: \(auth)"))
        #expect(try Bridge.auth(for: config.sources[0], environment: ["K": "s3"]) == expected)
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: AppError.self) { try BridgeConfiguration.load(file: "/nonexistent/kpibridge.yml") }
    }
}

extension ConfigurationTests {
    @Test func aMappingChangedWithoutANewVersionIsRefusedAtStart() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("Mappings"), withIntermediateDirectories: true)
        let mapping = dir.file("Mappings/party-tasks.yml")
        let original = try String(contentsOfFile: "\(Fixtures.home)/Mappings/party-tasks.yml", encoding: .utf8)
        try original.write(toFile: mapping, atomically: true, encoding: .utf8)
        let config = try dir.write("kpibridge.yml", Array(Self.valid.utf8))
        _ = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        // The same rules again start fine; changed rules under the same version do not.
        _ = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        try original.replacingOccurrences(of: "title: \"@.title\"", with: "title: \"@.name\"").write(toFile: mapping, atomically: true, encoding: .utf8)
        let error = #expect(throws: LedgerError.self) {
            try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
        }
        #expect(error?.message.contains("mapping 'party-tasks' version 2 was used before with other content") == true)
        try original.replacingOccurrences(of: "title: \"@.title\"", with: "title: \"@.name\"")
            .replacingOccurrences(of: "version: 2", with: "version: 3").write(toFile: mapping, atomically: true, encoding: .utf8)
        _ = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"))
    }
}

/// The `bonus:` section: the settings read, each agency's regulation in force by year and version, and bad values
/// refused naming the line and the key.
struct BonusConfigurationTests {
    static let section = """
        bonus:
          fundShare: 0.1
          quotaRounding: up
          baseSalary:
            - { from: 2024-07-01, amount: 2340000 }
            - { from: 2026-07-01, amount: 2530000 }
          regulations:
            - { agency: "*", version: 1, from: 2025, basis: Quy chế chung, weights: { excellent: 2, good: 1, completed: 0.5 } }
            - { agency: S1, version: 1, from: 2025, basis: QC 1/S1, multiples: { excellent: 3, good: 2 }, fullMonths: 7, partShare: 0.5 }
            - { agency: S1, version: 2, from: 2027, basis: QC 2/S1, multiples: { excellent: 4, good: 2 } }
          additionalIncome: { monthly: 0.5, yearEnd: 0.3, byDaysWorked: true }
        """

    @Test func theSettingsAndTheRegulationInForce() throws {
        let bonus = try ConfigurationTests.load(ConfigurationTests.valid + "\n" + Self.section).bonus
        #expect(bonus.quotaRoundsUp && bonus.baseSalary.steps.count == 2 && bonus.additionalIncome?.byDaysWorked == true)
        #expect(bonus.regulations.inForce(agency: "S1", year: 2026)?.basis == "QC 1/S1")
        #expect(bonus.regulations.inForce(agency: "S1", year: 2027)?.basis == "QC 2/S1")
        #expect(bonus.regulations.inForce(agency: "S2", year: 2026)?.basis == "Quy chế chung")
        #expect(bonus.regulations.inForce(agency: "S2", year: 2024) == nil)
    }

    @Test(arguments: [
        ("fundShare: 0.1", "fundShare: -0.1", "kpibridge.yml:9: bonus.fundShare: fundShare '-0.1' is not a share of 0 or more (0.1 for 10 %)"),
        ("quotaRounding: up", "quotaRounding: nearest", "quotaRounding 'nearest' is not down or up"),
        ("amount: 2530000", "amount: 0", "baseSalary amount 0 is not above 0"),
        ("from: 2026-07-01", "from: 2026-13-01", "baseSalary from '2026-13-01' is not a date"),
        ("excellent: 4, good: 2 }", "excellent: 4, not_completed: 1 }", "the levels paid are excellent, good and completed"),
        ("basis: QC 2/S1, multiples", "basis: QC 2/S1, weights: { good: 1 }, multiples", "either multiples (of the base salary) or weights"),
        ("version: 2, from: 2027", "version: 1, from: 2027", "regulation 1 of S1 appears twice"),
        ("completed: 0.5 } }", "completed: 0.5 }, fullMonths: 7 }", "fullMonths and partShare go with multiples, not with weights"),
    ])
    func badValuesNameTheLineAndTheKey(original: String, replacement: String, message: String) {
        let text = ConfigurationTests.valid + "\n" + Self.section.replacingOccurrences(of: original, with: replacement)
        do {
            _ = try ConfigurationTests.load(text)
            Issue.record("loaded: \(text)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
