/// Why a payload could not be read, with the line where the reader stopped when it knows it.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem stopped the reader; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformed, forbidden, limit, encoding, empty
        }
        private let base: Base
        /// Not well-formed (truncated, mismatched tags, invalid UTF-8 reported by the parser).
        public static let malformed = Code(base: .malformed)
        /// A construct refused for safety: DOCTYPE, entity declarations, external references.
        public static let forbidden = Code(base: .forbidden)
        /// A size, depth or count limit was exceeded.
        public static let limit = Code(base: .limit)
        /// A declared encoding other than UTF-8, or bytes that are not UTF-8.
        public static let encoding = Code(base: .encoding)
        /// No content at all.
        public static let empty = Code(base: .empty)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// One line a person can act on.
    public let message: String
    /// 1-based line in the payload, when known.
    public let line: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
