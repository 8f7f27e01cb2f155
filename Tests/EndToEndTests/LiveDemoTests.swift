import BridgeApp
import BridgeSources
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// `kpibridge demo` without `--once`: the simulator evolves, the schedulers sync what changes, the web UI and
/// the API answer with the printed tokens, and SIGTERM stops it cleanly.
struct LiveDemoTests {
    @Test func theDemoServesAnEvolvingProvinceUntilStopped() async throws {
        let dir = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["demo", "--port", "0", "--scale", "10", "--sync-every", "5", "--evolve-every", "1", "--database", dir.file("demo.sqlite")]
        process.environment = ProcessInfo.processInfo.environment.merging(["KPIBRIDGE_HOME": Fixtures.home]) { $1 }
        let output = dir.file("demo.out")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        func printed(_ prefix: String) -> String? {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        var serving: String?
        for _ in 0..<600 where serving == nil || printed("admin token:") == nil {
            try await Task.sleep(for: .milliseconds(100))
            serving = printed("serving http://127.0.0.1:")
        }
        let line = try #require(serving)
        let port = try #require(Int(line.prefix { $0.isNumber }))
        let viewer = try #require(printed("viewer token: "))
        #expect(try await ServeTests.get(port, "/dang-nhap").status == 200)

        // Simulated days pass and the schedulers bring them in: the ledger grows without anyone running sync.
        func total() async throws -> Int {
            (try ServeTests.json(try await ServeTests.get(port, "/api/v1/tasks?limit=1", token: viewer)) as? [String: Any])?["total"] as? Int ?? -1
        }
        let first = try await total()
        var grown = false
        for _ in 0..<120 where !grown {
            try await Task.sleep(for: .milliseconds(250))
            grown = try await total() > first
        }
        #expect(first > 0 && grown, "the served ledger did not follow the evolving simulator (\(first) tasks)")

        process.terminate()
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning && process.terminationStatus == 0)
        #expect(printed("stopped") != nil)
    }
}
