import BridgeModel
import BridgeScoring
import BridgeWorkload
import Foundation

/// The reference tables HR keeps, as the CSV files or Excel workbooks `kpibridge workload import KIND FILE` takes
/// (docs/workload.md),
/// read whole and checked row by row: the first row that breaks a rule stops the import with the file, the row
/// number and the rule, and nothing of the file is stored.
public enum WorkloadFiles {
    /// The kinds of table, by the name the command takes.
    public enum Kind: String, Sendable, CaseIterable {
        case positions, assignments, standardTimes = "standard-times", leave, staffing, diary

        /// The columns, in order, as the header names them.
        public var columns: [String] {
            switch self {
            case .positions: ["code", "name", "list", "rank", "unit", "products"]
            case .assignments: ["officer", "position", "from", "to"]
            case .standardTimes: ["product_type", "position", "hours", "from"]
            case .leave: ["officer", "from", "to", "hours_per_day"]
            case .staffing: ["agency", "unit", "assigned"]
            case .diary: ["officer", "day", "item", "hours"]
            }
        }
    }

    /// A standard time as stored: the hours as decimal text (exact), the rest as read.
    public struct StandardTime: Sendable, Hashable, Codable {
        public let productType: String
        public let position: String?
        public let hours: String
        public let from: CalendarDay

        public var entry: StandardTimes.Entry {
            StandardTimes.Entry(productType: productType, position: position, hours: Rational(decimal: hours) ?? Rational(0), from: from)
        }
    }

    /// Leave from a day to a day, so many hours a working day (a whole day when not given).
    public struct Leave: Sendable, Hashable, Codable {
        public let officer: String
        public let from: CalendarDay
        public let to: CalendarDay
        public let hoursPerDay: String?
    }

    /// The staffing assigned (biên chế giao) to a unit.
    public struct Assigned: Sendable, Hashable, Codable {
        public let agency: String
        public let unit: String
        public let assigned: Int

        public var key: String { "\(agency)/\(unit)" }
    }

    /// What the checks read besides the file: the directory, the catalogue in force, the caps, the closed periods.
    public struct Context: Sendable {
        public var directory: Directory
        public var positions: [Position]
        public var caps: [PositionCap]
        /// The last day of each closed period.
        public var closedUntil: [(period: String, last: CalendarDay)]
        /// The day caps are checked on (the import's).
        public var today: CalendarDay

        public init(directory: Directory, positions: [Position], caps: [PositionCap], closedUntil: [(period: String, last: CalendarDay)], today: CalendarDay) {
            self.directory = directory
            self.positions = positions
            self.caps = caps
            self.closedUntil = closedUntil
            self.today = today
        }
    }

    /// The rows of a file — CSV, or the first sheet of an `.xlsx` workbook —, the header row left out; each
    /// field trimmed.
    static func rows(_ data: Data, file: String, kind: Kind) throws -> [CSVTable.Row] {
        try rows(data, file: file, firstColumn: kind.columns[0])
    }

    /// The rows of a file whose header row starts with `firstColumn`.
    static func rows(_ data: Data, file: String, firstColumn: String) throws -> [CSVTable.Row] {
        let rows = file.lowercased().hasSuffix(".xlsx") ? try XLSXSheet.rows(data, file: file) : try CSVTable.read(data, file: file)
        return rows.filter { $0.fields.first?.lowercased() != firstColumn }
    }

    /// A date as written (`YYYY-MM-DD`), or a workbook's date cell (Excel's day number).
    static func day(_ text: String, _ column: String, fail: (String) -> AppError) throws -> CalendarDay {
        guard let day = CalendarDay(iso: text) ?? XLSXSheet.day(fromSerial: text) else { throw fail("\(column) '\(text)' is not a date (YYYY-MM-DD)") }
        return day
    }

