import BridgeApp
import BridgeLedger
import BridgeModel
import BridgePostgres
import Foundation
import Logging

/// The ledgers a benchmark stage writes (SQLite files in the work folder, or databases on the `postgres`
/// server), and the sizes and memory it reports.
extension IngestBenchmark {
    /// A bridge over the dataset's sources, on the SQLite file `database`, or (nil) on the PostgreSQL database
    /// `postgresName` of the `postgres` server; `fresh` starts a new ledger with the directory imported.
    func bridge(home: String, fresh: Bool, database: String?, postgresName: String) async throws -> Bridge {
        let config = "\(work)/kpibridge.yml"
        try """
            sources:
              - { id: eoffice, kind: edxml-files, mapping: \(home)/Mappings/eoffice-edxml.yml, block: state }
              - { id: ioffice, kind: json-pages, baseURL: "http://127.0.0.1:9/ioffice/", mapping: \(home)/Mappings/ioffice.yml, block: state }
              - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/party/", mapping: \(home)/Mappings/party-tasks.yml, block: party }
              - { id: mass, kind: json-pages, baseURL: "http://127.0.0.1:9/mass/", mapping: \(home)/Mappings/mass-tasks.yml, block: mass }
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var configuration = try BridgeConfiguration.load(file: config)
        configuration.baseDirectory = home
        let now: @Sendable () -> Timestamp = { Timestamp(iso8601: "2026-06-30T12:00:00+07:00")! }
        let bridge: Bridge
        if let database {
            if fresh { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
            bridge = try Bridge(configuration: configuration, databasePath: database, now: now)
        } else {
            guard let postgres else { throw AppError("no PostgreSQL server for the pg- stages (bench ingest --postgres)") }
            let server = try PostgresLocation(postgres)
            var location = server
            location.database = postgresName
            if fresh {
                location = try await server.recreateDatabase(postgresName, logger: Logger(label: "kpibridge.bench"))
                _ = try await PostgresMigrator(location: location).migrate()
            }
            bridge = try Bridge(configuration: configuration, store: try LedgerStore.postgres(location), now: now)
        }
        if fresh {
            let directory = try DirectoryFile.load("\(work)/directory.csv")
            try bridge.importDirectory(directory.officers, agencies: directory.agencies, origin: "directory.csv", actor: "bench", at: Timestamp(millis: 0))
        }
        return bridge
    }

    /// The files' bytes, added up outside the timed loops.
    static func size(of files: [String]) -> Int {
        files.reduce(0) { $0 + Int((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    }

    /// This process's peak resident memory, in MB: VmHWM, which starts afresh at exec (getrusage's maxrss is
    /// carried over from the parent on Linux, so every stage would show the dataset generator's peak).
    static func peakMegabytes() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Double(line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
    }
}
