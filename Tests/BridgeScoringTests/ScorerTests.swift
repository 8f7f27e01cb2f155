import BridgeModel
import BridgeScoring
import Testing

struct ScorerTests {
    static let lan = "email:lan@x"
    static let hung = "email:hung@x"
    static let march = Period("2026-03")!
    static let endOfMarch = Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00")!
    static let later = Timestamp(iso8601: "2026-06-01T00:00:00+07:00")!

    static func t(_ iso: String) -> Timestamp { Timestamp(iso8601: iso)! }

    static func task(
        _ key: String, due: String?, completed: String? = nil, handler: String = lan, coordinators: [String] = [],
        status: TaskStatus? = nil, product: String? = nil, errors: Int = 0, returns: Int = 0, deadlines: [String]? = nil,
        assigned: String? = nil
    ) -> UnifiedTask {
        var task = UnifiedTask(key: TaskKey(key))
        let parts = handler.split(separator: ":")
        task.mainHandler = PersonRef(namespace: String(parts[0]), id: String(parts[1]), name: nil)
        task.coordinators = coordinators.map { PersonRef(namespace: "email", id: String($0.dropFirst(6)), name: nil) }
        task.dueAt = due.map(t)
        task.deadlines = (deadlines ?? due.map { [$0] } ?? []).map(t)
        task.assignedAt = assigned.map(t)
        if let completed {
            task.status = .completed
            task.completedAt = t(completed)
        } else {
            task.status = .inProgress
        }
        if let status { task.status = status }
        task.productType = product
        task.majorErrors = errors
        task.returns = returns
        return task
    }

    static func score(
        _ tasks: [UnifiedTask], officer: String = lan, period: Period = march, at: Timestamp = later,
        general: String? = nil, sanction: Bool = false, policy: ScoringPolicy = ScoringPolicy(),
        catalog: ProductCatalog = ProductCatalog()
    ) -> OfficerScore {
        let assessment = Assessment(officer: officer, period: period, generalPoints: general.flatMap { Rational(decimal: $0) }, sanction: sanction)
        return Scorer(policy: policy, catalog: catalog).score(
            OfficerProfile(officer: officer, unit: "P1"), tasks: tasks, period: period, at: at, assessment: assessment)
    }

    // Due on the last day of March (date-only: the whole day) and completed at the edge.
    @Test(arguments: [
        ("2026-03-31T23:59:59.999+07:00", true, "100.00"),  // exactly at the due instant: on time
        ("2026-04-01T00:00:00.000+07:00", true, "75.00"),  // one millisecond late: one missed deadline
        ("2026-04-01T00:00:01.000+07:00", true, "75.00"),
        ("2026-03-15T10:00:00.000+07:00", true, "100.00"),
    ])
    func completionAtThePeriodEdge(completed: String, inMarch: Bool, timeliness: String) {
        let s = Self.score([Self.task("a", due: "2026-03-31T23:59:59.999+07:00", completed: completed)])
        #expect(s.assignedTasks == (inMarch ? 1 : 0))
        #expect(s.timeliness?.description == timeliness)
        #expect(s.quantity?.description == "100.00")
    }

    @Test(arguments: [
        ("2026-03-31T23:59:59.999+07:00", "2026-03"),  // due at the last instant of March: a March task
        ("2026-04-01T00:00:00.000+07:00", "2026-04"),  // due at midnight: April's
    ])
    func theDueTimeDecidesThePeriod(due: String, period: String) {
        let task = Self.task("a", due: due, completed: "2026-03-20T10:00:00+07:00")
        #expect(Self.score([task], period: Period(period)!).assignedTasks == 1)
        let other = period == "2026-03" ? "2026-04" : "2026-03"
        #expect(Self.score([task], period: Period(other)!).assignedTasks == 0)
    }

