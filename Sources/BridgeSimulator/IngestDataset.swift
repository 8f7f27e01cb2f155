import BridgeModel
import Foundation

/// The ingest benchmark's province, written to a folder once and read by every stage (and by the reference
/// pipeline): edXML hub messages as files, the JSON tools' records as pages of 100, and the officers' directory.
/// The same counts and seed always give the same bytes.
public enum IngestDataset {
    /// What a folder holds; stored as `manifest.json` beside the data.
    public struct Manifest: Codable, Sendable, Equatable {
        public var officers: Int
        public var seed: UInt64
        public var edxmlFiles: [String] = []
        public var edxmlBytes = 0
        /// JSON pages per tool (`ioffice`, `party`, `mass`), in order.
        public var jsonPages: [String: [String]] = [:]
        public var jsonRecords: [String: Int] = [:]
        public var jsonBytes = 0
        public var directory = "directory.csv"
        public var edxmlDocuments = 0
        public var edxmlStatuses = 0

        public var jsonRecordCount: Int { jsonRecords.values.reduce(0, +) }
    }

    public static let pageSize = 100

    /// Writes a file without the fsync that `Data.write(to:)` does (half a million of those took minutes).
    static func save(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw SimulatorError("cannot write \(path)") }
        defer { fclose(file) }
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw SimulatorError("cannot write \(path)") }
    }

    /// Reads the manifest of a folder written before with the same counts, or nil.
    public static func existing(in folder: String, officers: Int, edxml: Int, json: Int, seed: UInt64) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/manifest.json"),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
            manifest.officers == officers, manifest.seed == seed, manifest.edxmlFiles.count == edxml, manifest.jsonRecordCount == json
        else { return nil }
        return manifest
    }

    /// Writes `edxml` hub messages and `json` tool records for `officers` officers into `folder` (replaced).
    public static func write(to folder: String, officers: Int, edxml: Int, json: Int, seed: UInt64, progress: (String) -> Void) throws -> Manifest {
        let fm = FileManager.default
        try? fm.removeItem(atPath: folder)
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Enough work per officer for both counts: about 3.5 hub messages per hub task, 8 hub tasks per 3 officers.
        let hubTasksPerUnit = max(1, officers * 2 / 3)
        let workload = max(1, Int((Double(edxml) / (Double(hubTasksPerUnit) * 3.0)).rounded(.up)), (json + officers * 8 / 3 - 1) / max(1, officers * 8 / 3))
        progress("generating a province of \(officers) officers (workload \(workload))")
        let world = SimulatedWorld(scale: officers, seed: seed, workload: workload)
        var manifest = Manifest(officers: officers, seed: seed)

        // edXML: each task's document then its status messages, until `edxml` messages.
        var written = 0
        outer: for task in world.tasks where task.system == .hub {
            for message in HubMessages.messages(for: task) {
                if written == edxml { break outer }
                let sub = String(format: "edxml/%04d", written / 1_000)
                if written % 1_000 == 0 { try fm.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true) }
                let name = "\(sub)/\(message.id).edxml"
                try save(message.bytes, to: "\(folder)/\(name)")
                manifest.edxmlFiles.append(name)
                manifest.edxmlBytes += message.bytes.count
                if message.kind == "status" { manifest.edxmlStatuses += 1 } else { manifest.edxmlDocuments += 1 }
                written += 1
            }
        }
        guard written == edxml else { throw SimulatorError("the province holds only \(written) hub messages; ask for fewer") }
        progress("wrote \(written) edXML messages (\(manifest.edxmlBytes >> 20) MB)")

        // JSON: the three tools in proportion to the work they hold, pages of 100 records in each tool's envelope.
        let tools: [(name: String, system: SimulatedTask.System, record: (SimulatedTask) -> [String: Any], envelope: ([[String: Any]]) -> [String: Any])] = [
            ("ioffice", .ioffice, ToolRecords.ioffice, { ["success": true, "message": "", "data": $0, "total": $0.count] }),
            ("party", .party, ToolRecords.party, { ["items": $0, "nextCursor": NSNull()] }),
            ("mass", .mass, ToolRecords.mass, { ["data": $0, "links": ["next": NSNull()]] }),
        ]
        let available = tools.map { tool in world.tasks.filter { $0.system == tool.system } }
        let total = available.reduce(0) { $0 + $1.count }
        guard total >= json else { throw SimulatorError("the province holds only \(total) tool records; ask for fewer") }
        var remaining = json
        for (index, tool) in tools.enumerated() {
            let share = index == tools.count - 1 ? remaining : json * available[index].count / total
            remaining -= share
            try fm.createDirectory(atPath: "\(folder)/json/\(tool.name)", withIntermediateDirectories: true)
            var pages: [String] = []
            for start in stride(from: 0, to: share, by: pageSize) {
                let items = available[index][start..<min(start + pageSize, share)].map(tool.record)
                let data = try JSONSerialization.data(withJSONObject: tool.envelope(items), options: [.withoutEscapingSlashes])
                let name = String(format: "json/%@/page-%05d.json", tool.name, pages.count + 1)
                try save(Array(data), to: "\(folder)/\(name)")
                pages.append(name)
                manifest.jsonBytes += data.count
            }
            manifest.jsonPages[tool.name] = pages
            manifest.jsonRecords[tool.name] = share
        }
        progress("wrote \(json) JSON records in \(manifest.jsonPages.values.reduce(0) { $0 + $1.count }) pages (\(manifest.jsonBytes >> 20) MB)")

        // The directory, as an administration would export it.
        var csv = "id,name,agency,unit,block,position,group,accounts\n"
        for officer in world.officers {
            let namespace = officer.block == .state ? "email" : officer.block == .party ? "party-member" : "union-member"
            csv += "cb-\(officer.index),\(officer.name),\(officer.agency),\(officer.unit.replacingOccurrences(of: ",", with: " -")),\(officer.block.rawValue),,,\(namespace)=\(officer.account)\n"
        }
        try csv.write(toFile: "\(folder)/\(manifest.directory)", atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: "\(folder)/manifest.json"))
        return manifest
    }
}
