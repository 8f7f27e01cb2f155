import Foundation

/// Finds the project's own files (Mappings/, Samples/) without a configuration.
public enum Resources {
    /// `KPIBRIDGE_HOME`, else the first of the working directory and the executable's ancestors that holds `Mappings/`.
    public static func home() -> String {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["KPIBRIDGE_HOME"], !env.isEmpty { return env }
        var candidates = [fm.currentDirectoryPath]
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            candidates.append(url.path)
            url.deleteLastPathComponent()
        }
        if let found = candidates.first(where: { fm.fileExists(atPath: "\($0)/Mappings/eoffice-edxml.yml") }) {
            return found
        }
        return fm.currentDirectoryPath
    }
}