    @Test func openPastDueCountsAsAssignedNotCompletedAndMissed() {
        let s = Self.score([Self.task("a", due: "2026-03-10T23:59:59.999+07:00")], at: Self.t("2026-03-20T00:00:00+07:00"))
        #expect(s.assignedTasks == 1 && s.completedTasks == 0)
        #expect(s.quantity?.description == "0.00")
        #expect(s.taskPoints == .zero)
        #expect(s.contributions[0].missedDeadlines == 1)
    }

    @Test func dueAfterTheEvaluationTimeAndOpenIsNotAssignedYet() {
        let s = Self.score([Self.task("a", due: "2026-03-25T23:59:59.999+07:00")], at: Self.t("2026-03-20T00:00:00+07:00"))
        #expect(s.assignedTasks == 0)
        #expect(s.taskPoints == nil && s.total == nil && s.level == nil)
    }

    @Test func dueAfterTheEvaluationTimeButAlreadyCompletedCounts() {
        let s = Self.score(
            [Self.task("a", due: "2026-03-25T23:59:59.999+07:00", completed: "2026-03-18T09:00:00+07:00")],
            at: Self.t("2026-03-20T00:00:00+07:00"))
        #expect(s.assignedTasks == 1 && s.completedTasks == 1)
        #expect(s.total?.description == "100.00")
    }

    @Test func cancelledTasksAreOutOfEverySet() {
        let s = Self.score([Self.task("a", due: "2026-03-10T23:59:59.999+07:00", status: .cancelled)])
        #expect(s.assignedTasks == 0 && s.taskPoints == nil)
    }

    @Test func noTaskMeansNoScoreNotZeroAndNot70() {
        let s = Self.score([])
        #expect(s.taskPoints == nil)
        #expect(s.total == nil)
        #expect(s.level == nil)
        #expect(s.provisional)
    }

    @Test(arguments: [(0, "1.00"), (1, "0.75"), (2, "0.50"), (3, "0.25"), (4, "0.00"), (6, "0.00")])
    func eachErrorOrReturnDeductsAQuarterFlooredAtZero(count: Int, factor: String) {
        let task = Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00", errors: count / 2, returns: count - count / 2)
        let s = Self.score([task])
        #expect(s.contributions[0].qualityFactor.description == factor)
        #expect(s.quality == Rational(100) * s.contributions[0].qualityFactor)
    }

    @Test(arguments: [(1, "0.75"), (2, "0.50"), (4, "0.00"), (5, "0.00")])
    func eachMissedDeadlineDeductsAQuarter(missed: Int, factor: String) {
        let deadlines = (1...missed).map { "2026-03-0\($0)T23:59:59.999+07:00" } + ["2026-03-20T23:59:59.999+07:00"]
        let task = Self.task("a", due: "2026-03-20T23:59:59.999+07:00", completed: "2026-03-10T10:00:00+07:00", deadlines: deadlines)
        #expect(Self.score([task]).contributions[0].timelinessFactor.description == factor)
    }

    @Test func coordinatorOnlyOfficerIsScoredOnlyWithAShare() {
        let task = Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00", handler: Self.hung, coordinators: [Self.lan])
        #expect(Self.score([task]).assignedTasks == 0)
        var policy = ScoringPolicy()
        policy.coordinatorShare = Rational(decimal: "0.5")!
        let s = Self.score([task], policy: policy)
        #expect(s.assignedTasks == 1)
        #expect(s.contributions[0].role == .coordinator)
        #expect(s.assignedUnits.description == "0.50")
        #expect(s.total?.description == "100.00")
    }

    @Test func mainHandlerWhoIsAlsoCoordinatorCountsOnce() {
        var policy = ScoringPolicy()
        policy.coordinatorShare = Rational(decimal: "0.5")!
        let task = Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00", coordinators: [Self.lan])
        let s = Self.score([task], policy: policy)
        #expect(s.assignedTasks == 1)
        #expect(s.contributions[0].role == .main)
        #expect(s.assignedUnits == .one)
    }

