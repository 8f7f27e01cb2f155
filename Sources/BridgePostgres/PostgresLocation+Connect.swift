import Logging
import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// A new connection to the ledger; a failure is one line naming the ledger and the server's reason.
    public func connect(logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: try configuration(), id: 1, logger: logger)
        } catch let error as PostgresLedgerError {
            throw error
        } catch {
            throw PostgresLedgerError("\(self): cannot connect: \(PostgresLedgerError.reason(error))")
        }
    }

    /// PostgresNIO's settings for this location, with its password.
    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: try password(), database: database, tls: tls)
    }
}

extension PostgresLocation {
    /// The readers' pool settings for this location: at most `maxConnections`, none kept open while idle.
    func clientConfiguration(maxConnections: Int) throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: try password(), database: database,
            tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = maxConnections
        configuration.options.minimumConnections = 0
        return configuration
    }
}
