import BridgeLedger
import BridgeScoring
import Foundation

/// Reads the CSV that `kpibridge assess import` takes: `officer,period,general_points,sanction`.
public enum AssessmentFile {
    /// Every row, validated; the first bad row stops the import with its line number.
    public static func parse(_ text: String, file: String) throws -> [StoredAssessment] {
        var out: [StoredAssessment] = []
        var seen = Set<String>()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.first?.lowercased() == "officer" { continue }  // the header row
            func fail(_ message: String) -> AppError { AppError("\(file):\(index + 1): \(message)") }
            guard fields.count == 4 else { throw fail("expected 4 fields (officer,period,general_points,sanction), found \(fields.count)") }
            let officer = fields[0].precomposedStringWithCanonicalMapping
            guard !officer.isEmpty else { throw fail("officer is empty") }
            guard let period = Period(fields[1]) else { throw fail("'\(fields[1])' is not a period (2026-03, 2026-Q1, 2026)") }
            var points: String?
            if !fields[2].isEmpty {
                guard let value = Rational(decimal: fields[2]), !(value < .zero), !(Rational(30) < value) else {
                    throw fail("general_points '\(fields[2])' is not a number from 0 to 30")
                }
                points = fields[2]
            }
            let sanction: Bool
            switch fields[3].lowercased() {
            case "", "0", "no", "false", "không": sanction = false
            case "1", "yes", "true", "có": sanction = true
            default: throw fail("sanction '\(fields[3])' is not yes/no")
            }
            guard seen.insert("\(officer) \(period)").inserted else { throw fail("\(officer) \(period) appears twice") }
            out.append(StoredAssessment(officer: officer, period: period.description, generalPoints: points, sanction: sanction))
        }
        return out
    }
}
