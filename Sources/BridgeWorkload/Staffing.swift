import BridgeModel
import BridgeScoring

/// The staffing report over a `Workload` (docs/workload.md): per unit, the staffing assigned (biên chế giao,
/// imported), the people in post, the FTE its evidenced workload needs and the gap; the units whose hours per
/// head stand out against the province's median; the cut scenarios (the merged province's −15 %, and −5 %,
/// −20 %) and which units each pushes below their need; the position caps broken. A reference model, as the
/// workload is.
public struct Staffing: Sendable {
    public struct Row: Sendable, Hashable {
        /// `agency/unit`.
        public let unit: String
        public let assigned: Int?
        public let inPost: Int
        public let fteNeeded: Rational
        /// Assigned − needed: positive, more staffing than the evidenced work needs; nil without an assignment.
        public let gap: Rational?
        public let hoursPerHead: Rational?
        /// Hours per head further from the median than the threshold allows.
        public let outlier: Bool
        /// For each cut (0.15 for −15 %): the staffing left, and whether it falls below the need.
        public let scenarios: [Scenario]
    }

    public struct Scenario: Sendable, Hashable {
        public let cut: Rational
        public let left: Int
        public let belowNeed: Bool
    }

    /// A cap a unit breaks: the position, how many hold it, of how many, and the largest share allowed.
    public struct CapBroken: Sendable, Hashable {
        public let unit: String
        public let position: String
        public let holders: Int
        public let inPost: Int
        public let share: Double

        public init(unit: String, position: String, holders: Int, inPost: Int, share: Double) {
            self.unit = unit
            self.position = position
            self.holders = holders
            self.inPost = inPost
            self.share = share
        }
    }

    public let rows: [Row]
    public let medianHoursPerHead: Rational?
    public let threshold: Rational
    public let cuts: [Rational]
    public let capsBroken: [CapBroken]

    /// `assigned`: staffing by `agency/unit`; `threshold`: how far (a share of the median) hours per head may
    /// stray before a unit is flagged.
    public init(
        _ workload: Workload, assigned: [String: Int], caps: [PositionCap] = [], threshold: Rational = Rational(1, 2),
        cuts: [Rational] = [Rational(5, 100), Rational(15, 100), Rational(20, 100)]
    ) {
        let perHead = workload.units.compactMap { $0.people == 0 ? nil : $0.evidenceHours / Rational($0.people) }.sorted()
        let median: Rational? = perHead.isEmpty
            ? nil : perHead.count % 2 == 1 ? perHead[perHead.count / 2] : (perHead[perHead.count / 2 - 1] + perHead[perHead.count / 2]) / Rational(2)
        medianHoursPerHead = median
        self.threshold = threshold
        self.cuts = cuts
        rows = workload.units.map { unit in
            let head = unit.people == 0 ? nil : unit.evidenceHours / Rational(unit.people)
            var outlier = false
            if let head, let median, median > Rational(0) {
                let distance = head > median ? head - median : median - head
                outlier = distance / median > threshold
            }
            let given = assigned[unit.name]
            let scenarios = given.map { staff in
                cuts.map { cut -> Scenario in
                    // Staffing is whole people: a cut leaves the whole number below the exact share.
                    let exact = Rational(staff) * (Rational(1) - cut)
                    let left = Int(exact.numerator / exact.denominator)
                    return Scenario(cut: cut, left: left, belowNeed: Rational(left) < unit.fte)
                }
            } ?? []
            return Row(
                unit: unit.name, assigned: given, inPost: unit.people, fteNeeded: unit.fte, gap: given.map { Rational($0) - unit.fte },
                hoursPerHead: head, outlier: outlier, scenarios: scenarios)
        }
        var broken: [CapBroken] = []
        let byUnit = Dictionary(grouping: workload.officers) { "\($0.person.agency ?? "")/\($0.person.unit ?? "")" }
        for unit in byUnit.keys.sorted() {
            let people = byUnit[unit]!
            for cap in caps {
                let holders = people.filter { $0.position == cap.position }.count
                if Double(holders) > cap.share * Double(people.count) {
                    broken.append(CapBroken(unit: unit, position: cap.position, holders: holders, inPost: people.count, share: cap.share))
                }
            }
        }
        capsBroken = broken
    }
}
