import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge audit-source SOURCE`
    struct AuditSource: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-source",
            abstract: "Compare everything a source lists now with the ledger; records it no longer lists join the reconciliation queue.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "The source id (a paged JSON source).")
        var source: String

        func run() async throws {
            let bridge = try common.bridge()
            try await BridgeCommandLine.run {
                let (audit, pages, unnamed) = try await bridge.auditSource(source, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                var lines = ["\(audit.source): \(audit.listed) record(s) listed on \(pages) page(s); \(audit.missing.count) missing at the source; \(audit.unseen.count) not yet in the ledger"]
                for (record, tasks) in audit.missing.sorted(by: { $0.key < $1.key }).prefix(50) {
                    lines.append("  missing \(record): \(tasks.map(\.rawValue).joined(separator: ", "))")
                }
                if audit.missing.count > 50 { lines.append("  … and \(audit.missing.count - 50) more (kpibridge reconcile list --kind missing)") }
                if !audit.unseen.isEmpty { lines.append("  the next sync brings: \(audit.unseen.prefix(10).joined(separator: ", "))\(audit.unseen.count > 10 ? ", …" : "")") }
                if unnamed > 0 { lines.append("  \(unnamed) item(s) without a readable id could not be compared") }
                Console.out(lines.map(TerminalText.safe).joined(separator: "\n"))
            }
        }
    }
}