    @Test func coefficientsWeighTasks() {
        let catalog = ProductCatalog(products: ["de-an": .init(coefficient: Rational(decimal: "2.5")!, group: "B")])
        let tasks = [
            Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00", product: "de-an"),
            Self.task("b", due: "2026-03-12T23:59:59.999+07:00"),
        ]
        let s = Self.score(tasks, catalog: catalog)
        #expect(s.assignedUnits.description == "3.50")
        #expect(s.completedUnits.description == "2.50")
        #expect(s.quantity == Rational(500, 7))
    }

    @Test func exactlyNinetyIsExcellentAndJustBelowIsNot() {
        // 2 of 3 completed on time: task points 70 × 2/3 = 46.666…; with general 43.333… the total is 90 exactly.
        let tasks = [
            Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00"),
            Self.task("b", due: "2026-03-11T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00"),
            Self.task("c", due: "2026-03-12T23:59:59.999+07:00"),
        ]
        var policy = ScoringPolicy()
        policy.provisionalGeneralPoints = Rational(130, 3)
        let exact = Self.score(tasks, policy: policy)
        #expect(exact.total == Rational(90))
        #expect(exact.level == .excellent)
        policy.provisionalGeneralPoints = Rational(130, 3) - Rational(1, 1_000_000)
        let below = Self.score(tasks, policy: policy)
        #expect(below.total!.rounded(places: 2) == "90.00")  // shown as 90.00 …
        #expect(below.level == .good)  // … but not excellent
    }

