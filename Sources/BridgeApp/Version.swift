/// The release, printed by `kpibridge --version`.
public enum KPIBridgeVersion {
    public static let current = "0.6.0"
}
