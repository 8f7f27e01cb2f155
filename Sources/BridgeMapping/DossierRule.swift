import BridgeModel
import BridgeServices

/// A mapping's `dossier:` block: how one record of a one-stop system becomes a snapshot of a citizen's dossier
/// (docs/mapping-language.md, docs/services.md). Beside the task rules, or alone for a source that reports
/// dossiers but no steps (DVCQG's `DongBoHoSoMC`).
final class DossierRule: Sendable {
    /// A list inside the record: its binding and the expressions read under it.
    struct List: Sendable {
        let name: String
        let path: SourcePath
        let values: [String: ValueExpression]
    }

    let line: Int?
    let conditions: [Condition]
    let recordId: ValueExpression
    let version: ValueExpression
    let time: ValueExpression
    /// `code`, `status` and the optional scalars (`procedure`, `receivedAt`, …) by name.
    let values: [String: ValueExpression]
    /// This version's appointment was set with an apology.
    let apology: [Condition]?
    let supplements: List?
    let steps: List?
    /// Appointment resets with an apology the record lists.
    let resets: List?

    static let texts = ["procedure", "procedureName", "unit", "agency"]
    static let times = ["receivedAt", "appointment", "finishedAt", "returnedAt"]
    static let scalars = ["code", "status", "channel", "durationAmount", "durationUnit"] + texts + times
    static let supplementValues = ["requestedAt", "resumedAt"]
    static let stepValues = ["officer", "startedAt", "deadline", "department", "content"]
    static let resetValues = ["previous", "new"]

    init(
        line: Int?, conditions: [Condition], recordId: ValueExpression, version: ValueExpression, time: ValueExpression,
        values: [String: ValueExpression], apology: [Condition]?, supplements: List?, steps: List?, resets: List?
    ) {
        self.line = line
        self.conditions = conditions
        self.recordId = recordId
        self.version = version
        self.time = time
        self.values = values
        self.apology = apology
        self.supplements = supplements
        self.steps = steps
        self.resets = resets
    }

    func applies(in context: PathContext) -> Bool {
        conditions.allSatisfy { $0.holds(in: context) }
    }

    /// The snapshot the record gives; a value that cannot be read throws a `RecordFailure` naming it.
    func snapshot(in context: PathContext, version: String, time: Timestamp) throws -> DossierSnapshot {
        func text(_ name: String, _ context: PathContext) throws -> String? { try values[name]?.string(in: context) }
        func instant(_ name: String) throws -> Timestamp? { try values[name]?.time(in: context) }
        let statusText = try text("status", context)!
        guard let code = Int(statusText), let status = DossierStatus(rawValue: code) else {
            throw values["status"]!.failure("status '\(statusText)' is not a dossier status (TrangThaiHoSo 1–10)", .validation)
        }
        var snapshot = DossierSnapshot(code: try text("code", context)!, sourceTime: time, version: version, status: status)
        snapshot.procedure = try text("procedure", context)
        snapshot.procedureName = try text("procedureName", context)
        snapshot.unit = try text("unit", context)
        snapshot.agency = try text("agency", context)
        snapshot.channel = try values["channel"]?.int(in: context)
        snapshot.receivedAt = try instant("receivedAt")
        snapshot.appointment = try instant("appointment")
        snapshot.finishedAt = try instant("finishedAt")
        snapshot.returnedAt = try instant("returnedAt")
        snapshot.apology = apology.map { $0.allSatisfy { $0.holds(in: context) } } ?? false
        if let amount = try values["durationAmount"]?.int(in: context) {
            let unitText = try text("durationUnit", context) ?? "days"
            guard amount >= 0, let unit = Dossier.StatutoryDuration.Unit(rawValue: unitText) else {
                throw values["durationUnit"]?.failure(
                    "duration '\(amount) \(unitText)' is not a number of days, workingDays or hours", .validation)
                    ?? values["durationAmount"]!.failure("duration \(amount) is negative", .validation)
            }
            snapshot.statutoryDuration = Dossier.StatutoryDuration(amount, unit)
        }
        if let list = supplements {
            snapshot.supplements = try list.contexts(in: context).map { item in
                Dossier.Supplement(requestedAt: try list.values["requestedAt"]!.time(in: item)!, resumedAt: try list.values["resumedAt"]?.time(in: item))
            }
        }
        if let list = resets {
            snapshot.resets = try list.contexts(in: context).map { item in
                DossierSnapshot.Reset(previous: try list.values["previous"]!.time(in: item)!, new: try list.values["new"]!.time(in: item)!)
            }
        }
        if let list = steps {
            snapshot.steps = try list.contexts(in: context).map { item in
                DossierStep(
                    officer: try list.values["officer"]!.string(in: item)!, startedAt: try list.values["startedAt"]!.time(in: item)!,
                    deadline: try list.values["deadline"]?.time(in: item), department: try list.values["department"]?.string(in: item),
                    content: try list.values["content"]?.string(in: item))
            }
        }
        return snapshot
    }
}

