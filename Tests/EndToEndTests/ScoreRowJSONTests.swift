import BridgeLedger
import BridgeModel
import BridgePipeline
import BridgeScoring
import BridgeSimulator
import Foundation
import Testing

/// A stored score's body is its fingerprint: the hand-written body must be exactly what `JSONEncoder` wrote
/// for `ScoreRow`, or every stored score would look changed (and every closed period adjusted) after an upgrade.
struct ScoreRowJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test func numbersAreWrittenAsDecimalWritesThem() throws {
        var g = SeededGenerator(seed: 11)
        var values = [Rational(0), Rational(1), Rational(-1), Rational(1, 3), Rational(-2, 3), Rational(1, 2_000_000),
                      Rational(-1, 2_000_000), Rational(3, 2_000_000), Rational(100), Rational(12345678, 7)]
        for _ in 0..<3_000 {
            let denominator = Int128([1, 2, 3, 4, 7, 10, 100, 1_000_000, 3_000_000].randomElement(using: &g)!)
            values.append(Rational(Int128(Int.random(in: -2_000_000_000...2_000_000_000, using: &g)), denominator))
        }
        for value in values {
            let decimal = Decimal(string: value.rounded(places: 6), locale: Locale(identifier: "en_US_POSIX"))!
            let expected = String(decoding: try Self.encoder.encode([decimal]), as: UTF8.self)
            #expect("[\(ScoreRow.decimalText(value))]" == expected, "\(value.rounded(places: 6))")
        }
    }

    @Test func storedBodiesAreWhatJSONEncoderWritesForEveryOfficerOfASimulatedProvince() throws {
        let tasks = SimulatorTruth.tasks(SimulatedWorld(scale: 300, seed: 5))
        let book = ScoreBook(scorer: Scorer(catalog: ProductCatalog(products: ["Công văn": .init(coefficient: Rational(decimal: "1.5")!)])))
        var byOfficer: [String: [UnifiedTask]] = [:]
        for task in tasks { for officer in Set(book.officers(of: task)) { byOfficer[officer, default: []].append(task) } }
        var g = SeededGenerator(seed: 12)
        var checked = 0
        for period in ["2026-03", "2026-04", "2026-Q2", "2026"].compactMap(Period.init) {
            // Some officers with an entered assessment: general points, sanctions, and an assessment without tasks.
            var assessments: [String: StoredAssessment] = [:]
            for officer in byOfficer.keys.sorted().prefix(40) where Bool.random(using: &g) {
                let points = ["27.5", "30", "0", "12.345", nil].randomElement(using: &g)!
                assessments[officer] = StoredAssessment(officer: officer, period: period.description, generalPoints: points, sanction: Bool.random(using: &g))
            }
            assessments["nobody-with-tasks"] = StoredAssessment(officer: "nobody-with-tasks", period: period.description, generalPoints: "20", sanction: false)
            let scores = book.report(period: period, tasksByOfficer: byOfficer, assessments: assessments, at: Timestamp(iso8601: "2026-06-30T12:00:00+07:00")!)
            for score in scores {
                #expect(ScoreRow.json(score) == String(decoding: try Self.encoder.encode(ScoreRow(score)), as: UTF8.self))
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}
