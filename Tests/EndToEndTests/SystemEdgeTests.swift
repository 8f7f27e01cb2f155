import BridgeApp
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// The simulator's options are validated, files with personal data are private, and system errors read as
/// one line naming the file.
struct SystemEdgeTests {
    @Test(arguments: [
        (["sim", "--port", "70000"], "--port is between 0 (any free port) and 65535"),
        (["sim", "--evolve", "--evolve-every", "0"], "--evolve-every is between 1 and 86400 seconds"),
        (["sim", "--faults", "500:0.1,500:0.3"], "'500' is given twice"),
        (["sim", "--faults", "500:0.7,429:0.5"], "500, 429 each replace the whole answer; their probabilities add up to 1.2"),
        (["sim", "--faults", "500:2"], "PROBABILITY from 0 to 1"),
        (["sim", "--write-config", "/nonexistent-folder/sim.yml"], "--write-config: cannot write into '/nonexistent-folder'"),
    ])
    func badSimulatorOptionsAreRefusedBeforeItServes(_ command: [String], _ message: String) async throws {
        let run = try await CommandRunner.capture(command)
        #expect(run.ending == .exited(64))
        #expect(run.errors.contains(message), "\(run.errors)")
    }

    @Test func aNewLedgerIsReadableByItsOwnerAndGroupOnly() async throws {
        let dir = try TemporaryDirectory()
        await #expect(try CommandRunner.capture(["import", "--source", "eoffice", "\(Fixtures.home)/Samples/eoffice/doc-01-100.edxml"], in: dir.path).succeeded)
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("kpibridge.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func theSimulatorsConfigurationIsWrittenForItsOwnerOnly() throws {
        let dir = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["sim", "--port", "0", "--write-config", dir.file("sim.yml")]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        var mode: Int?
        for _ in 0..<100 where mode == nil {
            Thread.sleep(forTimeInterval: 0.1)
            mode = (try? FileManager.default.attributesOfItem(atPath: dir.file("sim.yml")))?[.posixPermissions] as? Int
        }
        #expect(mode == 0o600)
    }

    @Test func systemErrorsNameTheFileAndTheReasonInOneLine() throws {
        let dir = try TemporaryDirectory()
        let missing = #expect(throws: (any Error).self) { try Data(contentsOf: URL(fileURLWithPath: dir.file("nope.csv"))) }
        #expect(SystemErrorText.describe(try #require(missing)) == "\(dir.file("nope.csv")): No such file or directory")
        let unwritable = #expect(throws: (any Error).self) { try PrivateFile.write("x", to: dir.file("no-folder/sim.yml")) }
        let line = SystemErrorText.describe(try #require(unwritable))
        #expect(!line.contains("NSCocoaErrorDomain") && !line.contains("UserInfo") && !line.contains("\n"), "\(line)")
        #expect(line.contains("no-folder"), "\(line)")
    }
}
