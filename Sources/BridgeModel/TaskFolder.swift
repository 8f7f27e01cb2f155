/// Folds patches into a task. Pure and deterministic: the same patches in any order give the same task.
public enum TaskFolder {
    /// The task that `patches` (all for `key`) describe; arrival order does not matter.
    public static func fold(key: TaskKey, patches: [TaskPatch]) -> UnifiedTask {
        let ordered = patches.sorted(by: TaskPatch.foldOrder)
        var task = UnifiedTask(key: key)
        var values: [TaskField: FieldValue] = [:]
        var deadlines = Set<Timestamp>()
        var errors = Set<String>()
        var returns = Set<String>()
        var statusRank = Int.min
        var completingTime: Timestamp?

        for patch in ordered {
            // Later source time wins per field; ties were ordered by rank, then record.
            for (field, value) in patch.fields { values[field] = value }
            if case .time(let due)? = patch.fields[.dueAt] { deadlines.insert(due) }
            errors.formUnion(patch.majorErrors)
            returns.formUnion(patch.returns)
            guard let change = patch.status, let status = change.status else { continue }
            // A returned status is one return event per record version, unless the record lists its returns.
            // (A record that reports its own count of returns is counted by that count instead.)
            if status == .returned, patch.returns.isEmpty, patch.fields[.returns] == nil {
                returns.insert("\(patch.record.recordId)@\(patch.record.recordVersion)")
            }
            if change.rank >= statusRank || change.reopens {
                if status == .completed, task.status != .completed { completingTime = patch.sourceTime }
                task.status = status
                task.statusCode = change.code
                statusRank = change.rank
            }
        }
        apply(values, to: &task)
        if task.status == .completed {
            task.completedAt = task.completedAt ?? completingTime
        } else {
            task.completedAt = nil
        }
        task.deadlines = deadlines.sorted()
        // Events the bridge saw are distinct and a source's own count covers them, so the larger of the two is
        // the count: never both added (that would count an event twice).
        func reported(_ field: TaskField) -> Int? { if case .int(let n)? = values[field] { n } else { nil } }
        task.majorErrors = max(errors.count, reported(.majorErrors) ?? 0)
        task.returns = max(returns.count, reported(.returns) ?? 0)
        task.reportedMissedDeadlines = reported(.missedDeadlines)
        task.provenance = Array(Set(patches.map(\.record))).sorted()
        return task
    }

    static func apply(_ values: [TaskField: FieldValue], to task: inout UnifiedTask) {
        for (field, value) in values {
            switch (field, value) {
            case (.block, .text(let v)): task.block = Block(rawValue: v)
            case (.agency, .text(let v)): task.agency = v
            case (.unit, .text(let v)): task.unit = v
            case (.title, .text(let v)): task.title = v
            case (.documentId, .text(let v)): task.document.documentId = v
            case (.issuerId, .text(let v)): task.document.issuerId = v
            case (.issuerName, .text(let v)): task.document.issuerName = v
            case (.number, .text(let v)): task.document.number = v
            case (.notation, .text(let v)): task.document.notation = v
            case (.promulgationDate, .day(let v)): task.document.promulgationDate = v
            case (.documentType, .text(let v)): task.document.documentType = v
            case (.productType, .text(let v)): task.productType = v
            case (.mainHandler, .person(let v)): task.mainHandler = v
            case (.coordinators, .people(let v)): task.coordinators = v.sorted()
            case (.assignedBy, .person(let v)): task.assignedBy = v
            case (.assignedAt, .time(let v)): task.assignedAt = v
            case (.dueAt, .time(let v)): task.dueAt = v
            case (.completedAt, .time(let v)): task.completedAt = v
            case (.priority, .int(let v)): task.priority = v
            case (.majorErrors, _), (.returns, _), (.missedDeadlines, _): continue  // counts: see `fold`
            case (.replacedBy, .text(let v)): task.replacedBy = TaskKey(v)
            case (.replaces, .text(let v)): task.replaces = TaskKey(v)
            default: continue  // a kind mismatch is refused by mapping validation before it gets here
            }
        }
    }
}
