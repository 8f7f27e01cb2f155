/// The three blocks of the political system whose civil servants Decree 335/2025 scores.
public enum Block: String, Codable, CaseIterable, Sendable, Comparable {
    /// Party agencies (cơ quan Đảng).
    case party
    /// State administration (cơ quan nhà nước).
    case state
    /// The Fatherland Front and socio-political (mass) organisations.
    case mass

    public static func < (lhs: Block, rhs: Block) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
