/// An exact fraction over 128-bit integers: KPI arithmetic never goes through binary floating point,
/// so a total of exactly 90 is exactly 90.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Always reduced, with a positive denominator.
    public let numerator: Int128
    public let denominator: Int128

    public init(_ numerator: Int128, _ denominator: Int128 = 1) {
        precondition(denominator != 0, "zero denominator")
        let sign: Int128 = denominator < 0 ? -1 : 1
        let g = Rational.gcd(numerator.magnitude, denominator.magnitude)
        let divisor = g == 0 ? 1 : Int128(g)
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    public init(_ value: Int) { self.init(Int128(value)) }

    /// Parses a plain decimal such as `1.25`, `-3`, `27.5`; nil for anything else.
    public init?(decimal text: String) {
        var digits = Substring(text.trimmingWhitespace())
        var sign: Int128 = 1
        if digits.first == "-" { sign = -1; digits = digits.dropFirst() } else if digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts.map(\.count).reduce(0, +) > 0,
            parts.map(\.count).reduce(0, +) <= 30
        else { return nil }
        let whole = Int128(parts[0].isEmpty ? "0" : String(parts[0]))!
        guard parts.count == 2, !parts[1].isEmpty else {
            self.init(sign * whole)
            return
        }
        var scale: Int128 = 1
        for _ in parts[1] { scale *= 10 }
        self.init(sign * (whole * scale + Int128(String(parts[1]))!), scale)
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    public static func / (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// Rounded half-to-even to `places` decimals, written as plain decimal text (`93.33`, `90.00`).
    public func rounded(places: Int) -> String {
        var scale: Int128 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = numerator * scale
        var (q, r) = scaled.quotientAndRemainder(dividingBy: denominator)
        // Floor toward negative infinity, then round half to even.
        if r < 0 { q -= 1; r += denominator }
        let twice = 2 * r
        if twice > denominator || (twice == denominator && q % 2 != 0) { q += 1 }
        let negative = q < 0
        let magnitude = q.magnitude
        let whole = magnitude / UInt128(scale)
        let fraction = magnitude % UInt128(scale)
        var text = String(whole)
        if places > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: places - f.count) + f
        }
        return (negative ? "-" : "") + text
    }

    /// Two decimals, the way scores are shown.
    public var description: String { rounded(places: 2) }

    /// The number as a person writes it: up to six decimals, no trailing zeros (`30`, `28.5`).
    public var plain: String {
        var text = rounded(places: 6)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let s = drop { $0 == " " || $0 == "\t" }
        return s.prefix(s.count - s.reversed().prefix { $0 == " " || $0 == "\t" }.count)
    }
}
