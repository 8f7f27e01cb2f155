import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeParsing
import Foundation

/// Tries a mapping on payload files without touching the ledger: `mapping preview` and `mapping test`.
public enum MappingWorkbench {
    /// What one payload becomes: the tasks its patches fold into, and one line per record that failed.
    public struct Preview: Sendable {
        public let tasks: [UnifiedTask]
        public let failures: [String]
    }

    /// Maps the payload at `path` and folds its patches per task.
    public static func preview(spec: MappingSpec, path: String, source: String = "preview") throws -> Preview {
        let binding = SourceBinding(id: source, block: nil, agency: nil, mapping: spec)
        let decoded = try PayloadDecoder(format: spec.format, limits: binding.xmlLimits).decode(.file(path))
        let document: SourceDocument
        switch decoded.document {
        case .failure(let error): return Preview(tasks: [], failures: ["parse: \(error)"])
        case .success(let parsed): document = parsed
        }
        var patches: [TaskKey: [TaskPatch]] = [:]
        var failures: [String] = []
        let defaults = Mapper.SourceDefaults(source: source, block: nil, agency: nil, payloadHash: decoded.hash)
        for (index, outcome) in binding.mapper.map(document, defaults: defaults).enumerated() {
            switch outcome {
            case .patches(let record):
                for patch in record.patches { patches[patch.taskKey, default: []].append(patch) }
            case .failure(let recordId, let reason):
                // Named as its dead letter would be: by its id, or by its position when the id cannot be read.
                failures.append("record \(DeadLetterIdentity.of(recordId: recordId, position: index + 1)): " + reason.description)
            }
        }
        let tasks = patches.keys.sorted().map { TaskFolder.fold(key: $0, patches: patches[$0]!) }
        return Preview(tasks: tasks, failures: failures)
    }

    /// Lint: maps every example input and reports each record the mapping cannot read (an unparseable date,
    /// a status missing from the table, a missing required field), each naming the mapping's line.
    public static func lint(spec: MappingSpec, directory: String) throws -> [String] {
        try spec.examples.enumerated().flatMap { index, example -> [String] in
            let place = "\(spec.file)" + (example.line.map { ":\($0)" } ?? "") + ": example \(index + 1)"
            let path = example.input.hasPrefix("/") ? example.input : "\(directory)/\(example.input)"
            guard FileManager.default.fileExists(atPath: path) else { return ["\(place): input \(example.input) not found"] }
            return try preview(spec: spec, path: path).failures.map { "\(place): \($0)" }
        }
    }

    /// Runs every example the mapping carries (inputs relative to `directory`); one line per mismatch.
    public static func runExamples(spec: MappingSpec, directory: String) throws -> [String] {
        var problems: [String] = []
        for (index, example) in spec.examples.enumerated() {
            let place = "\(spec.file)" + (example.line.map { ":\($0)" } ?? "") + ": example \(index + 1)"
            let path = example.input.hasPrefix("/") ? example.input : "\(directory)/\(example.input)"
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append("\(place): input \(example.input) not found")
                continue
            }
            let preview = try preview(spec: spec, path: path)
            // Dead letters the example expects (by record and words of the reason); any other is a problem.
            var expectedLetters = example.deadLetters
            for failure in preview.failures {
                if let match = expectedLetters.firstIndex(where: { failure.hasPrefix("record \($0.record): ") && failure.contains($0.reason) }) {
                    expectedLetters.remove(at: match)
                } else {
                    problems.append("\(place): \(failure)")
                }
            }
            problems += expectedLetters.map { "\(place): no dead letter for record \($0.record) with a reason containing '\($0.reason)'" }
            for (key, fields) in example.expect.sorted(by: { $0.key < $1.key }) {
                guard let task = preview.tasks.first(where: { $0.key.rawValue == key }) else {
                    problems.append("\(place): no task '\(key)' (made: \(preview.tasks.map(\.key.rawValue).joined(separator: ", ")))")
                    continue
                }
                for (field, expected) in fields.sorted(by: { $0.key < $1.key }) {
                    let actual = task.text(of: field)
                    if actual != expected && !(actual == nil && expected.isEmpty) {  // "" expects the field absent
                        problems.append("\(place): task '\(key)' \(field) is \(actual.map { "'\($0)'" } ?? "missing"), expected '\(expected)'")
                    }
                }
            }
        }
        return problems
    }
}

extension UnifiedTask {
    /// A field as examples write it: times in ISO 8601 Vietnam time, people as `namespace:id`, lists comma-separated.
    func text(of field: String) -> String? {
        switch field {
        case "status": return status.rawValue
        case "statusCode": return statusCode
        case "deadlines": return deadlines.isEmpty ? nil : deadlines.map(\.description).joined(separator: ",")
        default: break
        }
        guard let field = TaskField(rawValue: field) else { return nil }
        switch field {
        case .block: return block?.rawValue
        case .agency: return agency
        case .unit: return unit
        case .title: return title
        case .documentId: return document.documentId
        case .issuerId: return document.issuerId
        case .issuerName: return document.issuerName
        case .number: return document.number
        case .notation: return document.notation
        case .promulgationDate: return document.promulgationDate?.description
        case .documentType: return document.documentType
        case .productType: return productType
        case .mainHandler: return mainHandler?.identity
        case .coordinators: return coordinators.isEmpty ? nil : coordinators.map(\.identity).joined(separator: ",")
        case .assignedBy: return assignedBy?.identity
        case .assignedAt: return assignedAt?.description
        case .dueAt: return dueAt?.description
        case .completedAt: return completedAt?.description
        case .priority: return priority.map(String.init)
        case .replacedBy: return replacedBy?.rawValue
        case .replaces: return replaces?.rawValue
        case .majorErrors: return String(majorErrors)
        case .returns: return String(returns)
        case .missedDeadlines: return reportedMissedDeadlines.map(String.init)
        }
    }
}
