import BridgeModel

/// The configuration's `notifications:` section (docs/operations.md, "Notifications"): what officers and leaders
/// are told, when, and by which channels besides the web inbox.
public struct NotificationSettings: Sendable, Hashable {
    /// The e-mail channel: a relay inside the province's network.
    public struct Email: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var from: String
        public var helo: String

        public init(host: String, port: Int, from: String, helo: String = "kpibridge") {
            self.host = host
            self.port = port
            self.from = from
            self.helo = helo
        }
    }

    /// The webhook channel: JSON POSTed to `url`, signed with the secret in the environment variable `secretEnv`.
    public struct Webhook: Sendable, Hashable {
        public var url: String
        public var secretEnv: String

        public init(url: String, secretEnv: String) {
            self.url = url
            self.secretEnv = secretEnv
        }
    }

    /// Whether the section is present: without it nothing is made or sent.
    public var enabled = false
    /// A task is "due soon" this many days before its deadline.
    public var dueWithinDays = 3
    /// Overdue tasks are told about while their deadline is at most this many days past (a first run does not
    /// flood officers with a year of old deadlines).
    public var overdueWithinDays = 30
    /// Leaders are told of their unit's tasks too.
    public var leaders = true
    /// Minutes of the day (Vietnam time) from and to which nothing is sent: `21:00-07:00`.
    public struct QuietHours: Sendable, Hashable {
        public var from: Int
        public var to: Int

        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    public var quietHours: QuietHours?
    public var email: Email?
    public var webhook: Webhook?
    /// Attempts per delivery before it is dead.
    public var attempts = 8
    /// Seconds between passes under `serve`.
    public var interval = 300

    public init() {}

    /// True when `time` is inside the quiet hours.
    public func isQuiet(_ time: Timestamp) -> Bool {
        guard let quiet = quietHours else { return false }
        let minute = Int(((time.millis / 60_000 + Int64(VietnamTime.offsetSeconds / 60)) % 1440 + 1440) % 1440)
        return quiet.from <= quiet.to ? (quiet.from <= minute && minute < quiet.to) : (minute >= quiet.from || minute < quiet.to)
    }

    /// When the quiet hours around `time` end (`time` itself outside them).
    public func quietEnds(after time: Timestamp) -> Timestamp {
        guard isQuiet(time), let quiet = quietHours else { return time }
        let minute = Int(((time.millis / 60_000 + Int64(VietnamTime.offsetSeconds / 60)) % 1440 + 1440) % 1440)
        let wait = (quiet.to - minute + 1440) % 1440
        return Timestamp(millis: (time.millis / 60_000 + Int64(wait)) * 60_000)
    }

    /// A delivery's next try after `attempts` failures: 30 s doubled each time, at most an hour.
    public static func backoff(attempts: Int) -> Int64 { min(3_600_000, 30_000 << Int64(min(attempts, 12))) }
}
