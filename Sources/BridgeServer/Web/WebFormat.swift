import BridgeApp
import BridgeModel
import BridgeScoring
import Foundation

/// How the web UI writes values for people in the province (docs/web.md): days as dd/MM/yyyy in Vietnam time,
/// decimals with a comma, thousands with a dot, levels as the decree writes them, periods and blocks in words.
enum WebFormat {
    /// `87,5`; `—` when there is no value. Rounded half-even to `places`.
    static func number(_ value: Decimal?, places: Int = 1) -> String {
        guard var value else { return "—" }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, places, .bankers)
        var text = NSDecimalNumber(decimal: rounded).stringValue
        if places > 0 {
            let fraction = text.split(separator: ".").dropFirst().first.map(String.init) ?? ""
            if fraction.isEmpty { text += "." }
            text += String(repeating: "0", count: max(0, places - fraction.count))
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = grouped(String(parts[0]))
        return parts.count > 1 ? "\(whole),\(parts[1])" : whole
    }

    /// A total with one decimal, never rounded up onto a level it does not reach (`89,9`, not `90,0`, for 89.96).
    static func total(_ value: Decimal?, policy: ScoringPolicy) -> String {
        number(ScoreFormatter.shownTotal(value, policy, places: 1).flatMap { Decimal(string: $0.rounded(places: 1)) })
    }

    /// `40.000`: whole numbers with a dot between thousands.
    static func count(_ value: Int) -> String { grouped(String(value)) }

    /// A rate as a Vietnamese percentage: `94,7 %`.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return number(Decimal(string: String(format: "%.1f", rate * 100))) + " %"
    }

    private static func grouped(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = Array(negative ? digits.dropFirst() : Substring(digits))
        var out = ""
        for (i, c) in body.enumerated() {
            if i > 0 && (body.count - i) % 3 == 0 { out.append(".") }
            out.append(c)
        }
        return (negative ? "-" : "") + out
    }

    /// `31/03/2026`, or empty.
    static func day(_ time: Timestamp?) -> String { ReportLocale.vi.day(time?.day()) }

    /// `31/03/2026 14:05` in Vietnam time, or empty.
    static func time(_ time: Timestamp?) -> String { ReportLocale.vi.time(time) }

    /// An ISO instant as stored (`2026-03-31T07:05:00Z`) written for people; the text itself when it is not one.
    static func time(_ text: String?) -> String {
        guard let text else { return "" }
        return Timestamp(iso8601: text).map { time($0) } ?? text
    }

    /// `Tháng 3/2026`, `Quý 1/2026`, `Năm 2026`.
    static func period(_ period: Period) -> String {
        switch period.kind {
        case .month: "Tháng \(period.index)/\(period.year)"
        case .quarter: "Quý \(period.index)/\(period.year)"
        case .year: "Năm \(period.year)"
        }
    }

    static func status(_ status: TaskStatus) -> String { ReportLocale.vi.status(status) }

    static func block(_ block: String?) -> String { ReportLocale.vi.block(block) }

    /// The level as the decree writes it, or what stands in its place.
    static func level(_ level: String?) -> String { level ?? "Chưa có điểm" }

    /// A short name for a level in chart legends.
    static func shortLevel(_ level: Level) -> String {
        switch level {
        case .excellent: "Xuất sắc"
        case .good: "Tốt"
        case .completed: "Hoàn thành"
        case .notCompleted: "Không hoàn thành"
        }
    }
}
