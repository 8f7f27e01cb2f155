import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// A batch of files is checked whole before anything is read, Ctrl-C stops it cleanly with a count, and file
/// names that are not UTF-8 are opened by their bytes.
struct ImportBatchTests {
    @Test func aBadFileAnywhereInTheBatchStopsItBeforeAnythingIsImported() async throws {
        let dir = try TemporaryDirectory()
        let good = try Fixtures.eofficeSamples()
        try FileManager.default.createDirectory(atPath: dir.file("a-folder.edxml"), withIntermediateDirectories: true)
        let files = Array(good.prefix(3)) + [dir.file("a-folder.edxml")] + Array(good.dropFirst(3).prefix(3)) + [dir.file("gone.edxml")]
        let run = try await CommandRunner.capture(["import", "--source", "eoffice"] + files, in: dir.path)
        #expect(run.ending == .exited(1))
        #expect(run.errors == "error: nothing imported: \(dir.file("a-folder.edxml")): is a folder, not a file; \(dir.file("gone.edxml")): no such file\n")
        let tasks = try await CommandRunner.capture(["tasks", "--format", "json"], in: dir.path)
        #expect(tasks.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || tasks.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    /// An import folds each group's tasks as soon as the group commits (while the next is mapped): many small
    /// groups end with the same tasks and scores as one group, every task counted new once.
    @Test func tasksFoldedBetweenGroupCommitsEndAsOneGroupLeavesThem() throws {
        let samples = try Fixtures.eofficeSamples()
        let at = Timestamp(iso8601: "2026-06-30T12:00:00+07:00")!
        func run(groupPayloads: Int) throws -> (tasks: [UnifiedTask], scores: [ScoreRow], summary: CommitSummary) {
            let dir = try TemporaryDirectory()
            var configuration = BridgeConfiguration.builtIn(home: Fixtures.home)
            configuration.ledger.groupPayloads = groupPayloads
            let bridge = try Bridge(configuration: configuration, databasePath: dir.file("k.sqlite"), now: { at })
            let (summary, _) = try bridge.importFiles(samples, source: "eoffice")
            #expect(try bridge.store.facts.queued().tasks == 0)
            return (try bridge.store.tasks.list(TaskFilter()), try bridge.storedScores(period: Period("2026-Q2")!, at: at), summary)
        }
        let whole = try run(groupPayloads: 500)
        let small = try run(groupPayloads: 3)
        #expect(!whole.tasks.isEmpty && !whole.scores.isEmpty)
        #expect(small.tasks == whole.tasks)
        #expect(small.scores == whole.scores)
        #expect(small.summary.newTasks == whole.tasks.count && whole.summary.newTasks == whole.tasks.count)
    }

    // The polling sleeps block on purpose: a `Task.sleep` can be resumed late when other tests hold the
    // cooperative threads, and the import would be over before the interrupt.
    @Test func ctrlCStopsAnImportAfterACommitAndSaysHowFarItGot() async throws {
        let dir = try TemporaryDirectory()
        let pages = try ReplayTests.writePages(dir, pages: 2_000, perPage: 2)
        _ = try ReplayTests.bridge(dir, database: "kpibridge.sqlite", mapping: ReplayTests.mapping(version: 1, broken: false))
        try (try String(contentsOfFile: dir.file("kpibridge.yml"), encoding: .utf8) + "\nledger: { groupPayloads: 20 }\n")
            .write(toFile: dir.file("kpibridge.yml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CommandRunner.executable)
        process.arguments = ["import", "--source", "tool"] + pages
        process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupt once some groups are committed (read through the WAL while the run writes).
        var configuration = Configuration()
        configuration.readonly = true
        for _ in 0..<400 {
            usleep(25_000)  // blocking: a Task.sleep may resume after the import has ended
            let payloads = Self.payloads(dir.file("kpibridge.sqlite"), configuration)
            if (payloads ?? 0) >= 60 { break }
        }
        process.interrupt()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(message)")
        let match = try #require(message.firstMatch(of: /interrupted after (\d+) of 2000 files; run again to continue/), "\(message)")
        let done = try #require(Int(match.1))
        #expect(done > 0 && done < 2_000)

        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: dir.file("kpibridge.yml")), databasePath: dir.file("kpibridge.sqlite"), access: .read)
        #expect(try bridge.store.tasks.list(TaskFilter()).count == done * 2)  // every committed file is projected

        // Run again: the rest is imported, nothing twice.
        let again = try await CommandRunner.capture(["import", "--source", "tool"] + pages, in: dir.path)
        #expect(again.succeeded, "\(again.errors)")
        #expect(again.output.contains("records 4000: \(4_000 - done * 2) applied"), "\(again.output)")
        #expect(try bridge.store.tasks.list(TaskFilter()).count == 4_000)
    }

    /// Payloads committed so far, read while another process writes (nil before the ledger exists).
    static func payloads(_ path: String, _ configuration: Configuration) -> Int? {
        try? DatabaseQueue(path: path, configuration: configuration).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM payload") ?? 0 }
    }

    @Test func aFileNameThatIsNotUTF8IsOpenedByItsBytes() throws {
        let dir = try TemporaryDirectory()
        // "café.edxml" with é in Latin-1 (0xE9), as an old Windows share names it.
        var name = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".edxml".utf8) + [0]
        let sample = try Fixtures.sample("doc-01-100.edxml")
        let fd = name.withUnsafeMutableBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        #expect(fd >= 0)
        _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #"exec "$0" import --source eoffice "$(printf '%s/caf\351.edxml' "$1")""#, try CommandRunner.executable, dir.path]
        shell.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let output = Pipe()
        shell.standardOutput = output
        shell.standardError = output
        try shell.run()
        shell.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(shell.terminationStatus == 0, "\(printed)")
        #expect(printed.contains("records 1: 1 applied"), "\(printed)")
        let bridge = try Bridge(configuration: .builtIn(home: Fixtures.home), databasePath: dir.file("kpibridge.sqlite"), access: .read)
        #expect(try !bridge.store.tasks.list(TaskFilter()).isEmpty)
        #expect(try bridge.store.counts()["payload"] == 1)
    }
}
