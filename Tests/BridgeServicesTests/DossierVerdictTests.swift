import BridgeModel
import BridgeServices
import Foundation
import Testing

/// Decision 766's on-time rule, one golden case per branch, and the report's counts against a recount.
struct DossierVerdictTests {
    /// An instant in Vietnam time: `t("2026-03-10 08:00")`.
    static func t(_ text: String) -> Timestamp {
        Timestamp(iso8601: text.replacingOccurrences(of: " ", with: "T") + ":00.000+07:00")!
    }

    static let periodEnd = t("2026-03-31 23:59")

    /// A dossier received on 2 March with an appointment on 10 March at 17:00, in `status`.
    static func dossier(
        _ status: DossierStatus, finished: String? = nil, returned: String? = nil, appointments: [Dossier.Appointment]? = nil,
        supplements: [Dossier.Supplement] = [], duration: Dossier.StatutoryDuration? = nil, received: String? = "2026-03-02 08:00"
    ) -> Dossier {
        Dossier(
            code: "H1", status: status, receivedAt: received.map(t), appointments: appointments ?? [.init(at: t("2026-03-10 17:00"))],
            finishedAt: finished.map(t), returnedAt: returned.map(t), supplements: supplements, statutoryDuration: duration, unit: "U1")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let dossier: Dossier
        let settings: ServiceSettings
        let at: Timestamp
        let outcome: DossierVerdict.Outcome
        var testDescription: String { name }

        init(_ name: String, _ dossier: Dossier, _ outcome: DossierVerdict.Outcome, settings: ServiceSettings = ServiceSettings(), at: Timestamp = DossierVerdictTests.periodEnd) {
            self.name = name
            self.dossier = dossier
            self.settings = settings
            self.at = at
            self.outcome = outcome
        }
    }

    static let apologised: [Dossier.Appointment] = [.init(at: t("2026-03-10 17:00")), .init(at: t("2026-03-13 17:00"), apology: true)]

    static let cases: [Case] = [
        Case("finished early", dossier(.finished, finished: "2026-03-06 10:00"), .onTime),
        Case("finished on the appointment day, after its hour (date)", dossier(.finished, finished: "2026-03-10 18:30"), .onTime),
        Case("finished on the appointment day, after its hour (instant)", dossier(.finished, finished: "2026-03-10 18:30"), .late,
             settings: ServiceSettings(comparison: .instant)),
        Case("finished a day late", dossier(.finished, finished: "2026-03-11 09:00"), .late),
        Case("result returned, no finishing time reported", dossier(.returned, returned: "2026-03-09 15:00"), .onTime),
        Case("stopped before the appointment", dossier(.stopped, finished: "2026-03-05 09:00"), .onTime),
        Case("refused at reception after the appointment", dossier(.refused, finished: "2026-03-12 09:00"), .late),
        Case("withdrawn by the applicant", dossier(.withdrawn, finished: "2026-03-20 09:00"), .withdrawn),
        Case("not received yet", dossier(.submitted, received: nil), .notReceived),
        Case("one supplement asked before the appointment, finished long after", dossier(
            .finished, finished: "2026-03-25 09:00", supplements: [.init(requestedAt: t("2026-03-08 09:00"), resumedAt: t("2026-03-20 09:00"))]), .onTime),
        Case("one supplement asked after the appointment", dossier(
            .processing, supplements: [.init(requestedAt: t("2026-03-12 09:00"))]), .late),
        Case("two supplement requests", dossier(.finished, finished: "2026-03-09 09:00", supplements: [
            .init(requestedAt: t("2026-03-03 09:00"), resumedAt: t("2026-03-04 09:00")), .init(requestedAt: t("2026-03-05 09:00"), resumedAt: t("2026-03-06 09:00")),
        ]), .late),
        Case("no appointment: within 5 days", dossier(.finished, finished: "2026-03-07 08:00", appointments: [], duration: .init(5, .days)), .onTime),
        Case("no appointment: past 5 days", dossier(.finished, finished: "2026-03-08 09:00", appointments: [], duration: .init(5, .days)), .late),
        // Received Monday 2 March: 5 working days end on Monday 9 March.
        Case("no appointment: 5 working days across a weekend", dossier(.finished, finished: "2026-03-09 16:00", appointments: [],
             duration: .init(5, .workingDays)), .onTime),
        Case("no appointment: a holiday moves the deadline", dossier(.finished, finished: "2026-03-10 08:00", appointments: [],
             duration: .init(5, .workingDays)), .onTime, settings: ServiceSettings(holidays: [CalendarDay(year: 2026, month: 3, day: 4)!])),
        Case("no appointment: 8 hours", dossier(.finished, finished: "2026-03-02 17:00", appointments: [], duration: .init(8, .hours)), .late,
             settings: ServiceSettings(comparison: .instant)),
        Case("no appointment, no duration", dossier(.finished, finished: "2026-03-05 08:00", appointments: []), .unjudged),
        Case("finished with no end time given", dossier(.finished), .unjudged),
        Case("unfinished at the period's end, before its appointment", dossier(.processing), .inProgress, at: t("2026-03-09 23:59")),
        Case("unfinished at the period's end, after its appointment", dossier(.processing), .overdue),
        Case("waiting for a payment after its appointment", dossier(.paymentRequired), .overdue),
        Case("re-appointed with an apology: judged on the first (default)", dossier(.finished, finished: "2026-03-12 09:00", appointments: apologised), .late),
        Case("re-appointed with an apology: on the new one (setting)", dossier(.finished, finished: "2026-03-12 09:00", appointments: apologised), .onTime,
             settings: ServiceSettings(apologyKeepsOnTime: true)),
        Case("a supplement asked after the period's end is not seen", dossier(.processing, supplements: [.init(requestedAt: t("2026-04-02 09:00"))]), .inProgress,
             at: t("2026-03-09 23:59")),
    ]

