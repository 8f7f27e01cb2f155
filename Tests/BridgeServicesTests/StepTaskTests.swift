import BridgeModel
import BridgeScoring
import BridgeServices
import Testing

/// A dossier's steps are work products of the officers who held them, scored by the decree like any task.
struct StepTaskTests {
    static let t = DossierVerdictTests.t
    static let march = Period("2026-03")!

    /// A dossier of `count` steps, each a day long, all held by `officer`; the steps in `late` end a day after
    /// their deadline.
    static func dossier(steps count: Int, late: Set<Int>, officer: String = "cb.lan") -> Dossier {
        let day: Int64 = 86_400_000
        let start = t("2026-03-02 08:00").millis
        let steps = (0..<count).map { k in
            DossierStep(
                officer: officer, startedAt: Timestamp(millis: start + Int64(2 * k) * day),
                deadline: Timestamp(millis: start + Int64(2 * k) * day + (late.contains(k + 1) ? 0 : 2 * day)))
        }
        return Dossier(
            code: "H7", status: .finished, receivedAt: t("2026-03-02 08:00"), appointments: [.init(at: t("2026-03-31 17:00"))],
            finishedAt: Timestamp(millis: start + Int64(2 * count) * day), steps: steps, procedureName: "Cấp giấy phép xây dựng",
            unit: "Bộ phận một cửa")
    }

    @Test func tenStepsTwoLateGiveTimelinessNinetyFive() {
        let tasks = Self.dossier(steps: 10, late: [3, 7]).stepTasks(productType: "Hồ sơ TTHC", namespace: "motcua")
        #expect(tasks.map(\.key.rawValue).prefix(2) == ["dossier:H7#1", "dossier:H7#2"])
        #expect(tasks.allSatisfy { $0.status == .completed && $0.mainHandler?.officerKey == "motcua:cb.lan" })
        let score = Scorer().score(
            OfficerProfile(officer: "motcua:cb.lan"), tasks: tasks, period: Self.march, at: Self.t("2026-03-31 23:59"), assessment: nil)
        #expect(score.contributions.count == 10)
        #expect(score.contributions.filter { $0.missedDeadlines > 0 }.map(\.task.key.rawValue) == ["dossier:H7#3", "dossier:H7#7"])
        #expect(score.timeliness == Rational(95))
        #expect(score.quantity == Rational(100))
    }

    @Test func theCatalogueWeighsDossierStepsAboveRoutineWork() {
        let catalog = ProductCatalog(products: ["Hồ sơ TTHC": .init(coefficient: Rational(2), group: "B")])
        let tasks = Self.dossier(steps: 2, late: [1]).stepTasks(productType: "Hồ sơ TTHC", namespace: "motcua")
        let score = Scorer(catalog: catalog).score(
            OfficerProfile(officer: "motcua:cb.lan"), tasks: tasks, period: Self.march, at: Self.t("2026-03-31 23:59"), assessment: nil)
        #expect(score.assignedUnits == Rational(4))
    }

    @Test func anOpenStepOfAWithdrawnDossierCountsForNoOne() {
        var dossier = Self.dossier(steps: 2, late: [])
        dossier.status = .withdrawn
        dossier.finishedAt = nil
        let tasks = dossier.stepTasks(productType: "Hồ sơ TTHC", namespace: "motcua")
        #expect(tasks.map(\.status) == [.completed, .cancelled])
    }
}
