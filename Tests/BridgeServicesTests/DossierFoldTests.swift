import BridgeModel
import BridgeServices
import Testing

/// A dossier folded from its snapshots: the latest status, each field's latest known value, the appointments with
/// their history, and the same dossier whatever order the snapshots came in.
struct DossierFoldTests {
    static let t = DossierVerdictTests.t

    static func snapshot(_ time: String, _ status: DossierStatus, appointment: String? = nil, apology: Bool = false) -> DossierSnapshot {
        DossierSnapshot(code: "H1", sourceTime: t(time), version: time, status: status, appointment: appointment.map(t), apology: apology)
    }

    @Test func theLatestStatusEachFieldsLatestValueAndEveryAppointment() throws {
        var received = Self.snapshot("2026-03-02 08:00", .accepted, appointment: "2026-03-10 17:00")
        received.receivedAt = Self.t("2026-03-02 08:00")
        received.unit = "U1"
        var asked = Self.snapshot("2026-03-04 09:00", .supplementRequested, appointment: "2026-03-10 17:00")
        asked.supplements = [.init(requestedAt: Self.t("2026-03-04 09:00"))]
        var brought = Self.snapshot("2026-03-06 09:00", .processing, appointment: "2026-03-12 17:00")
        brought.supplements = [.init(requestedAt: Self.t("2026-03-04 09:00"), resumedAt: Self.t("2026-03-06 09:00"))]
        let reset = Self.snapshot("2026-03-11 16:00", .processing, appointment: "2026-03-16 17:00", apology: true)
        var finished = Self.snapshot("2026-03-15 10:00", .finished, appointment: "2026-03-16 17:00")
        finished.finishedAt = Self.t("2026-03-15 10:00")
        let snapshots = [received, asked, brought, reset, finished]

        let dossier = try #require(Dossier(folding: snapshots))
        #expect(dossier.status == .finished && dossier.unit == "U1" && dossier.receivedAt == Self.t("2026-03-02 08:00"))
        #expect(dossier.finishedAt == Self.t("2026-03-15 10:00"))
        #expect(dossier.appointments == [
            .init(at: Self.t("2026-03-10 17:00")), .init(at: Self.t("2026-03-12 17:00")), .init(at: Self.t("2026-03-16 17:00"), apology: true),
        ])
        #expect(dossier.supplements == [.init(requestedAt: Self.t("2026-03-04 09:00"), resumedAt: Self.t("2026-03-06 09:00"))])

        // Any order of arrival folds to the same dossier.
        var generator = SeededGenerator(seed: 766)
        for _ in 0..<50 {
            #expect(Dossier(folding: snapshots.shuffled(using: &generator)) == dossier)
        }
        #expect(Dossier(folding: []) == nil)
    }

    @Test func theFirstAppointmentIsNeverAnApology() throws {
        let dossier = try #require(Dossier(folding: [Self.snapshot("2026-03-02 08:00", .accepted, appointment: "2026-03-10 17:00", apology: true)]))
        #expect(dossier.appointments == [.init(at: Self.t("2026-03-10 17:00"))])
    }
}