    @Test(arguments: [("30", "100.00", Level.excellent), ("19.99", "89.99", Level.good), ("0", "70.00", Level.good)])
    func generalPointsAddToTaskPoints(general: String, total: String, level: Level) {
        let s = Self.score([Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00")], general: general)
        #expect(s.total?.description == total)
        #expect(s.level == level)
        #expect(!s.provisional)
    }

    @Test func aSanctionForcesTheLastLevelEvenWithoutAScore() {
        let perfect = [Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00")]
        #expect(Self.score(perfect, general: "30", sanction: true).level == .notCompleted)
        let none = Self.score([], sanction: true)
        #expect(none.total == nil)
        #expect(none.level == .notCompleted)
    }

    @Test func aTaskWithoutDeadlineCountsByAssignedTimeAndIsNeverLate() {
        var task = Self.task("a", due: nil, completed: "2026-05-09T10:00:00+07:00", assigned: "2026-03-05T08:00:00+07:00")
        task.deadlines = []
        let s = Self.score([task])
        #expect(s.assignedTasks == 1)
        #expect(s.timeliness?.description == "100.00")
        #expect(Self.score([task], period: Period("2026-04")!).assignedTasks == 0)
    }

    @Test func quarterAndYearAreScoredOverTheirOwnTasks() {
        let tasks = [
            Self.task("jan", due: "2026-01-10T23:59:59.999+07:00", completed: "2026-01-09T10:00:00+07:00"),
            Self.task("feb", due: "2026-02-10T23:59:59.999+07:00"),
            Self.task("mar1", due: "2026-03-10T23:59:59.999+07:00"),
            Self.task("mar2", due: "2026-03-11T23:59:59.999+07:00"),
            Self.task("jul", due: "2026-07-10T23:59:59.999+07:00", completed: "2026-07-01T10:00:00+07:00"),
        ]
        let at = Self.t("2026-12-31T00:00:00+07:00")
        #expect(Self.score(tasks, period: Period("2026-Q1")!, at: at).quantity?.description == "25.00")  // 1 of 4, not the mean of 100, 0, 0
        #expect(Self.score(tasks, period: Period("2026")!, at: at).quantity?.description == "40.00")
    }

    @Test(arguments: [(1, 0, true), (1, 5, false), (2, 5, true), (2, 10, false), (0, 0, false)])
    func unitQuotaFlagsExcellentAboveTwentyPercentOfGood(excellent: Int, good: Int, flagged: Bool) {
        let perfect = [Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00")]
        let scorer = Scorer()
        var scores: [OfficerScore] = []
        for i in 0..<(excellent + good) {
            let assessment = Assessment(officer: Self.lan, period: Self.march, generalPoints: Rational(i < excellent ? 30 : 10), sanction: false)
            scores.append(scorer.score(OfficerProfile(officer: Self.lan, unit: "P1"), tasks: perfect, period: Self.march, at: Self.later, assessment: assessment))
        }
        let units = scorer.units(scores)
        #expect(units.first?.quotaExceeded ?? false == flagged)
        #expect(units.first?.counts[.excellent] ?? 0 == excellent)
    }

    /// Provisional levels (general points nobody entered) are counted per level but neither fill nor free the quota.
    @Test(arguments: [
        (1, 0, 0, 5, false), (1, 5, 0, 0, false), (1, 4, 1, 0, true), (0, 0, 3, 0, true), (2, 10, 0, 5, false),
    ])
    func theQuotaIsJudgedOnEnteredScoresOnly(provisionalExcellent: Int, good: Int, enteredExcellent: Int, provisionalGood: Int, flagged: Bool) {
        var officers: [(unit: String?, agency: String?, level: Level?, provisional: Bool)] = []
        officers += Array(repeating: ("P1", nil, .excellent, true), count: provisionalExcellent)
        officers += Array(repeating: ("P1", nil, .excellent, false), count: enteredExcellent)
        officers += Array(repeating: ("P1", nil, .good, false), count: good)
        officers += Array(repeating: ("P1", nil, .good, true), count: provisionalGood)
        let unit = Scorer().units(officers).first
        #expect(unit?.quotaExceeded ?? false == flagged)
        #expect(unit?.counts[.excellent] ?? 0 == provisionalExcellent + enteredExcellent)
        #expect(unit?.provisional ?? 0 == provisionalExcellent + provisionalGood)
    }

    @Test func weightsAreConfigurable() {
        var policy = ScoringPolicy()
        policy.qualityWeight = .zero
        policy.timelinessWeight = .zero
        let task = Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-20T10:00:00+07:00", errors: 4)
        let s = Self.score([task], policy: policy)
        #expect(s.quality == .zero)
        #expect(s.taskPoints == Rational(70))  // only quantity counts
    }
}

extension ScorerTests {
    @Test(arguments: [(nil as String?, "1.50"), ("lanh-dao-phong", "2.00"), ("chuyen-vien", "1.50")])
    func aJobPositionCanWeighAProductDifferently(position: String?, coefficient: String) {
        let catalog = ProductCatalog(
            products: ["Báo cáo": .init(coefficient: Rational(decimal: "1.5")!)],
            positions: ["lanh-dao-phong": ["Báo cáo": .init(coefficient: Rational(2))]])
        let task = Self.task("a", due: "2026-03-10T23:59:59.999+07:00", completed: "2026-03-09T10:00:00+07:00", product: "Báo cáo")
        let s = Scorer(catalog: catalog).score(
            OfficerProfile(officer: Self.lan, position: position), tasks: [task], period: Self.march, at: Self.later, assessment: nil)
        #expect(s.contributions[0].coefficient.description == coefficient)
    }

    @Test(arguments: [
        ("89.96", 1, "89.9"), ("89.96", 2, "89.96"), ("89.996", 2, "89.99"), ("90", 1, "90.0"), ("90.04", 1, "90.0"),
        ("69.97", 1, "69.9"), ("49.951", 1, "49.9"), ("88.45", 1, "88.4"), ("88.46", 1, "88.5"), ("19.96", 1, "20.0"),
    ])
    func aShownTotalNeverRoundsUpOntoALevelItDoesNotReach(total: String, places: Int, shown: String) {
        let policy = ScoringPolicy()
        let exact = Rational(decimal: total)!
        let value = policy.shownTotal(exact, places: places)
        #expect(value.rounded(places: places) == shown)
        #expect(Level.of(total: value, policy: policy) == Level.of(total: exact, policy: policy))
    }
}
