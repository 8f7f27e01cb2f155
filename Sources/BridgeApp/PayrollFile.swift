import BridgeBonus
import BridgeModel
import BridgeScoring
import Foundation

/// The year's payroll as HR keeps it, a CSV file or an `.xlsx` workbook (docs/bonus.md): officer, unit,
/// coefficient, months. Read whole; the first row that breaks a rule stops the import with the file, the row
/// number and the rule, and nothing of the file is stored.
public enum PayrollFile {
    public static let columns = ["officer", "unit", "coefficient", "months"]

    /// One officer's row as stored: the directory's officer and agency, the coefficient as decimal text (exact).
    public struct Row: Sendable, Hashable, Codable {
        public let officer: String
        public let agency: String
        public let unit: String
        public let coefficient: String
        public let months: [Int]

        public var payroll: PayrollRow {
            PayrollRow(officer: officer, unit: unit, coefficient: Rational(decimal: coefficient) ?? Rational(0), months: months)
        }
    }

    /// The rows of `data`, each officer resolved through `directory` (an id, `namespace:account` or an e-mail).
    public static func read(_ data: Data, file: String, directory: Directory) throws -> [Row] {
        var out: [Row] = []
        var seen: [String: Int] = [:]
        for row in try WorkloadFiles.rows(data, file: file, firstColumn: columns[0]) {
            func fail(_ message: String) -> AppError { AppError("\(file):\(row.number): \(message)") }
            guard row.fields.count == 4 else { throw fail("expected officer,unit,coefficient,months (\(row.fields.count) field(s))") }
            let f = row.fields
            let key = Bridge.officerKey(for: f[0], directory: directory)
            guard let officer = directory.officers[key] else { throw fail("officer '\(f[0])' is not in the directory") }
            guard let agency = officer.agency else { throw fail("officer '\(f[0])' has no agency in the directory") }
            if let first = seen[key] { throw fail("officer \(key) appears twice (row \(first))") }
            seen[key] = row.number
            guard !f[1].isEmpty else { throw fail("unit is empty") }
            if f[2].hasPrefix("-") { throw fail("coefficient '\(f[2])' is negative") }
            guard let coefficient = CSVTable.decimal(f[2]), Rational(0) < (Rational(decimal: coefficient) ?? Rational(0)) else {
                throw fail("coefficient '\(f[2])' is not a number above 0")
            }
            guard let months = Self.months(f[3]) else { throw fail("months '\(f[3])' is not a list of months 1–12 (1-12, 7-12, 1-3|9-12)") }
            out.append(Row(officer: key, agency: agency, unit: f[1].precomposedStringWithCanonicalMapping, coefficient: coefficient, months: months))
        }
        return out
    }

    /// `1-12`, `7-12`, `1-3|9-12`, `3 4 5`: the months paid, each once, sorted; nil for anything else.
    static func months(_ text: String) -> [Int]? {
        var months: Set<Int> = []
        let parts = text.split { "|;, ".contains($0) }
        guard !parts.isEmpty else { return nil }
        for part in parts {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(ends.count), let first = ends.first ?? nil, let last = ends.last ?? nil, 1 <= first, first <= last, last <= 12 else { return nil }
            months.formUnion(first...last)
        }
        return months.sorted()
    }
}