extension DossierRule.List {
    /// The record's context once per item of the list, the item bound to the list's name.
    func contexts(in context: PathContext) -> [PathContext] {
        path.evaluate(in: context).compactMap(\.node).map { node in
            var next = context
            next.bindings[name] = node
            return next
        }
    }
}

extension Loader {
    /// `dossier:` (docs/mapping-language.md).
    func dossierRule(_ node: YAMLNode) throws -> DossierRule {
        let lists = ["supplements", "steps", "apologies"]
        let allowed = Set(["when", "recordId", "version", "time", "apology", "duration"] + lists + DossierRule.scalars)
            .subtracting(["durationAmount", "durationUnit"])
        _ = try node.entries(allowed: allowed)
        func required(_ key: String, in node: YAMLNode) throws -> ValueExpression {
            var e = try expression(try node.required(key))
            e.required = true
            return e
        }
        func timed(_ child: YAMLNode, _ name: String) throws -> ValueExpression {
            let e = try expression(child)
            if e.dates.isEmpty { throw child.error("\(name) needs a date format (date: …)") }
            return e
        }
        var values: [String: ValueExpression] = [:]
        values["code"] = try required("code", in: node)
        values["status"] = try required("status", in: node)
        for name in DossierRule.texts + ["channel"] {
            if let child = try node.optional(name) { values[name] = try expression(child) }
        }
        for name in DossierRule.times {
            if let child = try node.optional(name) { values[name] = try timed(child, name) }
        }
        if let duration = try node.optional("duration") {
            _ = try duration.entries(allowed: ["amount", "unit"])
            values["durationAmount"] = try expression(try duration.required("amount"))
            if let unit = try duration.optional("unit") { values["durationUnit"] = try expression(unit) }
        }
        var time = try timed(try node.required("time"), "time")
        time.required = true
        func list(_ key: String, _ names: [String], required needed: [String], times: Set<String>) throws -> DossierRule.List? {
            guard let child = try node.optional(key) else { return nil }
            _ = try child.entries(allowed: Set(["each"] + names))
            let each = try child.required("each").entries()
            guard each.count == 1, let binding = each.first else { throw child.error("each names one binding: each: { name: path }") }
            var expressions: [String: ValueExpression] = [:]
            for name in names {
                guard let value = try child.optional(name) else {
                    if needed.contains(name) { throw child.error("missing required key '\(name)'") }
                    continue
                }
                var e = times.contains(name) ? try timed(value, name) : try expression(value)
                e.required = needed.contains(name)
                expressions[name] = e
            }
            return DossierRule.List(name: binding.key, path: try path(binding.value), values: expressions)
        }
        return DossierRule(
            line: node.line, conditions: try node.optional("when").map(conditions) ?? [],
            recordId: try required("recordId", in: node), version: try required("version", in: node), time: time, values: values,
            apology: try node.optional("apology").map(conditions),
            supplements: try list("supplements", DossierRule.supplementValues, required: ["requestedAt"], times: ["requestedAt", "resumedAt"]),
            steps: try list("steps", DossierRule.stepValues, required: ["officer", "startedAt"], times: ["startedAt", "deadline"]),
            resets: try list("apologies", DossierRule.resetValues, required: ["previous", "new"], times: ["previous", "new"]))
    }
}
