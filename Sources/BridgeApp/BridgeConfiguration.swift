import BridgeMapping
import BridgeModel
import BridgeServices
import BridgeWorkload
import BridgePipeline
import BridgeReconciliation
import Foundation

/// What the bridge runs: its sources and where its files are. Only `BridgeApp` reads files and flags.
public struct BridgeConfiguration: Sendable {
    /// One configured source.
    public struct Source: Sendable, Hashable {
        /// Stable id used in records, dead letters and commands (`--source eoffice`).
        public var id: String
        /// What the source is (`edxml-files`, later the HTTP kinds).
        public var kind: String
        /// The mapping file, absolute or relative to the configuration's folder.
        public var mapping: String
        public var block: Block?
        public var agency: String?
        /// Where the source answers (HTTP kinds); paths in its mapping are relative to it.
        public var baseURL: URL?
        /// Seconds between polls in `serve`.
        public var interval: Int = 300
        /// When `serve` may poll it (Vietnam time); nil: at any hour.
        public var hours: WorkingHours?
        /// How to authenticate; secrets are named by environment variable, never written here.
        public var auth: AuthConfig = .none
        /// Seconds one HTTP exchange may take, answer included: a source that trickles bytes is cut here.
        public var timeout: Int = 30
        /// The largest answer accepted, in MiB: an endless body is cut here.
        public var maxResponseMB: Int = 64
        /// Attempts per request before the source's poll fails (retries use backoff with jitter).
        public var attempts: Int = 5
        /// Most requests per second sent to the source's host.
        public var rate: Int = 50
        /// Requests in flight at once within a pass (an `edxml-hub` source's message fetches and acknowledgements).
        public var concurrency: Int = 8
        /// How an `edxml-hub` source pages its list of messages (`listing:`); nil: one list that shrinks as
        /// messages are acknowledged.
        public var listing: HubListing?

        public init(id: String, kind: String, mapping: String, block: Block?, agency: String?, baseURL: URL? = nil, interval: Int = 300, auth: AuthConfig = .none) {
            self.id = id
            self.kind = kind
            self.mapping = mapping
            self.block = block
            self.agency = agency
            self.baseURL = baseURL
            self.interval = interval
            self.auth = auth
        }
    }

    /// The kinds of source the bridge knows.
    public static let kinds: Set<String> = ["edxml-files", "edxml-hub", "json-pages"]

    /// Authentication as configured: which environment variables hold the secrets.
    public enum AuthConfig: Sendable, Hashable {
        case none
        case bearer(tokenEnv: String)
        case basic(userEnv: String, passwordEnv: String)
        /// A key in a header (with an optional prefix, `Token `) or in a query parameter.
        case apiKey(header: String?, query: String?, prefix: String, keyEnv: String)
        /// POST the refresh token (from `tokenEnv`) to `endpoint` (relative to the base URL) and read `field`.
        case refreshToken(endpoint: String, tokenEnv: String, field: String)
    }

    public var sources: [Source]
    /// How facts are grouped into commits and how much the projector does per transaction (`ledger:`).
    public var ledger = LedgerSettings()
    /// Which source a unit of work seen in several systems takes each field from (`reconciliation:`); the
    /// default order is the sources' order in the file, with the latest deadline.
    public var precedence: Precedence?
    /// The precedence in force.
    public var effectivePrecedence: Precedence { precedence ?? Precedence(sources: sources.map(\.id)) }
    /// The scoring policy and product catalogue files (`scoring:`, `catalog:`, relative to the configuration's
    /// folder); nil uses the decree's defaults.
    public var scoring: String?
    public var catalog: String?
    /// The one-stop centre's rules that the law leaves to the province (`services:`, docs/services.md).
    public var services = ServiceSettings()
    /// The working calendar (`calendar:`): holidays and Tết, hours a day.
    public var calendar = WorkingCalendar()
    /// Position caps and the outlier threshold of the staffing report (`workload:`).
    public var workload = WorkloadSettings()
    /// The annual bonus: fund share, base salary, each agency's regulations, additional income (`bonus:`).
    public var bonus = BonusSettings()
    /// When officers propose their general points (`selfAssessment:`).
    public var selfAssessment = SelfAssessmentSettings()
    /// What officers and leaders are told, and by which channels (`notifications:`).
    public var notifications = NotificationSettings()
    /// Where relative paths in the configuration are resolved.
    public var baseDirectory: String
    /// The file it was read from, or nil for the built-in configuration.
    public var file: String?

    /// The built-in configuration: one `eoffice` source on the edXML mapping, so commands work without a file.
    public static func builtIn(home: String) -> BridgeConfiguration {
        BridgeConfiguration(
            sources: [Source(id: "eoffice", kind: "edxml-files", mapping: "Mappings/eoffice-edxml.yml", block: .state, agency: nil)],
            scoring: "Mappings/scoring.yml", catalog: "Mappings/catalog.yml", baseDirectory: home, file: nil)
    }

    /// The source with `id`, or an error listing the known ones.
    public func source(_ id: String) throws -> Source {
        guard let source = sources.first(where: { $0.id == id }) else {
            throw AppError("unknown source '\(id)' (configured: \(sources.map(\.id).joined(separator: ", ")))")
        }
        return source
    }

    /// Resolves a path written in the configuration.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: baseDirectory).appendingPathComponent(path).path
    }
}

/// A user-facing error of the application layer, one line.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
