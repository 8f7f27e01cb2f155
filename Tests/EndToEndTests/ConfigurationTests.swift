import BridgeApp
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
        ("type: bearer", "type: oauth", "auth type 'oauth' is not none, bearer, basic, api-key or refresh-token"),
        ("block: party", "block: army", "block 'army' is not party, state or mass"),
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

    @Test func aMissingFileIsNamed() {
        #expect(throws: AppError.self) { try BridgeConfiguration.load(file: "/nonexistent/kpibridge.yml") }
    }
}
