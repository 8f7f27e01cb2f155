import BridgeApp
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The scoring policy and catalogue are named in the configuration, said in `score`'s header, and every number
/// of the policy — the maxima too — is configurable.
struct ScoringConfigurationTests {
    /// A folder with a configuration of the eoffice source and `extra` top-level lines, and the samples imported.
    static func folder(_ extra: String, policy: String? = nil) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        if let policy { try policy.write(toFile: dir.file("policy.yml"), atomically: true, encoding: .utf8) }
        try """
            \(extra)
            sources:
              - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
            """.write(toFile: dir.file("kpibridge.yml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aNamedFileThatIsMissingIsRefusedWithItsLine() async throws {
        let dir = try Self.folder("catalog: \(Fixtures.home)/Mappings/catalog.yml\nscoring: rules/scoring.yml")
        let run = try await CommandRunner.capture(["tasks"], in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(run.errors == "error: kpibridge.yml:2: scoring: scoring file 'rules/scoring.yml' not found\n", "\(run.errors)")
    }

    @Test func scoreSaysWhichRulesAreInUse() async throws {
        let named = try Self.folder("scoring: \(Fixtures.home)/Mappings/scoring.yml\ncatalog: \(Fixtures.home)/Mappings/catalog.yml")
        _ = try await CommandRunner.capture(["import", "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: named.path)
        let table = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30"], in: named.path).output
        #expect(table.contains("Rules: scoring \(Fixtures.home)/Mappings/scoring.yml, catalogue \(Fixtures.home)/Mappings/catalog.yml"))

        let defaults = try Self.folder("")
        _ = try await CommandRunner.capture(["import", "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: defaults.path)
        let plain = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30"], in: defaults.path).output
        #expect(plain.contains("Rules: scoring built-in (the decree's defaults), catalogue built-in (coefficient 1)"))
    }

    @Test func theMaximaAreConfigurableAndAssessImportChecksTheConfiguredOne() async throws {
        let policy = try String(contentsOfFile: "\(Fixtures.home)/Mappings/scoring.yml", encoding: .utf8)
            .replacingOccurrences(of: "  taskPoints: 70\n  generalPoints: 30\n", with: "  taskPoints: 80\n  generalPoints: 20\n")
            .replacingOccurrences(of: "provisionalGeneralPoints: 30", with: "provisionalGeneralPoints: 20")
        let dir = try Self.folder("scoring: policy.yml", policy: policy)
        _ = try await CommandRunner.capture(["import", "--source", "eoffice"] + (try Fixtures.eofficeSamples()), in: dir.path)
        try "officer,period,general_points,sanction\nemail:lan.nt@khanhhoa.gov.vn,2026-03,25,no\n".write(toFile: dir.file("a.csv"), atomically: true, encoding: .utf8)
        let refused = try await CommandRunner.capture(["assess", "import", "a.csv"], in: dir.path)
        #expect(refused.ending == .exited(1))
        #expect(refused.errors.contains("a.csv:2: general_points '25' is not a number from 0 to 20"), "\(refused.errors)")
        let table = try await CommandRunner.capture(["score", "--period", "2026-03", "--at", "2026-04-30"], in: dir.path).output
        #expect(table.contains("tasks/80") && table.contains("general/20"))
        let explained = try await CommandRunner.capture(["explain", "lan.nt@khanhhoa.gov.vn", "--period", "2026-03", "--at", "2026-04-30"], in: dir.path).output
        #expect(explained.contains("Task points (of 80)"))

        let tooHigh = policy.replacingOccurrences(of: "provisionalGeneralPoints: 20", with: "provisionalGeneralPoints: 25")
        let bad = try Self.folder("scoring: policy.yml", policy: tooHigh)
        let run = try await CommandRunner.capture(["tasks"], in: bad.path)
        #expect(run.errors.contains("policy.yml:"), "\(run.errors)")
        #expect(run.errors.contains("provisionalGeneralPoints is above the general points' maximum (20)"))
    }
}
