import BridgeModel

/// A loaded, validated mapping: how one kind of source becomes task patches. Immutable once loaded.
public struct MappingSpec: Sendable {
    /// One entry of the status table: the source's code, the unified status and its rank.
    public struct StatusEntry: Sendable, Hashable {
        public let status: TaskStatus?
        public let rank: Int
        public let reopens: Bool
    }

    /// The mapping's id, e.g. `eoffice-edxml`, and its version: both are stamped on every record.
    public let id: String
    public let version: Int
    public let format: SourceDocument.Format
    /// The file it came from, for messages.
    public let file: String
    /// SHA-256 of the file's text is computed by the caller; this is the text itself.
    public let text: String
    public let namespaces: NamespaceTable
    /// XML elements whose content the parser streams past.
    public let skippedElements: Set<String>
    /// Path to the items of a page; nil when the payload is one record.
    let items: SourcePath?
    /// How to page through the source over HTTP (JSON sources); nil for payloads that arrive whole.
    public let paging: PagingSpec?
    public let statuses: [String: StatusEntry]
    let rules: [RecordRule]
    /// The `dossier:` block: how a record becomes a dossier snapshot; nil for a source of tasks only.
    let dossier: DossierRule?
    /// Examples carried by the file, run by `mapping test` and the test suite.
    public let examples: [MappingExample]
    /// What the source is, in a line (`description:`).
    public var summary: String?

    /// The names of the rules, in file order.
    public var ruleNames: [String] { rules.map(\.name) + (dossier == nil ? [] : ["dossier"]) }

    /// True when the mapping reads dossiers (a `dossier:` block).
    public var readsDossiers: Bool { dossier != nil }
}

/// An example in a mapping file: a payload and the task fields it must produce.
public struct MappingExample: Sendable, Hashable {
    /// Payload file, relative to the mapping file's folder.
    public let input: String
    /// Task key → field name → expected value as text (times in ISO 8601, Vietnam time).
    public let expect: [String: [String: String]]
    /// Records the payload must turn into dead letters: the record (its id, or `#N` for the N-th record whose id
    /// cannot be read) and words its reason contains.
    public let deadLetters: [(record: String, reason: String)]
    public let line: Int?

    /// The keys an expectation may name: every task field, and `status`, `statusCode`, `deadlines`.
    public static let keys: [String] = ["status", "statusCode", "deadlines"] + TaskField.allCases.map(\.rawValue)

    public static func == (a: MappingExample, b: MappingExample) -> Bool {
        a.input == b.input && a.expect == b.expect && a.line == b.line
            && a.deadLetters.map { "\($0.record)\u{0}\($0.reason)" } == b.deadLetters.map { "\($0.record)\u{0}\($0.reason)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(input)
        hasher.combine(line)
    }
}
