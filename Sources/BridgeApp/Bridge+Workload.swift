import BridgeLedger
import BridgeModel
import BridgeScoring
import BridgeWorkload
import Foundation

/// Job positions, workload and staffing (docs/workload.md): the reference tables HR imports, and the workload
/// and staffing reports over the ledger's completed work.
extension Bridge {
    /// What the checks of an import read: the directory, the catalogue in force, the caps, the closed periods.
    func workloadContext(at time: Timestamp) throws -> WorkloadFiles.Context {
        let closed = try store.scores.closedPeriods().compactMap { item -> (period: String, last: CalendarDay)? in
            Period(item.period).map { (item.period, Timestamp(millis: $0.end.millis - 1).day()) }
        }
        return WorkloadFiles.Context(
            directory: try store.directory.current(), positions: try store.references.current("positions", as: [Position].self) ?? [],
            caps: configuration.workload.caps, closedUntil: closed, today: time.day())
    }

    /// Imports `file` as the new version of `kind`, all or nothing; returns how many rows it held.
    public func importReference(_ kind: WorkloadFiles.Kind, file: String, actor: String, at time: Timestamp) throws -> Int {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw AppError("\(file): \(SystemErrorText.describe(error))") }
        let name = (file as NSString).lastPathComponent
        let context = try workloadContext(at: time)
        func store<T: Encodable>(_ rows: [T]) throws -> Int {
            try self.store.references.record(kind.rawValue, rows, rows: rows.count, origin: name, actor: actor, at: time)
            return rows.count
        }
        switch kind {
        case .positions: return try store(try WorkloadFiles.positions(data, file: name))
        case .assignments: return try store(try WorkloadFiles.assignments(data, file: name, context: context))
        case .standardTimes: return try store(try WorkloadFiles.standardTimes(data, file: name, context: context))
        case .leave: return try store(try WorkloadFiles.leave(data, file: name, context: context))
        case .staffing: return try store(try WorkloadFiles.staffing(data, file: name))
        case .diary: return try store(try WorkloadFiles.diary(data, file: name, context: context))
        }
    }

    /// The workload of `period` (of `agency`'s officers, or every officer's): each directory officer's completed
    /// work products as main handler, priced by the standard times, against the working calendar less leave.
    public func workload(period: Period, agency: String? = nil) throws -> Workload {
        try workload(period: period, agencies: agency.map { [$0] })
    }

    /// The workload of `period` over the officers of `agencies` (nil: every officer), or of one `officer` alone
    /// (their page: only their own tasks are read).
    public func workload(period: Period, agencies: Set<String>?, officer: String? = nil) throws -> Workload {
        let directory = try store.directory.current()
        let first = period.start.day(), last = Timestamp(millis: period.end.millis - 1).day()
        let people = directory.officers.values.filter { person in
            (officer.map { person.id == $0 } ?? true) && (agencies.map { set in person.agency.map(set.contains) ?? false } ?? true)
        }.map { Workload.Person(id: $0.id, name: $0.name, agency: $0.agency, unit: $0.unit) }
        let products = try store.tasks.list(TaskFilter(officer: officer, status: .completed)).compactMap { task -> Workload.Product? in
            guard task.countsForKPI, let officer = task.mainHandler?.officer, let done = task.completedAt?.day(), done >= first, done <= last else { return nil }
            return Workload.Product(officer: officer, productType: task.productType, completedOn: done, task: task.key.rawValue)
        }
        let calendar = configuration.calendar
        var leave: [String: Rational] = [:]
        for item in try store.references.current("leave", as: [WorkloadFiles.Leave].self) ?? [] {
            let days = calendar.workingDays(from: max(item.from, first), to: min(item.to, last)).count
            let perDay = item.hoursPerDay.flatMap { Rational(decimal: $0) } ?? Rational(calendar.hoursPerDay)
            leave[item.officer, default: Rational(0)] = leave[item.officer, default: Rational(0)] + Rational(days) * perDay
        }
        let times = try store.references.current("standard-times", as: [WorkloadFiles.StandardTime].self) ?? []
        return Workload(
            people: people, products: products, assignments: try store.references.current("assignments", as: [PositionAssignment].self) ?? [],
            standardTimes: StandardTimes(times.map(\.entry)), calendar: calendar, leaveHours: leave, from: first, to: last)
    }

    /// Declared hours (the work diary imported) against evidence hours in `period`: the officers above the
    /// configured threshold with their largest unsupported items.
    public func diaryCheck(period: Period, agencies: Set<String>? = nil) throws -> DiaryCheck {
        let entries = try store.references.current("diary", as: [DiaryCheck.Entry].self) ?? []
        return DiaryCheck(try workload(period: period, agencies: agencies), entries: entries, threshold: configuration.workload.diaryThreshold)
    }

    /// The staffing report of `period` over its workload, with the staffing assigned as imported.
    public func staffing(period: Period, agency: String? = nil) throws -> (workload: Workload, staffing: Staffing) {
        try staffing(period: period, agencies: agency.map { [$0] })
    }

    /// The staffing report of `period` over the units of `agencies` (nil: every unit).
    public func staffing(period: Period, agencies: Set<String>?) throws -> (workload: Workload, staffing: Staffing) {
        let workload = try self.workload(period: period, agencies: agencies)
        let assigned = try store.references.current("staffing", as: [WorkloadFiles.Assigned].self) ?? []
        let staffing = Staffing(
            workload, assigned: Dictionary(assigned.map { ($0.key, $0.assigned) }) { a, _ in a }, caps: configuration.workload.caps,
            threshold: configuration.workload.outlierThreshold)
        return (workload, staffing)
    }
}
