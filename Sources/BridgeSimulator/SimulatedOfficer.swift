import BridgeModel

/// A person in the simulated province, with an account in the system of their block.
public struct SimulatedOfficer: Sendable, Hashable {
    public let index: Int
    public let name: String
    public let block: Block
    /// Agency code and unit name.
    public let agency: String
    public let unit: String
    /// E-Office e-mail (state), Party member code (party) or union id (mass).
    public let account: String
}