    @Test(arguments: cases)
    func eachBranchOfTheRule(_ golden: Case) {
        let verdict = golden.dossier.verdict(at: golden.at, settings: golden.settings)
        #expect(verdict.outcome == golden.outcome, "\(verdict.reason)")
        #expect(!verdict.reason.isEmpty && !verdict.reason.contains("\n"))
    }

    @Test func aLateStepIsChargedToWhoHeldItWithItsDaysOver() {
        // Late by 3 days in all: step 2 (B) ran 2 days over, step 3 (C) 1 day.
        let dossier = Dossier(
            code: "H2", status: .finished, receivedAt: Self.t("2026-03-02 08:00"), appointments: [.init(at: Self.t("2026-03-10 17:00"))],
            finishedAt: Self.t("2026-03-13 10:00"),
            steps: [
                DossierStep(officer: "A", startedAt: Self.t("2026-03-02 08:00"), deadline: Self.t("2026-03-03 17:00")),
                DossierStep(officer: "B", startedAt: Self.t("2026-03-03 09:00"), deadline: Self.t("2026-03-08 17:00")),
                DossierStep(officer: "C", startedAt: Self.t("2026-03-10 09:00"), deadline: Self.t("2026-03-12 17:00")),
            ])
        let steps = dossier.stepLateness(at: Self.periodEnd, settings: ServiceSettings())
        #expect(steps.map(\.late) == [false, true, true])
        #expect(steps.map(\.daysOver) == [0, 2, 1])
        #expect(steps[2].endedAt == Self.t("2026-03-13 10:00"))
        #expect(dossier.verdict(at: Self.periodEnd, settings: ServiceSettings()).outcome == .late)
        // A step still running past its deadline is charged up to the evaluation time.
        var running = dossier
        running.status = .processing
        running.finishedAt = nil
        let now = running.stepLateness(at: Self.t("2026-03-15 12:00"), settings: ServiceSettings())
        #expect(now[2].endedAt == nil && now[2].daysOver == 3)
    }

