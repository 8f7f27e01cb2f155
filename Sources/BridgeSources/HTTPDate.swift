import Foundation

/// The IMF-fixdate format of HTTP headers (`Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    /// A new formatter each call: `DateFormatter` is not `Sendable`.
    static var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
