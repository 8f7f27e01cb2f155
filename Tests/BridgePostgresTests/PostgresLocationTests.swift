import BridgePostgres
import BridgeTestSupport
import BridgeTesting
import Foundation
import Testing

/// `--database postgres://…`: the address, and where its password comes from.
struct PostgresLocationTests {
    @Test(arguments: [
        ("postgres://kpi@db.tinh.gov.vn/ledger", "kpi", "db.tinh.gov.vn", 5432, "ledger", false),
        ("postgresql://kpi@10.0.0.5:6543/ledger?sslmode=require", "kpi", "10.0.0.5", 6543, "ledger", true),
        ("postgres://kpi@localhost/ledger?sslmode=disable", "kpi", "localhost", 5432, "ledger", false),
        ("postgres://kpi%40khanhhoa@[::1]:5433/kpi_bridge", "kpi@khanhhoa", "::1", 5433, "kpi_bridge", false),
    ])
    func parsesAnAddress(text: String, user: String, host: String, port: Int, database: String, tls: Bool) throws {
        let location = try PostgresLocation(text)
        #expect(location.user == user)
        #expect(location.host == host)
        #expect(location.port == port)
        #expect(location.database == database)
        #expect(location.requireTLS == tls)
    }

    @Test(arguments: [
        ("sqlite:./kpibridge.sqlite", "not a postgres:// address"),
        ("postgres://db.tinh.gov.vn/ledger", "no user"),
        ("postgres://kpi@/ledger", "no host"),
        ("postgres://kpi@db", "no database"),
        ("postgres://kpi@db/a/b", "no database"),
        ("postgres://kpi@db:70000/ledger", "port"),
        ("postgres://kpi@db/ledger?sslmode=verify-full", "sslmode 'verify-full' is not one of disable, require"),
        ("postgres://kpi@db/ledger?application_name=x", "unknown parameter 'application_name'"),
    ])
    func refusesAMalformedAddressInOneLine(text: String, expected: String) {
        let error = #expect(throws: PostgresLedgerError.self) { try PostgresLocation(text) }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func refusesAPasswordInTheAddressWithoutRepeatingIt() {
        let error = #expect(throws: PostgresLedgerError.self) { try PostgresLocation("postgres://kpi:s3cret@db/ledger") }
        #expect(error?.description.contains("PGPASSWORD") == true)
        #expect(error?.description.contains("s3cret") == false)
    }

    @Test func describesItselfWithoutAPassword() throws {
        #expect(try PostgresLocation("postgres://kpi@db/ledger").description == "postgres://kpi@db:5432/ledger")
        #expect(try PostgresLocation("postgres://kpi@db:6000/ledger?sslmode=require").description == "postgres://kpi@db:6000/ledger?sslmode=require")
        #expect(try PostgresLocation("postgres://kpi@[::1]/ledger").description == "postgres://kpi@[::1]:5432/ledger")
    }

    @Test func takesThePasswordFromPGPASSWORDBeforeThePasswordFile() throws {
        let dir = try TemporaryDirectory()
        let file = try writePrivate(dir, "pgpass", "*:*:*:*:from-file\n")
        let location = try PostgresLocation("postgres://kpi@db/ledger")
        #expect(try location.password(environment: ["PGPASSWORD": "from-env", "PGPASSFILE": file]) == "from-env")
        #expect(try location.password(environment: ["PGPASSFILE": file]) == "from-file")
        #expect(try location.password(environment: ["HOME": dir.path]) == nil)  // no ~/.pgpass there
        #expect(try location.password(environment: [:]) == nil)
    }

    @Test func usesHomesPasswordFileWhenNoneIsNamed() throws {
        let dir = try TemporaryDirectory()
        try writePrivate(dir, ".pgpass", "db:5432:ledger:kpi:home-secret\n")
        #expect(try PostgresLocation("postgres://kpi@db/ledger").password(environment: ["HOME": dir.path]) == "home-secret")
    }

    @Test func refusesAPasswordFileOthersCanRead() throws {
        let dir = try TemporaryDirectory()
        let file = try writePrivate(dir, "pgpass", "*:*:*:*:secret\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let error = #expect(throws: PostgresLedgerError.self) { try PostgresLocation("postgres://kpi@db/ledger").password(environment: ["PGPASSFILE": file]) }
        #expect(error?.description.contains("chmod 600") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test(arguments: [
        // (file, host, port, database, user, expected)
        ("db:5432:ledger:kpi:exact", "db", 5432, "ledger", "kpi", "exact"),
        ("other:5432:ledger:kpi:no\n*:5432:ledger:kpi:any-host", "db", 5432, "ledger", "kpi", "any-host"),
        ("db:5433:ledger:kpi:wrong-port\ndb:*:*:kpi:any", "db", 5432, "ledger", "kpi", "any"),
        ("# comment\n\ndb:5432:ledger:kpi:first\ndb:5432:ledger:kpi:second", "db", 5432, "ledger", "kpi", "first"),
        ("db:5432:ledger:kpi:pa\\:ss\\\\word", "db", 5432, "ledger", "kpi", "pa:ss\\word"),
        ("db:5432:ledger:kpi:with:colons", "db", 5432, "ledger", "kpi", "with:colons"),
        ("db:5432:led\\:ger:kpi:escaped-name", "db", 5432, "led:ger", "kpi", "escaped-name"),
    ])
    func findsTheFirstMatchingLineOfAPasswordFile(text: String, host: String, port: Int, database: String, user: String, expected: String) {
        #expect(PasswordFile(text).password(host: host, port: port, database: database, user: user) == expected)
    }

    @Test(arguments: ["db:5432:ledger:other:x", "db:5432:ledger", "", "# *:*:*:*:commented"])
    func findsNoPasswordWhereNoLineMatches(text: String) {
        #expect(PasswordFile(text).password(host: "db", port: 5432, database: "ledger", user: "kpi") == nil)
    }

    @discardableResult
    private func writePrivate(_ dir: TemporaryDirectory, _ name: String, _ text: String) throws -> String {
        let path = dir.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }
}
