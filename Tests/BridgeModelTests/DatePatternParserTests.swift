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

    @Test(arguments: [
        ("dd-MM-yyyy HH:mm", "2026-03-10T08:05:00.000+07:00", "10-03-2026 08:05"),
        ("yyyy/MM/dd HH:mm:ss", "2026-12-31T23:59:58.000+07:00", "2026/12/31 23:59:58"),
        ("d/M/yyyy H:mm:ss.SSS", "2026-01-02T03:04:05.006+07:00", "2/1/2026 3:04:05.006"),
        ("dd/MM/yyyy", "2026-02-28T00:30:00.000+07:00", "28/02/2026"),
        ("iso8601", "2026-03-10T08:05:00.000+07:00", "2026-03-10T08:05:00.000+07:00"),
        ("epoch-ms", "2026-03-10T08:05:00.000+07:00", "1773104700000"),
        ("epoch-s", "2026-03-10T08:05:00.000+07:00", "1773104700"),
    ])
    func timesAreWrittenInThePatternTheyAreReadIn(_ pattern: String, _ iso: String, _ written: String) throws {
        let parser = try DatePatternParser(pattern: pattern)
        let time = try #require(Timestamp(iso8601: iso))
        #expect(parser.format(time, offsetSeconds: 7 * 3600) == written)
        if parser.hasTime {
            #expect(parser.parse(written, defaultOffsetSeconds: 7 * 3600) == time)  // and read back
        }
    }

    @Test func aPatternIsWrittenInTheZoneItIsGiven() throws {
        let parser = try DatePatternParser(pattern: "yyyy-MM-dd HH:mm")
        let time = try #require(Timestamp(iso8601: "2026-03-10T01:00:00.000+07:00"))
        #expect(parser.format(time, offsetSeconds: 0) == "2026-03-09 18:00")
    }
}
