import BridgeModel
import BridgeScoring
import Foundation

/// Charts as inline SVG, drawn by the server (the machines that run the bridge have no internet, so no chart
/// library from a CDN). Presentation attributes only, never `style=`, so the page's content security policy
/// holds. Pure: the same rows give the same text.
enum WebChart {
    /// The colour of each level, the same in every chart and legend.
    static func colour(_ level: Level) -> String {
        switch level {
        case .excellent: "#1b7f3b"
        case .good: "#5aa469"
        case .completed: "#e0b040"
        case .notCompleted: "#c0392b"
        }
    }

    /// One stacked bar per row: the share of its officers at each level, the count written at the bar's end.
    static func levelBars(_ rows: [(label: String, counts: [Level: Int])], title: String) -> String {
        let rowHeight = 26, labelWidth = 190, barWidth = 360, width = labelWidth + barWidth + 70
        let height = rows.count * rowHeight + 34
        var svg = header(width: width, height: height, title: title)
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            let total = row.counts.values.reduce(0, +)
            svg += ##"<text x="0" y="\##(y + 15)" font-size="12">\##(escape(clipped(row.label, 30)))</text>"##
            var x = Double(labelWidth)
            for level in Level.allCases {
                let n = row.counts[level] ?? 0
                guard n > 0, total > 0 else { continue }
                let w = Double(barWidth) * Double(n) / Double(total)
                svg += ##"<rect x="\##(fixed(x))" y="\##(y)" width="\##(fixed(w))" height="20" fill="\##(colour(level))">"##
                svg += "<title>\(escape(row.label)): \(escape(level.rawValue)) \(n)/\(total)</title></rect>"
                x += w
            }
            if total == 0 {
                svg += ##"<rect x="\##(labelWidth)" y="\##(y)" width="\##(barWidth)" height="20" fill="#eeeeee"/>"##
            }
            svg += ##"<text x="\##(labelWidth + barWidth + 6)" y="\##(y + 15)" font-size="12">\##(WebFormat.count(total))</text>"##
        }
        svg += legend(y: rows.count * rowHeight + 10)
        return svg + "</svg>"
    }

    /// A line through the average total of each month (0–100), with the decree's thresholds as dashed lines;
    /// a month without scores leaves a gap.
    static func trend(_ points: [(label: String, value: Double?)], title: String, thresholds: [Double] = [50, 70, 90]) -> String {
        let width = 640, height = 220, left = 36, right = 12, top = 10, bottom = 30
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        func y(_ v: Double) -> Double { Double(top) + plotH * (1 - min(max(v, 0), 100) / 100) }
        func x(_ i: Int) -> Double { Double(left) + (points.count > 1 ? plotW * Double(i) / Double(points.count - 1) : plotW / 2) }
        var svg = header(width: width, height: height, title: title)
        for t in [0.0, 50, 100] {
            svg += ##"<text x="\##(left - 4)" y="\##(fixed(y(t) + 4))" font-size="10" text-anchor="end">\##(Int(t))</text>"##
        }
        for t in thresholds {
            svg += ##"<line x1="\##(left)" x2="\##(width - right)" y1="\##(fixed(y(t)))" y2="\##(fixed(y(t)))" stroke="#bbbbbb" stroke-dasharray="4 3"/>"##
        }
        svg += ##"<line x1="\##(left)" x2="\##(width - right)" y1="\##(fixed(y(0)))" y2="\##(fixed(y(0)))" stroke="#888888"/>"##
        var segments: [[(Double, Double)]] = [[]]
        for (i, point) in points.enumerated() {
            svg += ##"<text x="\##(fixed(x(i)))" y="\##(height - 10)" font-size="10" text-anchor="middle">\##(escape(point.label))</text>"##
            guard let value = point.value else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            segments[segments.count - 1].append((x(i), y(value)))
            svg += ##"<circle cx="\##(fixed(x(i)))" cy="\##(fixed(y(value)))" r="3" fill="#1f5fa8"><title>\##(escape(point.label)): \##(WebFormat.number(Decimal(value)))</title></circle>"##
        }
        for segment in segments where segment.count > 1 {
            let path = segment.map { "\(fixed($0.0)),\(fixed($0.1))" }.joined(separator: " ")
            svg += ##"<polyline points="\##(path)" fill="none" stroke="#1f5fa8" stroke-width="2"/>"##
        }
        return svg + "</svg>"
    }

    /// One bar per row: its on-time rate (0–100 %), green at or above the target and red below, the target as a
    /// dashed vertical line; a row with nothing counted is grey and says so.
    static func rateBars(
        _ rows: [(label: String, rate: Double?)], target: Double, title: String, lineLabel: String? = nil, fill: ((Double) -> String)? = nil
    ) -> String {
        let rowHeight = 26, labelWidth = 190, barWidth = 360, width = labelWidth + barWidth + 70
        let height = rows.count * rowHeight + 24
        var svg = header(width: width, height: height, title: title)
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            svg += ##"<text x="0" y="\##(y + 15)" font-size="12">\##(escape(clipped(row.label, 30)))</text>"##
            svg += ##"<rect x="\##(labelWidth)" y="\##(y)" width="\##(barWidth)" height="20" fill="#eeeeee"/>"##
            guard let rate = row.rate else {
                svg += ##"<text x="\##(labelWidth + barWidth + 6)" y="\##(y + 15)" font-size="12">—</text>"##
                continue
            }
            let colour = fill?(rate) ?? (rate >= target ? "#1b7f3b" : "#c0392b")
            svg += ##"<rect x="\##(labelWidth)" y="\##(y)" width="\##(fixed(Double(barWidth) * min(max(rate, 0), 1)))" height="20" fill="\##(colour)">"##
            svg += "<title>\(escape(row.label)): \(escape(WebFormat.percent(rate)))</title></rect>"
            svg += ##"<text x="\##(labelWidth + barWidth + 6)" y="\##(y + 15)" font-size="12">\##(escape(WebFormat.percent(rate)))</text>"##
        }
        let x = fixed(Double(labelWidth) + Double(barWidth) * target)
        svg += ##"<line x1="\##(x)" x2="\##(x)" y1="0" y2="\##(rows.count * rowHeight + 4)" stroke="#1d2733" stroke-dasharray="4 3"/>"##
        svg += ##"<text x="\##(x)" y="\##(height - 4)" font-size="11" text-anchor="middle">\##(escape(lineLabel ?? "mục tiêu \(WebFormat.percent(target))"))</text>"##
        return svg + "</svg>"
    }

    /// Two bars per row — what a unit has (grey) and what it needs (blue) — on one scale, the numbers written at
    /// the ends.
    static func pairBars(_ rows: [(label: String, have: Double?, need: Double)], title: String, haveLabel: String, needLabel: String) -> String {
        let rowHeight = 34, labelWidth = 190, barWidth = 360, width = labelWidth + barWidth + 70
        let height = rows.count * rowHeight + 24
        let top = max(1, rows.map { max($0.have ?? 0, $0.need) }.max() ?? 1)
        var svg = header(width: width, height: height, title: title)
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            svg += ##"<text x="0" y="\##(y + 18)" font-size="12">\##(escape(clipped(row.label, 30)))</text>"##
            for (offset, value, colour, name) in [(0, row.have, "#9aa5b1", haveLabel), (14, Optional(row.need), "#1f5fa8", needLabel)] {
                guard let value else { continue }
                svg += ##"<rect x="\##(labelWidth)" y="\##(y + offset)" width="\##(fixed(Double(barWidth) * value / top))" height="12" fill="\##(colour)">"##
                svg += "<title>\(escape(row.label)): \(escape(name)) \(escape(WebFormat.number(Decimal(value), places: 2)))</title></rect>"
                svg += ##"<text x="\##(labelWidth + barWidth + 6)" y="\##(y + offset + 11)" font-size="11">\##(escape(WebFormat.number(Decimal(value), places: 2)))</text>"##
            }
        }
        svg += ##"<rect x="0" y="\##(height - 14)" width="12" height="12" fill="#9aa5b1"/><text x="16" y="\##(height - 4)" font-size="11">\##(escape(haveLabel))</text>"##
        svg += ##"<rect x="160" y="\##(height - 14)" width="12" height="12" fill="#1f5fa8"/><text x="176" y="\##(height - 4)" font-size="11">\##(escape(needLabel))</text>"##
        return svg + "</svg>"
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" width="100%" role="img" aria-label="\##(escape(title))"><title>\##(escape(title))</title>"##
    }

    private static func legend(y: Int) -> String {
        var x = 0
        var svg = ""
        for level in Level.allCases {
            let name = WebFormat.shortLevel(level)
            svg += ##"<rect x="\##(x)" y="\##(y)" width="12" height="12" fill="\##(colour(level))"/>"##
            svg += ##"<text x="\##(x + 16)" y="\##(y + 11)" font-size="11">\##(escape(name))</text>"##
            x += 28 + name.count * 7
        }
        return svg
    }

    private static func clipped(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
