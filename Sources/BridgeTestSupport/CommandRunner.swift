import Foundation

/// Runs the built `kpibridge` executable as a child process, for tests that must kill a real process. Every
/// run is awaited, never waited for: a test blocked in `waitUntilExit` holds one of the cooperative pool's few
/// threads (two on a 2-core machine), and the servers other tests run in the same process starve behind it.
public enum CommandRunner {
    /// How a run ended.
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case killed(Int32)
    }

    /// The `kpibridge` binary next to the test bundle (both are built into the same products folder).
    public static var executable: String {
        get throws {
            var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            while folder.pathComponents.count > 1 {
                folder.deleteLastPathComponent()
                let candidate = folder.appendingPathComponent("kpibridge").path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
            throw CommandRunnerError("no kpibridge executable near \(CommandLine.arguments[0]); run `swift build` first")
        }
    }

    /// Runs `kpibridge arguments…` with `environment` added, its output discarded, and waits for its end.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Ending {
        try await launch(arguments, environment: environment, output: nil)
    }

    /// Runs `kpibridge arguments…` and returns what it printed on standard output (through a temporary file);
    /// a run that does not exit 0 is an error.
    public static func output(_ arguments: [String]) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-output-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        let ending = try await launch(arguments, environment: [:], output: handle)
        try handle.close()
        guard ending == .exited(0) else { throw CommandRunnerError("kpibridge \(arguments.joined(separator: " ")) ended \(ending)") }
        return try String(contentsOfFile: file, encoding: .utf8)
    }

    /// What a run printed and how it ended.
    public struct Run: Sendable {
        public let ending: Ending
        public let output: String
        public let errors: String
        /// True when it exited 0.
        public var succeeded: Bool { ending == .exited(0) }
    }

    /// Runs `kpibridge arguments…` in `directory` (default: the current one) and keeps both outputs, whatever
    /// the ending: for tests of what a user sees, errors included.
    public static func capture(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) async throws -> Run {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-run-\(UUID().uuidString)").path
        let files = [base + ".out", base + ".err"]
        for file in files { _ = FileManager.default.createFile(atPath: file, contents: nil) }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: files[0]))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: files[1]))
        let ending = try await launch(arguments, environment: environment, output: out, errors: err, directory: directory)
        try out.close()
        try err.close()
        return Run(
            ending: ending, output: try String(contentsOfFile: files[0], encoding: .utf8),
            errors: try String(contentsOfFile: files[1], encoding: .utf8))
    }

    private static func launch(
        _ arguments: [String], environment: [String: String], output: FileHandle?, errors: FileHandle? = nil, directory: String? = nil
    ) async throws -> Ending {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                continuation.resume(
                    returning: process.terminationReason == .uncaughtSignal ? .killed(process.terminationStatus) : .exited(process.terminationStatus))
            }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}

public struct CommandRunnerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
