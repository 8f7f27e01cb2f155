import Foundation

extension URL {
    /// The URL as text with any password in it replaced by `***`, for error lines and logs.
    public var redactedString: String { Self.redacted(absoluteString) }

    /// `text` with the password of a `scheme://user:password@host` URL replaced by `***` (text that is not such
    /// a URL is returned as it is).
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"),
            let at = text[scheme.upperBound...].firstIndex(of: "@"),
            !text[scheme.upperBound..<at].contains("/"),
            let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return text.replacingCharacters(in: text.index(after: colon)..<at, with: "***")
    }
}
