import BridgeModel
import BridgeScoring
import BridgeWorkload
import Testing

/// The reference workload model on a fixture computed by hand: February 2026, Tết from the 16th to the 20th.
struct WorkloadTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    /// Tết 2026: Monday 16 to Friday 20 February off.
    static let calendar = WorkingCalendar(holidays: Set((16...20).map { day("2026-02-\($0)") }))

    static let people = [
        Workload.Person(id: "a", name: "An", agency: "S1", unit: "U1"),
        Workload.Person(id: "b", name: "Bình", agency: "S1", unit: "U1"),
        Workload.Person(id: "c", name: "Châu", agency: "S1", unit: "U2"),
        Workload.Person(id: "d", name: "Dũng", agency: "S1", unit: "U2"),
    ]

    static let assignments = [
        PositionAssignment(officer: "a", position: "CV", from: day("2025-01-01")),
        PositionAssignment(officer: "b", position: "CVC", from: day("2025-01-01")),
        PositionAssignment(officer: "c", position: "CV", from: day("2025-01-01")),
    ]

    /// Công văn 4 h, 6 h from 15 February; Báo cáo 10 h, 8 h for a CV.
    static let times = StandardTimes([
        .init(productType: "Công văn", hours: Rational(4), from: day("2025-01-01")),
        .init(productType: "Công văn", hours: Rational(6), from: day("2026-02-15")),
        .init(productType: "Báo cáo", hours: Rational(10), from: day("2025-01-01")),
        .init(productType: "Báo cáo", position: "CV", hours: Rational(8), from: day("2025-01-01")),
    ])

    static func product(_ officer: String, _ type: String?, _ on: String, _ n: Int) -> Workload.Product {
        Workload.Product(officer: officer, productType: type, completedOn: day(on), task: "\(officer)-\(n)")
    }

    static let products = [
        product("a", "Công văn", "2026-02-03", 1), product("a", "Công văn", "2026-02-05", 2), product("a", "Công văn", "2026-02-12", 3),
        product("a", "Báo cáo", "2026-02-25", 4),
    ] + (1...5).map { product("b", "Báo cáo", "2026-02-0\($0 + 1)", $0) } + [
        product("b", "Tờ trình", "2026-02-26", 6),
        product("c", "Công văn", "2026-02-10", 1), product("c", "Công văn", "2026-02-24", 2),
        product("d", "Công văn", "2026-03-02", 1),  // in March: not this period's
    ]

    static let february = Workload(
        people: people, products: products, assignments: assignments, standardTimes: times, calendar: calendar,
        leaveHours: ["a": Rational(16)], from: day("2026-02-01"), to: day("2026-02-28"))

    @Test func theWorkingCalendarLeavesOutWeekendsAndTet() {
        #expect(Self.calendar.workingDays(from: Self.day("2026-02-01"), to: Self.day("2026-02-28")).count == 15)
        #expect(Self.february.workingDays == 15 && Self.february.standardHours == Rational(120))
    }

    @Test func evidenceAvailableUtilisationAndFTEByHand() throws {
        let rows = Dictionary(uniqueKeysWithValues: Self.february.officers.map { ($0.person.id, $0) })
        // An: 3 dispatches × 4 h and one report at a CV's 8 h = 20 h; two days' leave: 104 h available.
        let a = try #require(rows["a"]).figures
        #expect(a.evidenceHours == Rational(20) && a.availableHours == Rational(104) && a.utilisation == Rational(20, 104) && a.fte == Rational(1, 6))
        // Bình: 5 reports × 10 h; a submission the standard times do not price: counted, not guessed.
        let b = try #require(rows["b"]).figures
        #expect(b.evidenceHours == Rational(50) && b.products == 6 && b.unpriced == 1 && b.fte == Rational(5, 12))
        // Châu: a dispatch before the new standard (4 h) and one after (6 h).
        #expect(try #require(rows["c"]).figures.evidenceHours == Rational(10))
        // Dũng's only product is March's.
        #expect(try #require(rows["d"]).figures.products == 0 && rows["d"]!.position == nil)
        #expect(Self.february.units.map(\.name) == ["S1/U1", "S1/U2"])
        #expect(Self.february.units.map(\.evidenceHours) == [Rational(70), Rational(10)])
        #expect(Self.february.units.map(\.fte) == [Rational(7, 12), Rational(1, 12)])
        #expect(Self.february.positions.map(\.name) == ["", "CV", "CVC"])
        #expect(Self.february.agencies.first?.evidenceHours == Rational(80))
    }

    @Test func staffingGapsScenariosAndCapsByHand() throws {
        let staffing = Staffing(Self.february, assigned: ["S1/U1": 1, "S1/U2": 3], caps: [PositionCap(position: "CVC", share: 0.4)])
        let u1 = staffing.rows[0], u2 = staffing.rows[1]
        #expect(u1.gap == Rational(5, 12) && u2.gap == Rational(35, 12))
        // −15 %: U1 keeps 0 of 1 (below its 7/12 FTE), U2 keeps 2 of 3.
        #expect(u1.scenarios.map(\.left) == [0, 0, 0] && u1.scenarios.allSatisfy(\.belowNeed))
        #expect(u2.scenarios.map(\.left) == [2, 2, 2] && !u2.scenarios.contains(where: \.belowNeed))
        #expect(staffing.medianHoursPerHead == Rational(20))
        #expect(staffing.capsBroken == [.init(unit: "S1/U1", position: "CVC", holders: 1, inPost: 2, share: 0.4)])
    }

    @Test func aPlantedOutlierAmongFiveUnitsIsTheOnlyOneFlagged() {
        let hours = [30, 32, 28, 31, 90]
        let people = hours.indices.map { Workload.Person(id: "p\($0)", name: nil, agency: "A\($0)", unit: "U") }
        let products = hours.enumerated().flatMap { index, h in
            (0..<h).map { Workload.Product(officer: "p\(index)", productType: "Giờ", completedOn: Self.day("2026-02-10"), task: "\(index)-\($0)") }
        }
        let workload = Workload(
            people: people, products: products, assignments: [], standardTimes: StandardTimes([.init(productType: "Giờ", hours: Rational(1), from: Self.day("2020-01-01"))]),
            calendar: Self.calendar, from: Self.day("2026-02-01"), to: Self.day("2026-02-28"))
        let staffing = Staffing(workload, assigned: [:])
        #expect(staffing.rows.filter(\.outlier).map(\.unit) == ["A4/U"])
        #expect(staffing.medianHoursPerHead == Rational(31))
    }

    @Test func declaredHoursAboveTheEvidenceAreListedWithTheLargestUnsupportedItems() throws {
        let entries = [
            DiaryCheck.Entry(officer: "a", day: Self.day("2026-02-03"), item: "Soạn công văn", hours: "8"),
            DiaryCheck.Entry(officer: "a", day: Self.day("2026-02-09"), item: "Họp", hours: "12"),
            DiaryCheck.Entry(officer: "a", day: Self.day("2026-02-10"), item: "Tổng hợp", hours: "10"),
            DiaryCheck.Entry(officer: "a", day: Self.day("2026-03-02"), item: "Tháng sau", hours: "8"),  // not this period's
            DiaryCheck.Entry(officer: "c", day: Self.day("2026-02-11"), item: "Xử lý", hours: "12.5"),
        ]
        let check = DiaryCheck(Self.february, entries: entries)
        // An declares 30 h against 20 h evidenced (more than 25 h); Châu 12.5 h against 10 h (at most 12.5 h).
        let row = try #require(check.rows.first)
        #expect(check.rows.map(\.officer) == ["a"])
        #expect(row.declared == Rational(30) && row.evidence == Rational(20) && row.ratio == Rational(3, 2))
        // The dispatch of 3 February is evidenced that day; the meeting and the summary are not.
        #expect(row.unsupported.map(\.item) == ["Họp", "Tổng hợp"] && row.unsupported.map(\.hours) == [Rational(12), Rational(10)])
    }
}
