import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge notify run|list|retry` (docs/operations.md, "Notifications").
    struct NotifyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify", abstract: "Tell officers and leaders of tasks due soon and overdue: one pass, the outbox, dead deliveries retried.",
            subcommands: [Run.self, List.self, Retry.self])

        struct Run: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One pass: keep the new notifications and send every delivery due (serve does this on its interval).")
            @OptionGroup var common: CommonOptions
            @Option(help: "The pass's time, ISO 8601; default now.") var at: Timestamp?

            func run() async throws {
                let bridge = try common.bridge(.update, besideService: true)
                try await BridgeCommandLine.run {
                    guard bridge.configuration.notifications.enabled else { throw AppError("no notifications: section in the configuration") }
                    Console.out(try await bridge.runNotifications(at: at ?? Timestamp(Date())).line)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The outbox: each delivery with its notification, state, attempts and last error.")
            @OptionGroup var common: CommonOptions
            @Option(help: "pending, sent or dead.") var state: String?

            func validate() throws {
                if let state, Delivery.State(rawValue: state) == nil { throw ValidationError("--state is pending, sent or dead") }
            }

            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let rows = try bridge.store.notifications.deliveries(state: state.flatMap(Delivery.State.init), limit: 10_000)
                    Console.out(TextTable.render(
                        header: ["id", "state", "channel", "to", "attempts", "next", "event", "error"],
                        rows: rows.map { d, n in
                            [String(n.id), d.state.rawValue, d.channel, d.address, String(d.attempts), d.nextAt.description, n.event, d.lastError ?? ""]
                        }) + "\n\(rows.count) deliver\(rows.count == 1 ? "y" : "ies")")
                }
            }
        }

        struct Retry: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make dead deliveries pending again (after fixing the relay or the webhook).")
            @OptionGroup var common: CommonOptions
            @Option(help: "Only this channel: email or webhook.") var channel: String?

            func run() throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    let count = try bridge.store.notifications.retryDead(channel: channel, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("\(count) dead deliver\(count == 1 ? "y" : "ies") pending again")
                }
            }
        }
    }
}
