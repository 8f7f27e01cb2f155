import BridgeModel
import BridgeServices
import Testing

/// The centre's working lists: due within 24 h, and the apology register.
struct ServiceListsTests {
    static let t = DossierVerdictTests.t

    static func running(_ code: String, due: String, steps: [DossierStep] = []) -> Dossier {
        Dossier(code: code, status: .processing, receivedAt: t("2026-03-02 08:00"), appointments: [.init(at: t(due))], steps: steps, unit: "U1")
    }

    @Test func dossiersDueWithinADayAreListedSoonestFirst() {
        let now = Self.t("2026-03-10 09:00")
        let dossiers = [
            Self.running("H3", due: "2026-03-11 08:30"),  // 23 h left
            Self.running("H1", due: "2026-03-10 10:00", steps: [DossierStep(officer: "cb.b", startedAt: Self.t("2026-03-09 08:00"), deadline: nil)]),
            Self.running("H2", due: "2026-03-12 08:00"),  // beyond the day
            Self.running("H4", due: "2026-03-09 17:00"),  // overdue: counted by the report, not listed here
            Dossier(code: "H5", status: .finished, receivedAt: Self.t("2026-03-02 08:00"), appointments: [.init(at: Self.t("2026-03-10 12:00"))],
                    finishedAt: Self.t("2026-03-09 12:00")),  // done
        ]
        let list = ServiceLists.dueSoon(dossiers, at: now, settings: ServiceSettings(comparison: .instant))
        #expect(list.map(\.code) == ["H1", "H3"])
        #expect(list.map(\.hoursLeft) == [1, 23])
        #expect(list[0].holder == "cb.b")
    }

    @Test func everyApologyIsRegisteredWithTheAppointmentItReplaced() {
        var dossier = Self.running("H7", due: "2026-03-10 17:00")
        dossier.appointments += [.init(at: Self.t("2026-03-13 17:00"), apology: true), .init(at: Self.t("2026-03-14 17:00")),
                                 .init(at: Self.t("2026-03-18 17:00"), apology: true)]
        let register = ServiceLists.apologies([dossier, Self.running("H8", due: "2026-03-10 17:00")],
                                              from: Self.t("2026-03-01 00:00"), to: Self.t("2026-03-31 23:59"))
        #expect(register.map(\.previous) == [Self.t("2026-03-10 17:00"), Self.t("2026-03-14 17:00")])
        #expect(register.map(\.new) == [Self.t("2026-03-13 17:00"), Self.t("2026-03-18 17:00")])
    }
}
