import BridgeModel

extension Dossier {
    /// Each step as a unified task: the work product of the officer who held it (docs/services.md), scored like
    /// any task — a step that ends after its deadline loses the decree's 25 % of timeliness.
    /// - key `dossier:CODE#K` (K from 1, the step's place in the log);
    /// - main handler: the step's officer, as the one-stop system names them (`namespace`), resolved through the
    ///   directory like any account;
    /// - assigned when the step started, due at its deadline, completed when it ended — the next step's start, or
    ///   the dossier's end for the last one;
    /// - the product type the catalogue weighs (so dossier work can weigh more than routine work), the
    ///   procedure's name as title, the dossier's unit and agency, and its code as the document number (which
    ///   links a step to an E-Office task about the same document).
    /// A step still open when the dossier was withdrawn is cancelled: no one is scored on it.
    public func stepTasks(productType: String, namespace: String) -> [UnifiedTask] {
        steps.enumerated().map { index, step in
            var task = UnifiedTask(key: TaskKey("dossier:\(code)#\(index + 1)"))
            task.title = [procedureName ?? procedure, step.content].compactMap { $0 }.joined(separator: " — ")
            task.agency = agency
            task.unit = step.department ?? unit
            task.productType = productType
            task.document.number = code
            task.mainHandler = PersonRef(namespace: namespace, id: step.officer, name: nil)
            task.assignedAt = step.startedAt
            task.dueAt = step.deadline
            task.deadlines = step.deadline.map { [$0] } ?? []
            let ended = index + 1 < steps.count ? steps[index + 1].startedAt : end
            if let ended {
                task.status = .completed
                task.completedAt = ended
            } else {
                task.status = status == .withdrawn ? .cancelled : .inProgress
            }
            return task
        }
    }
}
