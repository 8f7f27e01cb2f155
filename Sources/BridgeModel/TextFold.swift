import Foundation

/// Text reduced for comparison, without Foundation's round trips where the text allows: trimming, and letters
/// without their diacritics (`Nội vụ` → `Noi vu`). Both are on the projector's path for every task (its match keys),
/// so the common case — Vietnamese and Latin text in NFC — is answered from a table; anything else goes through
/// Foundation and gives the same result (tested over every scalar the table holds).
public enum TextFold {
    /// `s` without leading and trailing white space (Unicode White_Space); most values have none, and are
    /// returned without a copy.
    public static func trimmed(_ s: String) -> String {
        // Most values start and end with a visible ASCII character: no scalar walk then.
        if let first = s.utf8.first, let last = s.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return s }
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        if start == scalars.startIndex && scalars.index(after: end) == scalars.endIndex { return s }
        return String(scalars[start...end])
    }

    /// The text decomposed (NFD) without its combining marks: `Nội vụ` → `Noi vu` (`đ` has no decomposition and
    /// stays).
    public static func withoutDiacritics(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                out.append(scalar)
            } else if let index = tableIndex(value) {
                out.append(contentsOf: bases[index])
            } else {
                return slowWithoutDiacritics(text)
            }
        }
        return String(out)
    }

    /// Foundation's way, for any text: NFD, then every nonspacing mark dropped.
    public static func slowWithoutDiacritics(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            out.append(scalar)
        }
        return String(out)
    }

    /// The scalars the table answers: Latin-1 Supplement, Latin Extended A and B (U+0080–U+02FF) and Latin
    /// Extended Additional (U+1E00–U+1EFF, Vietnamese's precomposed letters). None of them is a combining mark,
    /// so a text made of them alone is folded scalar by scalar.
    public static func tableIndex(_ value: UInt32) -> Int? {
        if value >= 0x80 && value < 0x300 { return Int(value - 0x80) }
        if value >= 0x1E00 && value <= 0x1EFF { return Int(value - 0x1E00) + 0x280 }
        return nil
    }

    /// Each table scalar folded the slow way, once.
    private static let bases: [[Unicode.Scalar]] = {
        let values = Array(0x80..<0x300) + Array(0x1E00...0x1EFF)
        return values.map { value in
            let scalar = Unicode.Scalar(UInt32(value))!
            return Array(slowWithoutDiacritics(String(Character(scalar))).unicodeScalars)
        }
    }()
}
