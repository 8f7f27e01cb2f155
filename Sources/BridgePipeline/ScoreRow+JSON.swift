import BridgeModel
import BridgeScoring

extension ScoreRow {
    /// The stored body of a score: byte for byte what `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`)
    /// writes for `ScoreRow(score)` — the body is the score's fingerprint, so it must not change under stored
    /// scores — but without building `Decimal`s and `Codable` containers, which were three quarters of the cost
    /// of scoring an officer.
    public static func json(_ score: OfficerScore) -> String {
        let p = score.profile
        let fields: [(StaticString, Field)] = [  // in `.sortedKeys` order
            ("agency", .text(p.agency)), ("assignedTasks", .int(score.assignedTasks)), ("assignedUnits", .number(score.assignedUnits)),
            ("block", .text(p.block)), ("completedTasks", .int(score.completedTasks)), ("completedUnits", .number(score.completedUnits)),
            ("generalPoints", .number(score.generalPoints)), ("level", .text(score.level?.rawValue)), ("name", .text(p.name)),
            ("officer", .text(p.officer)), ("provisional", .bool(score.provisional)), ("quality", .number(score.quality)),
            ("quantity", .number(score.quantity)), ("sanction", .bool(score.sanction)), ("taskPoints", .number(score.taskPoints)),
            ("timeliness", .number(score.timeliness)), ("total", .number(score.total)), ("unit", .text(p.unit)),
        ]
        var out = JSONWriter(capacity: 512)
        out.open()
        for (index, (name, field)) in fields.enumerated() {
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
