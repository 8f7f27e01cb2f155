import BridgeScoring
import Testing

struct RationalTests {
    @Test(arguments: [
        ("1.25", "1.25"), ("27.5", "27.50"), ("-3", "-3.00"), ("0.005", "0.00"), ("0.015", "0.02"), ("0.025", "0.02"),
        ("89.995", "90.00"), ("89.9949", "89.99"), (".5", "0.50"),
    ])
    func decimalTextRoundsHalfToEven(text: String, shown: String) throws {
        #expect(try #require(Rational(decimal: text)).description == shown)
    }

    @Test(arguments: ["", "1,5", "1.2.3", "abc", "-", "1e3"])
    func refusesNonDecimals(text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test func thirdsAddUpExactly() {
        let third = Rational(1, 3)
        #expect(third + third + third == .one)
        // 70 × (2/3) + 30 − 23.333… is exactly 53.333…: no binary rounding anywhere.
        #expect(Rational(70) * Rational(2, 3) == Rational(140, 3))
        #expect((Rational(70) * Rational(2, 3)).rounded(places: 6) == "46.666667")
    }
}
