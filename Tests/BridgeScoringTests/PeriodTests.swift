import BridgeModel
import BridgeScoring
import Testing

struct PeriodTests {
    @Test(arguments: [
        ("2026-03", "2026-03-01T00:00:00.000+07:00", "2026-04-01T00:00:00.000+07:00"),
        ("2026-12", "2026-12-01T00:00:00.000+07:00", "2027-01-01T00:00:00.000+07:00"),
        ("2026-Q1", "2026-01-01T00:00:00.000+07:00", "2026-04-01T00:00:00.000+07:00"),
        ("2026-Q4", "2026-10-01T00:00:00.000+07:00", "2027-01-01T00:00:00.000+07:00"),
        ("2026", "2026-01-01T00:00:00.000+07:00", "2027-01-01T00:00:00.000+07:00"),
    ])
    func periodsAreHalfOpenInVietnamTime(text: String, start: String, end: String) throws {
        let period = try #require(Period(text))
        #expect(period.description == text)
        #expect(period.start.description == start)
        #expect(period.end.description == end)
    }

    @Test(arguments: ["2026-13", "2026-Q5", "26-03", "2026-3", "2026-Q", "March", ""])
    func refusesBadPeriods(text: String) {
        #expect(Period(text) == nil)
    }

    @Test func theLastMillisecondOfMarchIsInMarchAndMidnightIsNot() {
        let march = Period("2026-03")!
        #expect(march.contains(Timestamp(iso8601: "2026-03-31T23:59:59.999+07:00")!))
        #expect(!march.contains(Timestamp(iso8601: "2026-04-01T00:00:00+07:00")!))
        #expect(march.contains(Timestamp(iso8601: "2026-02-28T17:00:00Z")!))  // 00:00 on 1 March in Vietnam
        #expect(Period.containing(Timestamp(iso8601: "2026-03-31T23:00:00+07:00")!).map(\.description) == ["2026-03", "2026-Q1", "2026"])
    }
}
