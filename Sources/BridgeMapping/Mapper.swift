import BridgeModel
import BridgeServices

/// Evaluates a mapping against a parsed payload. Pure: no clock, no I/O. A class, so that mapping a record
/// borrows the compiled mapping instead of copying it.
public final class Mapper: Sendable {
    public let spec: MappingSpec

    public init(spec: MappingSpec) { self.spec = spec }

    /// Defaults a source adds to every patch unless the mapping sets the field itself.
    public struct SourceDefaults: Sendable {
        public var source: String
        public var block: Block?
        public var agency: String?
        public var payloadHash: String

        public init(source: String, block: Block?, agency: String?, payloadHash: String) {
            self.source = source
            self.block = block
            self.agency = agency
            self.payloadHash = payloadHash
        }
    }

    /// One outcome per record in the payload, in payload order.
    public func map(_ document: SourceDocument, defaults: SourceDefaults) -> [RecordOutcome] {
        let base = PathContext(root: document.root, format: document.format)
        let records: [PathContext]
        if let items = spec.items {
            records = items.evaluate(in: base).compactMap(\.node).map { node in
                var context = base
                context.current = node
                return context
            }
        } else {
            records = [base]
        }
        return records.map { mapRecord($0, defaults: defaults) }
    }

    func mapRecord(_ context: PathContext, defaults: SourceDefaults) -> RecordOutcome {
        let rules = spec.rules.indices.filter { spec.rules[$0].applies(in: context) }
        let dossierRule = spec.dossier.flatMap { $0.applies(in: context) ? $0 : nil }
        guard !rules.isEmpty || dossierRule != nil else {
            let reason = RecordFailure(
                .mapping, place: "rules", line: nil,
                message: "no rule applies to this record (rules: \(spec.ruleNames.joined(separator: ", ")))")
            return .failure(recordId: nil, reason: reason)
        }
        var refs: [RecordRef] = []
        var patches: [TaskKey: TaskPatch] = [:]
        var order: [TaskKey] = []
        var firstId: String?
        var dossiers: [DossierSnapshot] = []
        do {
            if let rule = dossierRule {
                let recordId = try rule.recordId.string(in: context)!
                firstId = recordId
                let version = try rule.version.string(in: context)!
                refs.append(RecordRef(
                    source: defaults.source, recordId: recordId, recordVersion: version,
                    payloadHash: defaults.payloadHash, mappingId: spec.id, mappingVersion: spec.version))
                dossiers.append(try rule.snapshot(in: context, version: version, time: try rule.time.time(in: context)!))
            }
            for index in rules {
                let rule = spec.rules[index]
                let recordId = try rule.recordId.string(in: context)!
                firstId = firstId ?? recordId
                let ref = RecordRef(
                    source: defaults.source, recordId: recordId, recordVersion: try rule.version.string(in: context)!,
                    payloadHash: defaults.payloadHash, mappingId: spec.id, mappingVersion: spec.version)
                if !refs.contains(ref) { refs.append(ref) }
                let time = try rule.time.time(in: context)!
                for bound in rule.contexts(from: context) {
                    let patch = try makePatch(rule, bound, ref: ref, time: time, defaults: defaults)
                    if let existing = patches[patch.taskKey] {
                        patches[patch.taskKey] = merged(existing, patch)
                    } else {
                        patches[patch.taskKey] = patch
                        order.append(patch.taskKey)
                    }
                }
            }
        } catch let failure as RecordFailure {
            return .failure(recordId: firstId, reason: failure)
        } catch {
            return .failure(recordId: firstId, reason: RecordFailure(.mapping, place: "", line: nil, message: "\(error)"))
        }
        if order.isEmpty && dossiers.isEmpty {
            let eaches = rules.flatMap { index in spec.rules[index].each.map { "rule '\(spec.rules[index].name)' found nothing at \($0.path)" } }
            let reason = RecordFailure(
                .mapping, place: "rules", line: rules.first.map { spec.rules[$0].line } ?? nil,
                message: "record produced no task" + (eaches.isEmpty ? "" : ": " + eaches.joined(separator: "; ")))
            return .failure(recordId: firstId, reason: reason)
        }
        return .patches(record: MappedRecord(refs: refs, patches: order.map { patches[$0]! }, dossiers: dossiers))
    }

    private func makePatch(
        _ rule: RecordRule, _ context: PathContext, ref: RecordRef, time: Timestamp, defaults: SourceDefaults
    ) throws -> TaskPatch {
        let key = try rule.task.string(in: context)!
        var fields: [TaskField: FieldValue] = [:]
        fields.reserveCapacity(rule.fields.count + 2)
        for index in rule.fields.indices {
            if let value = try rule.fields[index].evaluate(in: context) { fields[rule.fields[index].field] = value }
        }
        if fields[.block] == nil, let block = defaults.block { fields[.block] = .text(block.rawValue) }
        if fields[.agency] == nil, let agency = defaults.agency { fields[.agency] = .text(agency) }
        var status: StatusChange?
        if let expression = rule.status, let code = try expression.string(in: context) {
            guard let entry = spec.statuses[code] else {
                throw expression.failure("status '\(code)' is not in statuses (\(spec.statuses.keys.sorted().joined(separator: ", ")))")
            }
            status = StatusChange(code: code, status: entry.status, rank: entry.rank, reopens: entry.reopens)
        }
        var patch = TaskPatch(taskKey: TaskKey(key), record: ref, sourceTime: time, fields: fields, status: status)
        for event in rule.events {
            switch event.kind {
            case .returns: patch.returns.formUnion(try event.ids(in: context))
            case .majorErrors: patch.majorErrors.formUnion(try event.ids(in: context))
            }
        }
        return patch
    }

    /// Two rules of one record touching the same task: fields combine, the later rule's status wins.
    private func merged(_ a: TaskPatch, _ b: TaskPatch) -> TaskPatch {
        var out = a
        out.fields.merge(b.fields) { _, new in new }
        out.status = b.status ?? a.status
        out.majorErrors.formUnion(b.majorErrors)
        out.returns.formUnion(b.returns)
        return out
    }
}
