extension Duration {
    /// The duration in seconds, as a floating-point figure for reports and timeouts.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
