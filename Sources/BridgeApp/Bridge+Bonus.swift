import BridgeBonus
import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeWorkload
import Foundation

/// A kept bonus run with what has changed since (docs/bonus.md).
public struct BonusStatement: Sendable {
    /// A level that differs today from the one the run was made with: a closed year's score adjusted after the run.
    public struct Difference: Sendable, Hashable, Codable {
        public let officer: String
        public let name: String?
        public let levelInRun: String?
        public let levelNow: String?
        public let amountInRun: Int

        public init(officer: String, name: String?, levelInRun: String?, levelNow: String?, amountInRun: Int) {
            self.officer = officer
            self.name = name
            self.levelInRun = levelInRun
            self.levelNow = levelNow
            self.amountInRun = amountInRun
        }
    }

    public let run: Int64
    public let at: Timestamp
    public let actor: String
    public let record: BonusRecord
    public let differences: [Difference]
    /// Between 1 and 31 January of the next year: the fund's unspent amount and the deadline.
    public let notice: String?
}

extension Bridge {
    static func payrollKind(_ year: Int) -> String { "payroll:\(year)" }
    static func bonusKind(agency: String, year: Int) -> String { "bonus-run:\(agency):\(year)" }

    /// Imports `file` as `year`'s payroll, all or nothing; returns how many rows it held.
    public func importPayroll(file: String, year: Int, actor: String, at time: Timestamp) throws -> Int {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw AppError("\(file): \(SystemErrorText.describe(error))") }
        let name = (file as NSString).lastPathComponent
        let rows = try PayrollFile.read(data, file: name, directory: try store.directory.current())
        try store.references.record(Self.payrollKind(year), rows, rows: rows.count, origin: name, actor: actor, at: time)
        return rows.count
    }

    /// The payroll of `year` in force, or nil before any import.
    public func payroll(year: Int) throws -> [PayrollFile.Row]? {
        try store.references.current(Self.payrollKind(year), as: [PayrollFile.Row].self)
    }

    /// The bonus of `agency` for `year`, computed now and not kept; a check that fails throws its Vietnamese
    /// `BonusRun.Refusal`: the year closed, a payroll imported, a regulation in force, then `BonusRun`'s own.
    public func bonusRecord(agency: String, year: Int) throws -> BonusRecord {
        let settings = configuration.bonus
        guard let closedAt = try store.scores.closedPeriods().first(where: { $0.period == "\(year)" })?.closedAt,
            let kept = try store.scores.closed(period: "\(year)")
        else {
            throw BonusRun.Refusal(message: "Năm \(year) chưa khóa sổ: khóa sổ đánh giá năm (kpibridge period close \(year)) trước khi lập danh sách thưởng.")
        }
        guard let payroll = try self.payroll(year: year)?.filter({ $0.agency == agency }), !payroll.isEmpty else {
            throw BonusRun.Refusal(message: "Chưa có bảng lương năm \(year) của \(agency): nhập bảng lương (kpibridge bonus payroll FILE --year \(year)).")
        }
        guard let regulation = settings.regulations.inForce(agency: agency, year: year) else {
            throw BonusRun.Refusal(message: "Chưa có quy chế thưởng của \(agency) áp dụng cho năm \(year): thêm vào mục bonus.regulations của cấu hình.")
        }
        let decoder = JSONDecoder()
        var levels: [String: Level] = [:]
        for body in kept.values {
            let row = try decoder.decode(ScoreRow.self, from: Data(body.utf8))
            if row.agency == agency, let level = row.level.flatMap(Level.init(rawValue:)) { levels[row.officer] = level }
        }
        let run = try BonusRun(
            agency: agency, year: year, levels: levels, payroll: payroll.map(\.payroll), regulation: regulation, baseSalary: settings.baseSalary,
            share: settings.fundShare, roundUp: settings.quotaRoundsUp)
        let directory = try store.directory.current()
        var additional: AdditionalIncome?
        if let terms = settings.additionalIncome {
            additional = AdditionalIncome(
                payroll: payroll.map(\.payroll), levels: levels, year: year, baseSalary: settings.baseSalary, monthlyShare: terms.monthly,
                yearEndShare: terms.yearEnd, worked: terms.byDaysWorked ? try daysWorked(payroll.map(\.officer), year: year) : [:])
        }
        return BonusRecord(
            run: run, agencyName: directory.agencies[agency]?.name, closedAt: closedAt, settings: settings, regulation: regulation, payroll: payroll,
            names: directory.officers.mapValues(\.name), additional: additional)
    }

    /// Days worked against working days, per officer and month of `year`: the working calendar less the whole
    /// days of leave imported (docs/workload.md); part-day leave does not count as a day off.
    func daysWorked(_ officers: [String], year: Int) throws -> [String: [Int: (worked: Int, working: Int)]] {
        let calendar = configuration.calendar
        let leave = try store.references.current("leave", as: [WorkloadFiles.Leave].self) ?? []
        var out: [String: [Int: (worked: Int, working: Int)]] = [:]
        for officer in officers {
            let mine = leave.filter { $0.officer == officer && ($0.hoursPerDay.flatMap { Rational(decimal: $0) }.map { !($0 < Rational(calendar.hoursPerDay)) } ?? true) }
            for month in 1...12 {
                let first = CalendarDay(year: year, month: month, day: 1)!
                let last = (28...31).compactMap { CalendarDay(year: year, month: month, day: $0) }.last!
                let working = calendar.workingDays(from: first, to: last)
                let off = Set(mine.flatMap { calendar.workingDays(from: max($0.from, first), to: min($0.to, last)) })
                out[officer, default: [:]][month] = (working.count - off.count, working.count)
            }
        }
        return out
    }

    /// Computes the bonus of `agency` for `year` and keeps it as a run, unless the latest run has the same bytes
    /// (the same inputs): then that run is returned and nothing is written (`unchanged`).
    public func runBonus(agency: String, year: Int, actor: String, at time: Timestamp) throws -> (statement: BonusStatement, unchanged: Bool) {
        let record = try bonusRecord(agency: agency, year: year)
        let kind = Self.bonusKind(agency: agency, year: year)
        let unchanged = try store.references.stored(kind).map { try $0.body == Self.canonical(record) } ?? false
        if !unchanged {
            try store.references.record(kind, record, rows: record.lines.count, origin: "bonus run", actor: actor, at: time, action: "bonus.run")
        }
        return (try bonusStatement(agency: agency, year: year, at: time)!, unchanged)
    }

    /// The bytes a record is kept as.
    static func canonical(_ record: BonusRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// The runs kept for `agency` and `year`, newest first.
    public func bonusRuns(agency: String, year: Int) throws -> [ReferenceStore.Version] {
        try store.references.versions(Self.bonusKind(agency: agency, year: year))
    }

    /// Run `run` (the latest when nil) of `agency` for `year`, with the levels that differ today and, in January of
    /// the next year, the notice of the fund's unspent amount; nil when no run is kept.
    public func bonusStatement(agency: String, year: Int, run: Int64? = nil, at time: Timestamp) throws -> BonusStatement? {
        guard let (version, body) = try store.references.stored(Self.bonusKind(agency: agency, year: year), id: run) else { return nil }
        let record = try JSONDecoder().decode(BonusRecord.self, from: Data(body.utf8))
        // Only an adjustment recorded after the close moves a level from the one kept: those officers are scored again.
        var differences: [BonusStatement.Difference] = []
        let adjusted = Set(try store.scores.adjustments(period: "\(year)").map(\.officer))
        let inRun = Dictionary(record.lines.map { ($0.officer, $0) }) { first, _ in first }
        let directory = try store.directory.current()
        for officer in adjusted.sorted() where inRun[officer] != nil || directory.officers[officer]?.agency == agency {
            let now = try? explain(officer: officer, period: Period("\(year)")!, at: time).level?.rawValue
            let line = inRun[officer]
            if now != line?.level {
                differences.append(BonusStatement.Difference(
                    officer: officer, name: line?.name ?? directory.officers[officer]?.name, levelInRun: line?.level, levelNow: now ?? nil,
                    amountInRun: line?.amount ?? 0))
            }
        }
        return BonusStatement(
            run: version.id, at: version.at, actor: version.actor, record: record, differences: differences,
            notice: Self.unspentNotice(year: year, unspent: record.remainderVND, at: time))
    }

    /// Between 1 and 31 January after `year`: what of the fund is unspent and the day it is lost (Decree 73/2024).
    public static func unspentNotice(year: Int, unspent: Int, at time: Timestamp) -> String? {
        let day = time.day()
        guard day.year == year + 1, day.month == 1 else { return nil }
        return "Quỹ thưởng năm \(year) còn \(BonusRun.vnd(unspent)) chưa chi; hạn chi là 31/01/\(year + 1), sau ngày này số chưa chi không được chi nữa (Nghị định 73/2024/NĐ-CP)."
    }
}
