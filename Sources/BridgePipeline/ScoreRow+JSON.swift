import BridgeModel
import BridgeParsing
import Foundation
import BridgeScoring

extension ScoreRow {
    /// The stored body of a score: byte for byte what `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`)
    /// writes for `ScoreRow(score)` — a closed period keeps it as written — but without building `Decimal`s and `Codable` containers, which were three quarters of the cost
    /// of scoring an officer.
    public static func json(_ score: OfficerScore) -> String {
        var out = JSONWriter(capacity: 512)
        out.open()
        for (index, (name, field)) in fields(score).enumerated() {
            out.key(name, first: index == 0)
            switch field {
            case .text(let text): out.string(text)
            case .int(let number): out.int(number)
            case .bool(let value): out.bool(value)
            case .number(let value?): out.number(decimalText(value))
            case .number(nil): out.literal("null")
            }
        }
        out.close()
        return out.text
    }

    /// The score's numbers without who the officer is: equal fingerprints mean numbers that did not move, so a
    /// renamed officer or a unit renamed in the directory is no adjustment of a closed period. Every key of the
    /// stored body but the presentation ones (`agency`, `block`, `name`, `officer`, `unit`), as
    /// `numbers key=value;…` in key order, each value as the body writes it.
    public static func fingerprint(_ score: OfficerScore) -> String {
        fingerprint(fields(score).compactMap { name, field in
            let key = "\(name)"
            guard !presentationKeys.contains(key) else { return nil }
            switch field {
            case .text(let text): return (key, text ?? "null")
            case .int(let number): return (key, String(number))
            case .bool(let value): return (key, value ? "true" : "false")
            case .number(let value): return (key, value.map(decimalText) ?? "null")
            }
        })
    }

    /// The fingerprint of a stored body (the JSON `json(_:)` wrote): the same text `fingerprint(_:)` gives for the
    /// score that body was written from. Reads fingerprints kept in an older form again.
    public static func fingerprint(ofBody body: String) throws -> String {
        let document = try JSONReader.parse(Data(body.utf8))
        guard document.root.kind == .object else { throw PipelineError("a stored score body is not a JSON object") }
        return fingerprint(document.root.children.compactMap { node in
            presentationKeys.contains(node.name) ? nil : (node.name, node.text ?? "null")
        }.sorted { $0.0 < $1.0 })
    }

    /// Fingerprints start with this word; an older ledger's fingerprints (the whole body) start with `{`.
    public static let fingerprintPrefix = "numbers "

    private static let presentationKeys: Set<String> = ["agency", "block", "name", "officer", "unit"]

    private static func fingerprint(_ values: [(String, String)]) -> String {
        fingerprintPrefix + values.map { "\($0)=\($1)" }.joined(separator: ";")
    }

    /// Every key of the stored body with its value, in `.sortedKeys` order.
    private static func fields(_ score: OfficerScore) -> [(StaticString, Field)] {
        let p = score.profile
        return [
            ("agency", .text(p.agency)), ("assignedTasks", .int(score.assignedTasks)), ("assignedUnits", .number(score.assignedUnits)),
            ("block", .text(p.block)), ("completedTasks", .int(score.completedTasks)), ("completedUnits", .number(score.completedUnits)),
            ("generalPoints", .number(score.generalPoints)), ("level", .text(score.level?.rawValue)), ("name", .text(p.name)),
            ("officer", .text(p.officer)), ("provisional", .bool(score.provisional)), ("quality", .number(score.quality)),
            ("quantity", .number(score.quantity)), ("sanction", .bool(score.sanction)), ("taskPoints", .number(score.taskPoints)),
            ("timeliness", .number(score.timeliness)), ("total", .number(score.total)), ("unit", .text(p.unit)),
        ]
    }

    /// One value of the stored body; every key is written, `null` where there is no value.
    private enum Field {
        case text(String?)
        case int(Int)
        case bool(Bool)
        case number(Rational?)
    }

    /// A number rounded half-even to 6 decimals and written as `Decimal` writes itself: no trailing zeros after
    /// the point, no point when nothing follows it (`12.500000` → `12.5`, `3.000000` → `3`).
    public static func decimalText(_ value: Rational) -> String {
        var text = Array(value.rounded(places: 6).utf8)
        guard text.contains(UInt8(ascii: ".")) else { return String(decoding: text, as: UTF8.self) }
        while text.last == UInt8(ascii: "0") { text.removeLast() }
        if text.last == UInt8(ascii: ".") { text.removeLast() }
        if text == Array("-0".utf8) { return "0" }
        return String(decoding: text, as: UTF8.self)
    }
}