    @Test func theReportsCountsEqualARecountOfTheDossiers() {
        var g = SeededGenerator(seed: 766)
        let from = Self.t("2026-03-01 00:00")
        let statuses = DossierStatus.allCases
        for _ in 0..<40 {
            let dossiers = (0..<Int.random(in: 0...60, using: &g)).map { index -> Dossier in
                let received = Timestamp(millis: from.millis + Int64.random(in: -5...40, using: &g) * 86_400_000)
                let status = statuses.randomElement(using: &g)!
                let ended = status.ended ? Timestamp(millis: received.millis + Int64.random(in: 0...20, using: &g) * 86_400_000) : nil
                return Dossier(
                    code: "H\(index)", status: status, receivedAt: received,
                    appointments: Bool.random(using: &g) ? [.init(at: Timestamp(millis: received.millis + 7 * 86_400_000), apology: Bool.random(using: &g))] : [],
                    finishedAt: ended,
                    supplements: (0..<Int.random(in: 0...2, using: &g)).map { _ in .init(requestedAt: Timestamp(millis: received.millis + 86_400_000)) },
                    statutoryDuration: Bool.random(using: &g) ? .init(10, .workingDays) : nil,
                    steps: [DossierStep(officer: ["A", "B", "C"].randomElement(using: &g)!, startedAt: received, deadline: Timestamp(millis: received.millis + 2 * 86_400_000))],
                    procedure: ["P1", "P2"].randomElement(using: &g)!, unit: ["U1", "U2", "U3"].randomElement(using: &g)!)
            }
            let report = ServiceReport(dossiers, from: from, to: Self.periodEnd, settings: ServiceSettings())
            for row in report.units {
                let mine = dossiers.filter { $0.unit == row.name && ServiceReport.inPeriod($0, from: from, to: Self.periodEnd) }
                let outcomes = mine.map { $0.verdict(at: Self.periodEnd, settings: ServiceSettings()).outcome }
                #expect(row.counts.dossiers == mine.count)
                #expect(row.counts.onTime == outcomes.filter { $0 == .onTime }.count)
                #expect(row.counts.late == outcomes.filter { $0 == .late }.count)
                #expect(row.counts.overdue == outcomes.filter { $0 == .overdue }.count)
                #expect(row.counts.inProgress == outcomes.filter { $0 == .inProgress }.count)
                #expect(row.counts.withdrawn == mine.filter { $0.status == .withdrawn }.count)
                #expect(row.counts.supplements == mine.filter { !$0.supplements.isEmpty }.count)
            }
            #expect(report.units.map(\.counts.dossiers).reduce(0, +) == report.total.counts.dossiers)
            // One step each, but the one still held when the applicant withdrew is no one's.
            let heldAtWithdrawal = dossiers.filter {
                ServiceReport.inPeriod($0, from: from, to: Self.periodEnd) && $0.status == .withdrawn && ($0.end.map { $0 > Self.periodEnd } ?? true)
            }.count
            #expect(report.officers.map(\.steps).reduce(0, +) == report.total.counts.dossiers - heldAtWithdrawal)
        }
    }

    @Test func aUnitBelowTheTargetIsMarked() {
        let onTime = Self.dossier(.finished, finished: "2026-03-06 10:00")
        var late = Self.dossier(.finished, finished: "2026-03-12 10:00")
        late.code = "H9"
        let report = ServiceReport(Array(repeating: onTime, count: 19) + [late], from: Self.t("2026-03-01 00:00"), to: Self.periodEnd, settings: ServiceSettings())
        #expect(report.units[0].onTimeRate == 0.95 && !report.units[0].belowTarget)
        let worse = ServiceReport(Array(repeating: onTime, count: 18) + [late, late], from: Self.t("2026-03-01 00:00"), to: Self.periodEnd, settings: ServiceSettings())
        #expect(worse.units[0].onTimeRate == 0.9 && worse.units[0].belowTarget)
    }
}
