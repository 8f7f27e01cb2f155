import BridgeModel
import Testing

/// `Timestamp(iso8601:)` reads the bridge's own form straight from the bytes; it must agree with the general
/// ISO 8601 parser on every text, valid or not.
struct TimestampParsingTests {
    static func general(_ text: String) -> Timestamp? {
        DatePatternParser.iso8601.parse(text, defaultOffsetSeconds: VietnamTime.offsetSeconds)
    }

    @Test func theFastPathAgreesWithTheGeneralParserOnWrittenAndDamagedTimes() {
        var g = SeededGenerator(seed: 3)
        var texts = ["2026-02-29T08:00:00.000+07:00", "2024-02-29T08:00:00.000+07:00", "2026-13-01T00:00:00.000+07:00",
                     "2026-01-01T24:00:00.000+07:00", "2026-01-01T23:60:00.000Z", "2026-01-01T23:59:60.000Z",
                     "2026-01-01T00:00:00.000-05:30", "2026-01-01T00:00:00.000+07:60", "0001-01-01T00:00:00.000Z",
                     "2026-01-01T00:00:00.000+0700", "2026-01-01 00:00:00.000+07:00", "２026-01-01T00:00:00.000+07:00"]
        for _ in 0..<5_000 {
            let time = Timestamp(millis: Int64.random(in: -62_000_000_000_000...250_000_000_000_000, using: &g))
            let offset = [0, 7 * 3600, -5 * 3600 - 1800, 14 * 3600].randomElement(using: &g)!
            var text = Array(offset == 0 ? String(time.formatted(offsetSeconds: 0).dropLast(6)) + "Z" : time.formatted(offsetSeconds: offset))
            texts.append(String(text))
            // One character replaced by a digit, a sign, a letter or a separator.
            text[Int.random(in: 0..<text.count, using: &g)] = ["9", "0", "+", "-", "Z", ":", "T", "x", "."].randomElement(using: &g)!
            texts.append(String(text))
        }
        for text in texts {
            #expect(Timestamp(iso8601: text) == Self.general(text), "\(text)")
        }
    }

    @Test func writtenTimesReadBackExactly() {
        var g = SeededGenerator(seed: 4)
        for _ in 0..<5_000 {
            let time = Timestamp(millis: Int64.random(in: 0...4_000_000_000_000, using: &g))
            #expect(Timestamp(iso8601: time.description) == time)
        }
    }
}
