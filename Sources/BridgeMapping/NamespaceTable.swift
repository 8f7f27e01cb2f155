/// The XML namespaces a mapping declares, by the prefix its paths use.
public struct NamespaceTable: Sendable, Hashable {
    /// One declared namespace: its URI, known mis-bound variants, and prefixes that real files use undeclared.
    public struct Entry: Sendable, Hashable {
        public var uris: Set<String>
        public var undeclaredPrefixes: Set<String>
    }

    public var entries: [String: Entry] = [:]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }
}
