import BridgeLedger
import BridgeModel
import BridgeScoring
import Foundation

/// Reads the CSV that `kpibridge assess import` takes: `officer,period,general_points,sanction`, as Excel saves
/// it too (byte-order mark, `;` between fields, a decimal comma: `"28,5"` or `28,5` in a `;` file).
public enum AssessmentFile {
    /// Every row, validated against `maxGeneralPoints` (the policy's maximum); the first bad row stops the import
    /// with its row number (the line, unless a quoted field spans lines).
    public static func parse(_ data: Data, file: String, maxGeneralPoints: Rational = Rational(30)) throws -> [StoredAssessment] {
        var out: [StoredAssessment] = []
        var seen = Set<String>()
        for row in try CSVTable.read(data, file: file) {
            let fields = row.fields
            if fields.first?.lowercased() == "officer" { continue }  // the header row
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            guard fields.count == 4 else { throw fail("expected 4 fields (officer,period,general_points,sanction), found \(fields.count)") }
            let sanction: Bool
            switch fields[3].lowercased() {
            case "", "0", "no", "false", "không": sanction = false
            case "1", "yes", "true", "có": sanction = true
            default: throw fail("sanction '\(fields[3])' is not yes/no")
            }
            let item: StoredAssessment
            do {
                item = try validated(officer: fields[0], period: fields[1], generalPoints: fields[2], sanction: sanction, maxGeneralPoints: maxGeneralPoints)
            } catch {
                throw fail(error.message)
            }
            let (officer, period) = (item.officer, item.period)
            guard seen.insert("\(officer) \(period)").inserted else { throw fail("\(officer) \(period) appears twice") }
            out.append(item)
        }
        return out
    }

    /// One assessment checked, from a CSV row or an API request: the officer not empty (NFC), the period one the
    /// bridge scores, the general points (a decimal point or comma; empty: none) from 0 to the maximum.
    public static func validated(
        officer: String, period: String, generalPoints: String?, sanction: Bool, maxGeneralPoints: Rational
    ) throws(AppError) -> StoredAssessment {
        let officer = officer.precomposedStringWithCanonicalMapping
        guard !officer.isEmpty else { throw AppError("officer is empty") }
        guard let parsed = Period(period) else { throw AppError("'\(period)' is not a period (2026-03, 2026-Q1, 2026)") }
        var points: String?
        if let text = generalPoints, !text.isEmpty {
            guard let decimal = CSVTable.decimal(text), let value = Rational(decimal: decimal), !(value < .zero), !(maxGeneralPoints < value) else {
                throw AppError("general_points '\(text)' is not a number from 0 to \(maxGeneralPoints.plain)")
            }
            points = decimal
        }
        return StoredAssessment(officer: officer, period: parsed.description, generalPoints: points, sanction: sanction)
    }
}
