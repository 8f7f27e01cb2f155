import BridgeModel
import BridgeScoring

extension ScoreRow {
    /// The stored body of a score: byte for byte what `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`)
    /// writes for `ScoreRow(score)` — the body is the score's fingerprint, so it must not change under stored
    /// scores — but without building `Decimal`s and `Codable` containers, which were three quarters of the cost
    /// of scoring an officer.
    public static func json(_ score: OfficerScore) -> String {
        var out = JSONWriter(capacity: 512)
        let profile = score.profile
        out.open()
        out.key("agency", first: true)
        out.string(profile.agency)
        out.key("assignedTasks")
        out.int(score.assignedTasks)
        out.key("assignedUnits")
        out.number(decimalText(score.assignedUnits))
        out.key("block")
        out.string(profile.block)
        out.key("completedTasks")
        out.int(score.completedTasks)
        out.key("completedUnits")
        out.number(decimalText(score.completedUnits))
        out.key("generalPoints")
        out.number(decimalText(score.generalPoints))
        out.key("level")
        out.string(score.level?.rawValue)
        out.key("name")
        out.string(profile.name)
        out.key("officer")
        out.string(profile.officer)
        out.key("provisional")
        out.bool(score.provisional)
        for (name, value) in [("quality", score.quality), ("quantity", score.quantity)] as [(StaticString, Rational?)] {
            out.key(name)
            if let value { out.number(decimalText(value)) } else { out.literal("null") }
        }
        out.key("sanction")
        out.bool(score.sanction)
        for (name, value) in [("taskPoints", score.taskPoints), ("timeliness", score.timeliness), ("total", score.total)]
            as [(StaticString, Rational?)]
        {
            out.key(name)
            if let value { out.number(decimalText(value)) } else { out.literal("null") }
        }
        out.key("unit")
        out.string(profile.unit)
        out.close()
        return out.text
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
