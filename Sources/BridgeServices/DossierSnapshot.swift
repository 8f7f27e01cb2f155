import BridgeModel

/// What one version of one source record says about a dossier (a mapping's `dossier:` block): a fact, stored
/// beside the record's task patches. A dossier is the fold of every snapshot of it (`Dossier(folding:)`), so the
/// history a single version does not carry — the appointments it has had — comes from the versions seen.
public struct DossierSnapshot: Sendable, Hashable, Codable {
    /// `MaHoSo`.
    public var code: String
    /// The record version's time (the mapping's `time:`): orders the snapshots of a dossier.
    public var sourceTime: Timestamp
    /// The record version (`version:`): orders snapshots of the same time.
    public var version: String
    public var status: DossierStatus
    public var procedure: String? = nil
    public var procedureName: String? = nil
    public var unit: String? = nil
    public var agency: String? = nil
    public var channel: Int? = nil
    public var receivedAt: Timestamp? = nil
    /// The appointment in force in this version (`NgayHenTra`).
    public var appointment: Timestamp? = nil
    /// True when this version's appointment was set with an apology (phiếu xin lỗi và hẹn lại).
    public var apology: Bool = false
    /// The appointment resets with an apology the record lists (a system that keeps its apology slips), each
    /// with the appointment it replaced: the history a single version carries.
    public var resets: [Reset] = []
    public var finishedAt: Timestamp? = nil
    public var returnedAt: Timestamp? = nil
    public var supplements: [Dossier.Supplement] = []
    public var statutoryDuration: Dossier.StatutoryDuration? = nil
    public var steps: [DossierStep] = []

    /// A snapshot of what a record says at `sourceTime`; the other fields are set as the record gives them.
    public init(code: String, sourceTime: Timestamp, version: String, status: DossierStatus, appointment: Timestamp? = nil, apology: Bool = false) {
        self.code = code
        self.sourceTime = sourceTime
        self.version = version
        self.status = status
        self.appointment = appointment
        self.apology = apology
    }

    /// One appointment reset with an apology: the appointment replaced and the new one.
    public struct Reset: Sendable, Hashable, Codable {
        public var previous: Timestamp
        public var new: Timestamp

        public init(previous: Timestamp, new: Timestamp) {
            self.previous = previous
            self.new = new
        }
    }

    /// The order snapshots are folded in: by time, then version.
    public static func precedes(_ a: DossierSnapshot, _ b: DossierSnapshot) -> Bool {
        (a.sourceTime, a.version) < (b.sourceTime, b.version)
    }
}

extension Dossier {
    /// The dossier that `snapshots` (of one code, in any order) describe; nil for none. The latest snapshot gives
    /// the status, and each other field its latest known value (a version that leaves a field out does not erase
    /// it). Appointments are kept with their history, as task deadlines are: every appointment a version showed
    /// or a listed reset names, earliest first (a reset moves the appointment later); each but the first is a
    /// reset, made with an apology when a version showed it with the apology mark or a listed reset made it.
    /// Supplement requests are the union over versions by the time asked, each with its latest known return;
    /// steps are the latest version's log that has one. The fold does not depend on the order the snapshots
    /// arrived in.
    public init?(folding snapshots: [DossierSnapshot]) {
        let ordered = snapshots.sorted(by: DossierSnapshot.precedes)
        guard let latest = ordered.last else { return nil }
        self.init(code: latest.code, status: latest.status, receivedAt: nil)
        var supplements: [Timestamp: Supplement] = [:]
        var seen: [Timestamp: Bool] = [:]  // appointment → made with an apology
        for snapshot in ordered {
            receivedAt = snapshot.receivedAt ?? receivedAt
            finishedAt = snapshot.finishedAt ?? finishedAt
            returnedAt = snapshot.returnedAt ?? returnedAt
            statutoryDuration = snapshot.statutoryDuration ?? statutoryDuration
            procedure = snapshot.procedure ?? procedure
            procedureName = snapshot.procedureName ?? procedureName
            unit = snapshot.unit ?? unit
            agency = snapshot.agency ?? agency
            channel = snapshot.channel ?? channel
            if !snapshot.steps.isEmpty { steps = snapshot.steps }
            if let at = snapshot.appointment { seen[at] = (seen[at] ?? false) || snapshot.apology }
            for reset in snapshot.resets {
                seen[reset.previous] = seen[reset.previous] ?? false
                seen[reset.new] = true
            }
            for supplement in snapshot.supplements {
                let resumed = supplement.resumedAt ?? supplements[supplement.requestedAt]?.resumedAt
                supplements[supplement.requestedAt] = Supplement(requestedAt: supplement.requestedAt, resumedAt: resumed)
            }
        }
        self.supplements = supplements.values.sorted { $0.requestedAt < $1.requestedAt }
        appointments = seen.keys.sorted().enumerated().map { index, at in Appointment(at: at, apology: index > 0 && seen[at]!) }
    }
}
