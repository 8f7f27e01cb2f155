import BridgeModel
import Foundation

/// What the running simulator holds: the world, the hub's unacknowledged messages, issued tokens, counters.
actor SimulatorState {
    private(set) var world: SimulatedWorld
    let faults: FaultPlan
    private var random: SeededGenerator
    private(set) var hubMessages: [HubMessages.Message]
    private var pending: Set<String>
    private var tokens: Set<String> = []
    private(set) var requests = 0
    private(set) var notModified = 0
    private(set) var acknowledged: [String: String] = [:]

    /// Credentials the simulated systems accept (the configuration names the environment variables holding them).
    static let hubUser = "vxp", hubPassword = "vxp-secret", iofficeRefreshToken = "ioffice-refresh", partyToken = "party-token", massKey = "mass-key"
    static let nongdanKey = "nongdan-key", congdoanKey = "congdoan-key", motcuaToken = "motcua-token"

    /// The hub pages its list by cursor and keeps acknowledged messages listed.
    let hubPaging: Bool
    /// The two tools taken on by mapping alone are part of the truth.
    let extraTools: Bool
    /// The one-stop system's dossiers (`--one-stop`), made once from the world as it started: they do not evolve.
    let dossiers: [SimulatedDossier]
    /// The world's now when the dossiers were made: their truth is judged then.
    let dossiersJudgedAt: Timestamp

    init(
        world: SimulatedWorld, faults: FaultPlan, seed: UInt64, extraHubFiles: [(name: String, bytes: [UInt8])] = [], hubPaging: Bool = false,
        extraTools: Bool = false, oneStop: Bool = false
    ) {
        self.hubPaging = hubPaging
        self.extraTools = extraTools
        self.dossiers = oneStop ? SimulatedDossier.all(in: world) : []
        self.dossiersJudgedAt = world.now
        self.world = world
        self.faults = faults
        self.random = SeededGenerator(seed: seed ^ 0x5EED)
        // Payload files (Samples/eoffice) are served first, as they are, after the generated messages' order.
        let extra = extraHubFiles.map {
            HubMessages.Message(id: "file-\($0.name)", kind: "edoc", created: Timestamp(millis: 0), from: "file", to: "file", bytes: $0.bytes)
        }
        self.hubMessages = extra + world.tasks(in: .hub).flatMap(HubMessages.messages).sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        self.pending = Set(hubMessages.map(\.id))
    }

    /// One step of `--evolve`: the world moves on, and the hub receives the new messages it implies.
    func evolve(hours: Int) {
        for task in world.evolve(hours: hours, using: &random) where task.system == .hub {
            for message in HubMessages.messages(for: task) where !hubMessages.contains(where: { $0.id == message.id }) {
                hubMessages.append(message)
                pending.insert(message.id)
            }
        }
    }

    /// The faults for one request.
    func draw() -> Set<FaultPlan.Fault> {
        requests += 1
        return faults.draw(&random)
    }

    func countNotModified() { notModified += 1 }

    /// A shuffle for the `reorder` fault, from the simulator's seeded generator.
    func shuffled<T: Sendable>(_ items: [T]) -> [T] { items.shuffled(using: &random) }

    func pendingMessages(limit: Int) -> [HubMessages.Message] {
        Array(hubMessages.filter { pending.contains($0.id) }.prefix(limit))
    }

    /// A paged hub's list: up to `limit` messages after the opaque cursor (a position), acknowledged or not, the
    /// cursor after them and whether more follow.
    func pagedMessages(after cursor: String?, limit: Int) -> (messages: [HubMessages.Message], next: String, hasMore: Bool) {
        let start = min(cursor.flatMap { Int($0.dropFirst(2)) } ?? 0, hubMessages.count)
        let end = min(start + limit, hubMessages.count)
        return (Array(hubMessages[start..<end]), "p-\(end)", end < hubMessages.count)
    }

    /// The ids of the messages not yet acknowledged as done, in listing order.
    func pendingIds() -> [String] { hubMessages.map(\.id).filter { pending.contains($0) } }

    func message(_ id: String) -> HubMessages.Message? { hubMessages.first { $0.id == id } }

    /// `done` removes a message from the received list; `fail` and `processing` leave it there.
    func acknowledge(_ id: String, status: String) -> Bool {
        guard hubMessages.contains(where: { $0.id == id }) else { return false }
        acknowledged[id] = status
        if status == "done" { pending.remove(id) }
        return true
    }

    func issueToken() -> String {
        let token = "tok-\(tokens.count + 1)-\(UInt32.random(in: 0...UInt32.max, using: &random))"
        tokens.insert(token)
        return token
    }

    func isIssued(_ token: String) -> Bool { tokens.contains(token) }
}
