import BridgeApp
import BridgeModel
import Testing

/// A source's working hours (`hours:`), in Vietnam time: inside or not, and when the window next opens.
struct WorkingHoursTests {
    static func at(_ text: String) -> Timestamp { Timestamp(iso8601: text + "+07:00")! }

    // 2026-11-30 is a Monday.
    @Test(arguments: [
        ("mon-fri 07:00-18:00", "2026-11-30T08:00:00", true, "2026-11-30T08:00:00"),
        ("mon-fri 07:00-18:00", "2026-11-30T06:59:00", false, "2026-11-30T07:00:00"),
        ("mon-fri 07:00-18:00", "2026-11-30T18:00:00", false, "2026-12-01T07:00:00"),
        ("mon-fri 07:00-18:00", "2026-12-04T18:30:00", false, "2026-12-07T07:00:00"),
        ("mon-fri 07:00-18:00", "2026-12-05T10:00:00", false, "2026-12-07T07:00:00"),
        ("07:30-11:30", "2026-12-06T09:00:00", true, "2026-12-06T09:00:00"),
        ("07:30-11:30", "2026-12-06T12:00:00", false, "2026-12-07T07:30:00"),
        ("22:00-06:00", "2026-11-30T23:00:00", true, "2026-11-30T23:00:00"),
        ("22:00-06:00", "2026-11-30T05:59:00", true, "2026-11-30T05:59:00"),
        ("22:00-06:00", "2026-11-30T06:00:00", false, "2026-11-30T22:00:00"),
        ("sat,sun 22:00-02:00", "2026-11-30T01:00:00", true, "2026-11-30T01:00:00"),
        ("sat,sun 22:00-02:00", "2026-12-05T01:00:00", false, "2026-12-05T22:00:00"),
        ("fri-mon 13:00-24:00", "2026-12-01T14:00:00", false, "2026-12-04T13:00:00"),
        ("fri-mon 13:00-24:00", "2026-12-06T23:59:00", true, "2026-12-06T23:59:00"),
    ])
    func insideOrNextOpening(_ hours: String, _ time: String, _ inside: Bool, _ next: String) throws {
        let window = try WorkingHours(hours)
        #expect(window.contains(Self.at(time)) == inside)
        #expect(window.next(from: Self.at(time)) == Self.at(next))
    }

    @Test(arguments: [
        ("mon-fri", "hours 'mon-fri': 'mon-fri' is not a window like 07:00-18:00"),
        ("xyz 07:00-18:00", "hours 'xyz 07:00-18:00': 'xyz' is not a day or days (mon, tue, wed, thu, fri, sat, sun; mon-fri)"),
        ("25:00-26:00", "hours '25:00-26:00': '25:00-26:00' is not a window like 07:00-18:00"),
        ("07:00-18:00 extra words", "hours '07:00-18:00 extra words' is not like 'mon-fri 07:00-18:00' or '07:00-18:00'"),
        ("7:0-18:00", "hours '7:0-18:00': '7:0-18:00' is not a window like 07:00-18:00"),
    ])
    func badWindowsSayWhy(_ text: String, _ message: String) {
        #expect(throws: AppError.self) { try WorkingHours(text) }
        do {
            _ = try WorkingHours(text)
        } catch {
            #expect(error.message == message)
        }
    }
}