    /// `positions.csv`: code, name, list (leadership, professional, support — or lãnh đạo, chuyên môn, hỗ trợ),
    /// rank, unit, products (product types separated by `|`).
    public static func positions(_ data: Data, file: String) throws -> [Position] {
        var out: [Position] = []
        var seen: [String: Int] = [:]
        for row in try rows(data, file: file, kind: .positions) {
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields + Array(repeating: "", count: max(0, 6 - row.fields.count))
            guard row.fields.count <= 6, !f[0].isEmpty, !f[1].isEmpty else { throw fail("expected code,name,list,rank,unit,products with a code and a name") }
            let code = f[0].precomposedStringWithCanonicalMapping
            if let first = seen[code] { throw fail("position \(code) appears twice (row \(first))") }
            seen[code] = row.number
            guard let list = Self.list(f[2]) else { throw fail("list '\(f[2])' is not leadership, professional or support") }
            out.append(Position(
                code: code, name: f[1], list: list, rank: f[3].isEmpty ? nil : f[3], unit: f[4].isEmpty ? nil : f[4],
                products: f[5].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping }.filter { !$0.isEmpty }))
        }
        return out
    }

    /// A list as HR writes it, in English or Vietnamese.
    static func list(_ text: String) -> Position.List? {
        let folded = TextFold.withoutDiacritics(text.lowercased()).replacingOccurrences(of: "đ", with: "d")
        if let list = Position.List(rawValue: folded) { return list }
        if folded.hasPrefix("lanh dao") { return .leadership }
        if folded.hasPrefix("chuyen mon") { return .professional }
        if folded.hasPrefix("ho tro") { return .support }
        return nil
    }

    /// `assignments.csv`: officer, position, from, to (empty: still held). Each officer in the directory, each
    /// position in the catalogue, no two rows of one officer overlapping, and no unit above a cap on `today`.
    public static func assignments(_ data: Data, file: String, context: Context) throws -> [PositionAssignment] {
        var out: [(row: Int, assignment: PositionAssignment)] = []
        var byOfficer: [String: [Int]] = [:]  // each officer's rows so far, by their place in `out`
        let codes = Set(context.positions.map(\.code))
        for row in try rows(data, file: file, kind: .assignments) {
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields + Array(repeating: "", count: max(0, 4 - row.fields.count))
            guard row.fields.count <= 4, !f[0].isEmpty, !f[1].isEmpty, !f[2].isEmpty else { throw fail("expected officer,position,from,to") }
            let officer = f[0].precomposedStringWithCanonicalMapping
            guard context.directory.officers.isEmpty || context.directory.officers[officer] != nil else {
                throw fail("officer '\(officer)' is not in the directory")
            }
            let position = f[1].precomposedStringWithCanonicalMapping
            guard codes.contains(position) else {
                throw fail("position '\(position)' is not in the position catalogue\(codes.isEmpty ? " (import positions first)" : "")")
            }
            let from = try day(f[2], "from", fail: fail)
            let to = f[3].isEmpty ? nil : try day(f[3], "to", fail: fail)
            if let to, to < from { throw fail("to \(to) is before from \(from)") }
            let assignment = PositionAssignment(officer: officer, position: position, from: from, to: to)
            for earlier in (byOfficer[officer] ?? []).map({ out[$0] }) {
                if earlier.assignment == assignment { throw fail("\(officer) \(position) from \(from) appears twice (row \(earlier.row))") }
                let a = earlier.assignment
                if a.from <= (to ?? CalendarDay(daysSinceEpoch: Int.max / 2)) && from <= (a.to ?? CalendarDay(daysSinceEpoch: Int.max / 2)) {
                    throw fail("\(officer) holds \(a.position) from \(a.from) (row \(earlier.row)): an officer holds one position at a time")
                }
            }
            byOfficer[officer, default: []].append(out.count)
            out.append((row.number, assignment))
        }
        // The caps, on the import's day: the first row that takes a unit over one is refused.
        var holders: [String: [String: Int]] = [:]  // unit → position → holders so far
        let people = Dictionary(grouping: context.directory.officers.values) { "\($0.agency ?? "")/\($0.unit ?? "")" }.mapValues(\.count)
        for (number, assignment) in out where assignment.covers(context.today) {
            guard let officer = context.directory.officers[assignment.officer] else { continue }
            let unit = "\(officer.agency ?? "")/\(officer.unit ?? "")"
            holders[unit, default: [:]][assignment.position, default: 0] += 1
            for cap in context.caps where cap.position == assignment.position {
                let count = holders[unit]![cap.position]!
                let total = people[unit] ?? 0
                if Double(count) > cap.share * Double(total) {
                    throw AppError(
                        "\(file):\(number): \(unit) would have \(count) of its \(total) officers as \(cap.position), above the cap of \(Int((cap.share * 100).rounded())) %")
                }
            }
        }
        return out.map(\.assignment)
    }

    /// `standard-times.csv`: product_type, position (empty: every position), hours, from. Positions in the
    /// catalogue, hours above zero, and no entry from a day inside a closed period.
    public static func standardTimes(_ data: Data, file: String, context: Context) throws -> [StandardTime] {
        var out: [StandardTime] = []
        var seen: [String: Int] = [:]
        let codes = Set(context.positions.map(\.code))
        for row in try rows(data, file: file, kind: .standardTimes) {
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields
            guard f.count == 4, !f[0].isEmpty, !f[2].isEmpty, !f[3].isEmpty else { throw fail("expected product_type,position,hours,from") }
            let type = f[0].precomposedStringWithCanonicalMapping
            let position = f[1].isEmpty ? nil : f[1].precomposedStringWithCanonicalMapping
            if let position, !codes.contains(position) { throw fail("position '\(position)' is not in the position catalogue") }
            guard let hours = CSVTable.decimal(f[2]), let value = Rational(decimal: hours), Rational(0) < value else {
                throw fail("hours '\(f[2])' is not a number above 0")
            }
            let from = try day(f[3], "from", fail: fail)
            if let closed = context.closedUntil.first(where: { from <= $0.last }) {
                throw fail("from \(from) falls in closed period \(closed.period): a standard time applies from a day after the last closed period")
            }
            let key = "\(type)|\(position ?? "")|\(from)"
            if let first = seen[key] { throw fail("\(type) \(position ?? "(every position)") from \(from) appears twice (row \(first))") }
            seen[key] = row.number
            out.append(StandardTime(productType: type, position: position, hours: hours, from: from))
        }
        return out
    }

    /// `leave.csv`: officer, from, to, hours_per_day (empty: whole days).
    public static func leave(_ data: Data, file: String, context: Context) throws -> [Leave] {
        try rows(data, file: file, kind: .leave).map { row in
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields + Array(repeating: "", count: max(0, 4 - row.fields.count))
            guard row.fields.count <= 4, !f[0].isEmpty else { throw fail("expected officer,from,to,hours_per_day") }
            let officer = f[0].precomposedStringWithCanonicalMapping
            guard context.directory.officers.isEmpty || context.directory.officers[officer] != nil else {
                throw fail("officer '\(officer)' is not in the directory")
            }
            let from = try day(f[1], "from", fail: fail), to = try day(f[2], "to", fail: fail)
            if to < from { throw fail("to \(to) is before from \(from)") }
            var hours: String?
            if !f[3].isEmpty {
                guard let text = CSVTable.decimal(f[3]), let value = Rational(decimal: text), Rational(0) < value, value <= Rational(24) else {
                    throw fail("hours_per_day '\(f[3])' is not a number from 0 to 24")
                }
                hours = text
            }
            return Leave(officer: officer, from: from, to: to, hoursPerDay: hours)
        }
    }

    /// `diary.csv`: officer, day, item, hours — the work diary officers keep (items and hours a day).
    public static func diary(_ data: Data, file: String, context: Context) throws -> [DiaryCheck.Entry] {
        try rows(data, file: file, kind: .diary).map { row in
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields
            guard f.count == 4, !f[0].isEmpty, !f[2].isEmpty else { throw fail("expected officer,day,item,hours") }
            let officer = f[0].precomposedStringWithCanonicalMapping
            guard context.directory.officers.isEmpty || context.directory.officers[officer] != nil else {
                throw fail("officer '\(officer)' is not in the directory")
            }
            let day = try day(f[1], "day", fail: fail)
            guard let hours = CSVTable.decimal(f[3]), let value = Rational(decimal: hours), Rational(0) < value, value <= Rational(24) else {
                throw fail("hours '\(f[3])' is not a number above 0 and at most 24")
            }
            return DiaryCheck.Entry(officer: officer, day: day, item: f[2], hours: hours)
        }
    }

    /// `staffing.csv`: agency, unit, assigned (a whole number of people).
    public static func staffing(_ data: Data, file: String) throws -> [Assigned] {
        var seen: [String: Int] = [:]
        return try rows(data, file: file, kind: .staffing).map { row in
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            let f = row.fields
            guard f.count == 3, !f[0].isEmpty, !f[1].isEmpty else { throw fail("expected agency,unit,assigned") }
            guard let assigned = Int(f[2]), assigned >= 0 else { throw fail("assigned '\(f[2])' is not a whole number of people") }
            let item = Assigned(agency: f[0], unit: f[1].precomposedStringWithCanonicalMapping, assigned: assigned)
            if let first = seen[item.key] { throw fail("\(item.key) appears twice (row \(first))") }
            seen[item.key] = row.number
            return item
        }
    }
}
