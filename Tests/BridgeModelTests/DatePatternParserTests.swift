import BridgeModel
import Testing

struct DatePatternParserTests {
    @Test(arguments: [
        ("yyyy/MM/dd HH:mm:ss", "2026/03/02 08:30:00", "2026-03-02T08:30:00.000+07:00"),
        ("dd/MM/yyyy HH:mm:ss", "27/03/2026 16:45:00", "2026-03-27T16:45:00.000+07:00"),
        ("dd-MM-yyyy HH:mm", "05-04-2026 07:05", "2026-04-05T07:05:00.000+07:00"),
        ("d/M/yyyy", "2/3/2026", "2026-03-02T00:00:00.000+07:00"),
        ("iso8601", "2026-03-02T01:30:00Z", "2026-03-02T08:30:00.000+07:00"),
        ("iso8601", "2026-03-02T08:30:00.250+07:00", "2026-03-02T08:30:00.250+07:00"),
        ("iso8601", "2026-03-02T08:30:00", "2026-03-02T08:30:00.000+07:00"),
        ("epoch-ms", "1772415000000", "2026-03-02T08:30:00.000+07:00"),
        ("epoch-s", "1772415000", "2026-03-02T08:30:00.000+07:00"),
    ])
    func parsesSourceFormatsInVietnamTime(pattern: String, text: String, expected: String) throws {
        let parser = try DatePatternParser(pattern: pattern)
        #expect(parser.parse(text, defaultOffsetSeconds: VietnamTime.offsetSeconds)?.description == expected)
    }

    @Test(arguments: [
        ("yyyy/MM/dd", "2026/02/30"), ("yyyy/MM/dd", "2026/13/01"), ("yyyy/MM/dd", "2026-03-02"),
        ("dd/MM/yyyy HH:mm:ss", "27/03/2026 24:00:00"), ("yyyy/MM/dd", "2026/03/02 extra"), ("yyyy/MM/dd", ""),
        ("iso8601", "2026-03-02T8:30"), ("epoch-ms", "soon"),
    ])
    func refusesTextThatDoesNotMatch(pattern: String, text: String) throws {
        let parser = try DatePatternParser(pattern: pattern)
        #expect(parser.parse(text, defaultOffsetSeconds: VietnamTime.offsetSeconds) == nil)
    }

    @Test(arguments: ["yyyy/QQ/dd", "HH:mm"])
    func refusesBadPatterns(pattern: String) {
        #expect(throws: DatePatternParser.PatternError.self) { try DatePatternParser(pattern: pattern) }
    }

    @Test func dateOnlyDeadlineMeansTheWholeDay() {
        let day = CalendarDay(year: 2026, month: 3, day: 31)!
        let end = VietnamTime.endOfDay(day)
        #expect(end.description == "2026-03-31T23:59:59.999+07:00")
        let nextMidnight = VietnamTime.startOfDay(CalendarDay(year: 2026, month: 4, day: 1)!)
        #expect(end < nextMidnight)
        #expect(nextMidnight.millis - end.millis == 1)
    }

    @Test(arguments: [-1, 0, 59, 365, 20_000, 20_513, 2_932_896])
    func calendarDayRoundTrips(days: Int) {
        #expect(CalendarDay(daysSinceEpoch: days).daysSinceEpoch == days)
    }
}
