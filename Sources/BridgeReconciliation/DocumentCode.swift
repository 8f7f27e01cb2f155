import BridgeModel
import Foundation

/// A document's number and notation (số / ký hiệu) as systems write it, reduced to forms that compare
/// (docs/reconciliation.md, "Matching"). Pure.
///
/// - The **exact** form keeps everything that tells two documents apart: `Số 170 / ubnd - VP`, `170/UBND-VP` and
///   `0170/UBND–VP` are all `170/UBND-VP` (NFC, upper case so `đ` is `Đ`, a leading `Số`/`No.` dropped,
///   spaces dropped, dashes unified, leading zeros of the number dropped).
/// - The **loose** form also drops diacritics (`Đ` is `D`) and every sign: `170/UBND-VP`, `170/UBND VP` and
///   `170-UBND/VP` are all `170UBNDVP`. Two records that agree only in the loose form are a *near* match: an
///   admin decides, nothing merges by itself.
public enum DocumentCode {
    /// The exact form of a number and notation (either may hold the whole code, as `170/UBND-VP`); nil when no
    /// number is known (a notation alone tells documents of one issuer apart no better than a title).
    public static func exact(number: String?, notation: String?) -> String? {
        let joined: String
        switch (clean(number), clean(notation)) {
        case let (n?, t?): joined = "\(n)/\(t)"
        case let (n?, nil): joined = n
        case let (nil, t?): joined = t
        default: return nil
        }
        var text = NFC.normalized(joined).uppercased()
        text = dropPrefix(text)
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            if dashes.contains(scalar) { out.unicodeScalars.append("-"); continue }
            out.unicodeScalars.append(scalar)
        }
        // The number: before the first slash (or the whole code), leading zeros dropped.
        let slash = out.firstIndex(of: "/") ?? out.endIndex
        let number = out[..<slash]
        guard number.contains(where: \.isNumber) else { return nil }
        let trimmed = number.drop { $0 == "0" }
        let numberPart = trimmed.isEmpty || !(trimmed.first?.isNumber ?? false) ? String(number) : String(trimmed)
        return numberPart + out[slash...]
    }

    /// The loose form: the exact form without diacritics or signs; nil when there is no exact form.
    public static func loose(number: String?, notation: String?) -> String? {
        exact(number: number, notation: notation).map(folded)
    }

    /// A title reduced for comparison: lower case, no diacritics, a leading `V/v` (về việc) dropped, words
    /// separated by one space; nil when fewer than three words remain (short titles such as "Báo cáo" are shared
    /// by too many documents to suggest anything).
    public static func title(_ text: String?) -> String? {
        guard let text else { return nil }
        var words = letters(TextFold.withoutDiacritics(text.lowercased())).split(separator: " ").map(String.init)
        if words.first == "v", words.dropFirst().first == "v" { words.removeFirst(2) }
        guard words.count >= 3 else { return nil }
        return words.joined(separator: " ")
    }

    /// Upper-case letters and digits only, diacritics dropped, `Đ` as `D`.
    static func folded(_ text: String) -> String {
        var out = ""
        for scalar in TextFold.withoutDiacritics(text).unicodeScalars {
            switch scalar {
            case "Đ", "đ": out.unicodeScalars.append("D")
            case _ where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar): out.unicodeScalars.append(scalar)
            default: continue
            }
        }
        return out.uppercased()
    }

    /// Letters and digits kept, every run of anything else one space (`đ` kept as `d`).
    private static func letters(_ text: String) -> String {
        var out = ""
        var gap = false
        for scalar in text.unicodeScalars {
            let keep = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            if keep {
                if gap && !out.isEmpty { out.unicodeScalars.append(" ") }
                out.unicodeScalars.append(scalar == "đ" ? "d" : scalar)
                gap = false
            } else {
                gap = true
            }
        }
        return out
    }

    /// Text with outer spaces trimmed; nil when nothing is left.
    private static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = TextFold.trimmed(text)
        guard !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// `SỐ 170`, `SỐ: 170`, `SO 170`, `NO. 170` → `170` (only before a digit).
    private static func dropPrefix(_ text: String) -> String {
        for prefix in ["SỐ", "SO", "NO."] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count).drop { $0.isWhitespace || $0 == ":" || $0 == "." }
            if rest.first?.isNumber == true { return String(rest) }
        }
        return text
    }

    private static let dashes: Set<Unicode.Scalar> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"]
}
