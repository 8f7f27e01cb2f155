import ArgumentParser
import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeServer
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge serve [--host H] [--port P]`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync every HTTP source on its interval and serve the JSON API, until SIGTERM or Ctrl-C.")

        @OptionGroup var common: CommonOptions

        @Option(help: "Address to listen on (loopback unless told otherwise).")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on (0: any free port; the port is printed).")
        var port = 8080

        @Flag(help: "Serve the API only: no scheduled syncs (POST /api/v1/sources/ID/sync still runs one).")
        var noSchedule = false

        @Option(help: "Log lines as text or json (one JSON object per line on standard error).")
        var logFormat = "text"

        func validate() throws {
            if !(0...65_535).contains(port) { throw ValidationError("--port is between 0 (any free port) and 65535") }
            if logFormat != "text" && logFormat != "json" { throw ValidationError("--log-format is text or json") }
        }

        func run() async throws {
            let bridge = try common.bridge()
            let (host, port, schedule) = (self.host, self.port, !noSchedule)
            let logger = JSONLogHandler.logger(label: "kpibridge.serve", json: logFormat == "json")
            let service = try BridgeCommandLine.run { try BridgeService(bridge: bridge, host: host, port: port, schedule: schedule, logger: logger) }
            try await BridgeCommandLine.run {
                do {
                    try await service.run { port in
                        Console.out("serving http://\(host):\(port)/api/v1 (tokens: kpibridge token create); Ctrl-C or SIGTERM stops")
                        Console.out("web UI: http://\(host):\(port)/ (sign in with a token)")
                        fflush(nil)  // a supervisor or a log reads it now, not when the buffer fills
                    }
                } catch where "\(error)".contains("Address already in use") {
                    throw AppError("port \(port) on \(host) is taken (another kpibridge serve, or another server): stop it or choose another with --port")
                }
            }
            Console.out("stopped")
        }
    }

    /// `kpibridge token create|list|revoke`
    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "API tokens for serve: printed once, only their hash kept.", subcommands: [Create.self, List.self, Revoke.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Make a token and print it (the only time it is shown).")
            @OptionGroup var common: CommonOptions
            @Option(help: "Who or what it is for (unique).") var name: String
            @Option(help: "officer, viewer, operator or admin.") var role: String
            @Option(help: "An agency the token may see (repeat for several; none: every agency).") var agency: [String] = []
            @Option(help: "The directory officer an officer token is for (their id or e-mail): they see their own record only.") var officer: String?

            func validate() throws {
                guard let parsed = TokenStore.Role(rawValue: role) else { throw ValidationError("--role is officer, viewer, operator or admin") }
                if (parsed == .officer) != (officer != nil) {
                    throw ValidationError(parsed == .officer ? "--role officer needs --officer (a directory officer)" : "--officer goes with --role officer")
                }
            }

            func run() throws {
                let bridge = try common.bridge(besideService: true)
                try BridgeCommandLine.run {
                    let token = try bridge.createToken(
                        name: name, role: TokenStore.Role(rawValue: role)!, agencies: agency, officer: officer, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out(token)
                }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The tokens: name, role, agencies (never the tokens themselves).")
            @OptionGroup var common: CommonOptions
            func run() throws {
                let bridge = try common.bridge(.read)
                try BridgeCommandLine.run {
                    let grants = try bridge.store.tokens.list()
                    Console.out(TextTable.render(
                        header: ["name", "role", "agencies", "created"],
                        rows: grants.map {
                            [$0.name, $0.role.rawValue + ($0.officer.map { " (\($0))" } ?? ""), $0.agencies.isEmpty ? "all" : $0.agencies.joined(separator: ", "), $0.createdAt]
                        })
                        + "\n\(grants.count) token(s)")
                }
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token by name (audited).")
            @OptionGroup var common: CommonOptions
            @Argument(help: "The token's name.") var name: String
            func run() throws {
                let bridge = try common.bridge(.update, besideService: true)
                try BridgeCommandLine.run {
                    try bridge.store.tokens.revoke(name: name, actor: BridgeCommandLine.actor, at: Timestamp(Date()))
                    Console.out("revoked \(name)")
                }
            }
        }
    }
}
