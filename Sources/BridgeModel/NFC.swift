import Foundation

/// Unicode NFC for source text, without Foundation's round trip where the text is certainly NFC already.
public enum NFC {
    /// True when `text` is certainly in NFC: every scalar is below U+0300 (ASCII, Latin-1, Latin Extended A and
    /// B), in Latin Extended Additional (U+1E00–U+1EFF, Vietnamese's precomposed letters) or in General
    /// Punctuation after U+2001. None of those combines or has another canonical form (tested over every one of
    /// them), so Vietnamese text as sources write it passes; anything else is normalised.
    public static func isKnown(_ text: String) -> Bool {
        // No UTF-8 byte at or above 0xCC: every scalar is below U+0300 (lead bytes up to 0xCB, continuation bytes
        // 0x80–0xBF), which is the common case and needs no decoding.
        if text.utf8.allSatisfy({ $0 < 0xCC }) { return true }
        return text.unicodeScalars.allSatisfy { isStable($0.value) }
    }

    /// The scalars `isKnown` accepts.
    public static func isStable(_ value: UInt32) -> Bool {
        value < 0x300 || (0x1E00...0x1EFF).contains(value) || (0x2002...0x206F).contains(value)
    }

    /// `text` in NFC.
    public static func normalized(_ text: String) -> String {
        isKnown(text) ? text : text.precomposedStringWithCanonicalMapping
    }
}
