/// Text from sources made safe to print: a title or reason taken from a source may carry escape sequences
/// (which a terminal obeys), carriage returns (which overwrite what was printed) or bidirectional overrides
/// (which reorder it). Each such character becomes U+FFFD; line feeds and tabs stay.
public enum TerminalText {
    /// `text` with every control character except line feed and tab, and every bidirectional override or
    /// isolate, replaced by U+FFFD.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    /// One table cell: `safe`, and on one line (line feeds and tabs shown as spaces).
    public static func cell(_ text: String) -> String {
        let safe = safe(text)
        guard safe.contains(where: { $0 == "\n" || $0 == "\t" }) else { return safe }
        return String(safe.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0..<0x20, 0x7F..<0xA0: true  // C0, DEL, C1 (ESC, CR, CSI, …)
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides and isolates
        default: false
        }
    }
}
