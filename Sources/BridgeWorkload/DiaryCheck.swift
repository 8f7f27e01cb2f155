import BridgeModel
import BridgeScoring

/// Declared hours against evidenced ones (docs/workload.md): where officers keep a work diary of items and hours a
/// day (the province's KPI module), the officers whose declared hours in a period exceed their evidence hours by
/// more than a share, each with their largest unsupported items — those declared on days they completed no work
/// product — largest first.
public struct DiaryCheck: Sendable {
    /// One diary line.
    public struct Entry: Sendable, Hashable, Codable {
        public let officer: String
        public let day: CalendarDay
        public let item: String
        /// Decimal text, exact.
        public let hours: String

        public init(officer: String, day: CalendarDay, item: String, hours: String) {
            self.officer = officer
            self.day = day
            self.item = item
            self.hours = hours
        }
    }

    public struct Row: Sendable, Hashable {
        public let officer: String
        public let name: String?
        public let declared: Rational
        public let evidence: Rational
        /// Declared ÷ evidence; nil when there is no evidence at all.
        public let ratio: Rational?
        /// The largest items declared on days without a completed product: (day, item, hours).
        public let unsupported: [(day: CalendarDay, item: String, hours: Rational)]

        public static func == (a: Row, b: Row) -> Bool {
            a.officer == b.officer && a.declared == b.declared && a.evidence == b.evidence
                && a.unsupported.map { "\($0.day)|\($0.item)|\($0.hours)" } == b.unsupported.map { "\($0.day)|\($0.item)|\($0.hours)" }
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(officer) }
    }

    public let threshold: Rational
    /// The officers above the threshold, most declared over evidence first.
    public let rows: [Row]

    /// `threshold`: the share by which declared may exceed evidence (0.25: a quarter more) before an officer is
    /// listed; `items`: how many unsupported items each row shows.
    public init(_ workload: Workload, entries: [Entry], threshold: Rational = Rational(1, 4), items: Int = 3) {
        self.threshold = threshold
        let mine = Dictionary(grouping: entries.filter { $0.day >= workload.from && $0.day <= workload.to }, by: \.officer)
        var rows: [Row] = []
        for officer in workload.officers {
            guard let lines = mine[officer.person.id], !lines.isEmpty else { continue }
            let hours = lines.map { Rational(decimal: $0.hours) ?? Rational(0) }
            let declared = hours.reduce(Rational(0), +)
            let evidence = officer.figures.evidenceHours
            guard evidence * (Rational(1) + threshold) < declared else { continue }
            let unsupported = zip(lines, hours).filter { !officer.productDays.contains($0.0.day) }
                .sorted { ($1.1, $0.0.day, $0.0.item) < ($0.1, $1.0.day, $1.0.item) }
                .prefix(items).map { (day: $0.0.day, item: $0.0.item, hours: $0.1) }
            rows.append(Row(
                officer: officer.person.id, name: officer.person.name, declared: declared, evidence: evidence,
                ratio: evidence == Rational(0) ? nil : declared / evidence, unsupported: Array(unsupported)))
        }
        self.rows = rows.sorted { ($1.declared - $1.evidence, $0.officer) < ($0.declared - $0.evidence, $1.officer) }
    }
}
