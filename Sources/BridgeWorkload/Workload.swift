import BridgeModel
import BridgeScoring

/// The reference workload model (docs/workload.md): no official formula turns workload into people, so this
/// one is the product's and says so. For a period, per officer:
/// - evidence hours: Σ standard hours of the work products the officer completed as main handler in the period
///   (dossier steps included), each at the standard in force on its completion day for the officer's position then;
/// - available hours: hours a day × the calendar's working days in the period, less the officer's leave;
/// - utilisation: evidence ÷ available;
/// - FTE: evidence ÷ (hours a day × working days), the people that workload needs.
/// Units, positions and agencies add their officers up.
public struct Workload: Sendable {
    /// A completed work product of one officer.
    public struct Product: Sendable, Hashable {
        public let officer: String
        public let productType: String?
        public let completedOn: CalendarDay
        public let task: String

        public init(officer: String, productType: String?, completedOn: CalendarDay, task: String) {
            self.officer = officer
            self.productType = productType
            self.completedOn = completedOn
            self.task = task
        }
    }

    /// An officer as the directory and the positions know them.
    public struct Person: Sendable, Hashable {
        public let id: String
        public let name: String?
        public let agency: String?
        public let unit: String?

        public init(id: String, name: String?, agency: String?, unit: String?) {
            self.id = id
            self.name = name
            self.agency = agency
            self.unit = unit
        }
    }

    /// One officer's, unit's, position's or agency's figures.
    public struct Row: Sendable, Hashable {
        public let name: String
        public var people = 0
        public var products = 0
        /// Products whose type the standard times do not price: counted, not guessed.
        public var unpriced = 0
        public var evidenceHours = Rational(0)
        public var availableHours = Rational(0)
        public var fte = Rational(0)

        public init(name: String) { self.name = name }

        /// Evidence ÷ available; nil when nothing is available.
        public var utilisation: Rational? { availableHours == Rational(0) ? nil : evidenceHours / availableHours }

        mutating func add(_ other: Row) {
            people += other.people
            products += other.products
            unpriced += other.unpriced
            evidenceHours = evidenceHours + other.evidenceHours
            availableHours = availableHours + other.availableHours
            fte = fte + other.fte
        }
    }

    /// One officer's row with where they sit.
    public struct OfficerRow: Sendable, Hashable {
        public let person: Person
        public let position: String?
        public var figures: Row
        /// The days the officer completed a product on.
        public var productDays: Set<CalendarDay> = []
    }

    public let from: CalendarDay
    public let to: CalendarDay
    public let workingDays: Int
    /// Hours a day × working days: one full-time person's hours in the period.
    public let standardHours: Rational
    public let officers: [OfficerRow]
    public let units: [Row]
    public let positions: [Row]
    public let agencies: [Row]

    /// The workload of `people` in [from, to] from their completed `products` (those of officers not in `people`
    /// are left out: they belong to no unit).
    public init(
        people: [Person], products: [Product], assignments: [PositionAssignment], standardTimes: StandardTimes, calendar: WorkingCalendar,
        leaveHours: [String: Rational] = [:], from: CalendarDay, to: CalendarDay
    ) {
        self.from = from
        self.to = to
        let days = calendar.workingDays(from: from, to: to).count
        workingDays = days
        let standard = Rational(calendar.hoursPerDay * days)
        standardHours = standard
        let byOfficer = Dictionary(grouping: assignments, by: \.officer)
        func position(_ officer: String, on day: CalendarDay) -> String? {
            byOfficer[officer]?.first { $0.covers(day) }?.position
        }
        let mine = Dictionary(grouping: products.filter { $0.completedOn >= from && $0.completedOn <= to }, by: \.officer)
        var officers: [OfficerRow] = []
        for person in people.sorted(by: { $0.id < $1.id }) {
            var row = Row(name: person.id)
            row.people = 1
            var days = Set<CalendarDay>()
            for product in mine[person.id] ?? [] {
                row.products += 1
                days.insert(product.completedOn)
                guard let type = product.productType,
                    let hours = standardTimes.hours(type, position: position(person.id, on: product.completedOn), on: product.completedOn)
                else {
                    row.unpriced += 1
                    continue
                }
                row.evidenceHours = row.evidenceHours + hours
            }
            let leave = leaveHours[person.id] ?? Rational(0)
            row.availableHours = standard - leave < Rational(0) ? Rational(0) : standard - leave
            row.fte = standard == Rational(0) ? Rational(0) : row.evidenceHours / standard
            officers.append(OfficerRow(person: person, position: position(person.id, on: to), figures: row, productDays: days))
        }
        self.officers = officers
        func grouped(_ key: (OfficerRow) -> String) -> [Row] {
            var rows: [String: Row] = [:]
            for officer in officers { rows[key(officer), default: Row(name: key(officer))].add(officer.figures) }
            return rows.keys.sorted().map { rows[$0]! }
        }
        units = grouped { "\($0.person.agency ?? "")/\($0.person.unit ?? "")" }
        positions = grouped { $0.position ?? "" }
        agencies = grouped { $0.person.agency ?? "" }
    }
}
