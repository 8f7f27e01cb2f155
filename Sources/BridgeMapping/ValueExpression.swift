import BridgeModel
import Foundation

/// How a mapping computes one value from a record: a source, then transformations in a fixed order
/// (trim → NFC → case → value map → default → required), then a date reading for time fields.
struct ValueExpression: Sendable {
    indirect enum Source: Sendable {
        case path(SourcePath, Pick)
        case constant(String)
        case concat([ValueExpression])
        case first([ValueExpression])
    }

    enum Pick: String, Sendable {
        case first, last
    }

    var source: Source
    var trim = true
    var nfc = true
    var lower = false
    var upper = false
    /// Source value → result; a nil result means "recorded, no value". Unlisted values follow `mapElse`.
    var map: [String: String?]?
    /// What an unlisted value becomes (`else:`): an error (the default), itself (`keep`), or a value (nil: none,
    /// so `default` applies) — a vendor's new code then falls back instead of dead-lettering every record.
    var mapElse: MapFallback = .fail
    /// String functions, applied after case and before the value map, in this order.
    var text: TextFunctions = TextFunctions()

    enum MapFallback: Sendable, Equatable {
        case fail
        case keep
        case value(String?)
    }
    var defaultValue: String?
    var required = false
    var conditions: [Condition] = []
    var dates: [DatePatternParser] = []
    var endOfDay = false
    var offsetSeconds = VietnamTime.offsetSeconds
    /// Where the expression stands in the mapping, for errors.
    var place: String
    var line: Int?

    func failure(_ message: String, _ kind: RecordFailure.Kind = .mapping) -> RecordFailure {
        RecordFailure(kind, place: place, line: line, message: message)
    }

    /// The text value, after every transformation; nil when absent and not required.
    func string(in context: PathContext) throws -> String? {
        guard conditions.allSatisfy({ $0.holds(in: context) }) else { return nil }
        var value = try raw(in: context)
        if trim, let v = value {
            let t = TextFold.trimmed(v)
            value = t.isEmpty ? nil : t
        }
        if nfc, let v = value { value = NFC.normalized(v) }
        if lower { value = value?.lowercased() }
        if upper { value = value?.uppercased() }
        if !text.isEmpty, let v = value { value = try text.apply(v, failure: failure) }
        if let map, let v = value {
            if let mapped = map[v] {
                value = mapped
                if value == nil { return nil }
            } else {
                switch mapElse {
                case .fail: throw failure("value '\(v)' is not in the value map (\(map.keys.sorted().joined(separator: ", ")); else: keep or a value accepts others)")
                case .keep: break
                case .value(let fallback): value = fallback
                }
            }
        }
        if value == nil { value = defaultValue }
        if value == nil, required { throw failure("no value at \(describeSource())") }
        return value
    }

    private func raw(in context: PathContext) throws -> String? {
        switch source {
        case .constant(let text):
            return text
        case .path(let path, let pick):
            if pick == .first, path.isChain { return path.firstText(in: context) }
            let texts = path.evaluate(in: context).compactMap(\.text)
            return pick == .first ? texts.first : texts.last
        case .concat(let parts):
            var out = ""
            for part in parts {
                guard let text = try part.string(in: context) else { return nil }
                out += text
            }
            return out
        case .first(let options):
            for option in options {
                if let text = try option.string(in: context) { return text }
            }
            return nil
        }
    }

    func describeSource() -> String {
        switch source {
        case .path(let path, _): return path.description
        case .constant(let text): return "'\(text)'"
        case .concat(let parts): return "concat(" + parts.map { $0.describeSource() }.joined(separator: ", ") + ")"
        case .first(let parts): return "first(" + parts.map { $0.describeSource() }.joined(separator: ", ") + ")"
        }
    }

    /// The value read as an instant with the declared date patterns (date-only: start or end of day).
    func time(in context: PathContext) throws -> Timestamp? {
        guard let text = try string(in: context) else { return nil }
        for pattern in dates {
            if pattern.hasTime {
                if let t = pattern.parse(text, defaultOffsetSeconds: offsetSeconds) { return try checked(t, text) }
            } else if let day = pattern.parseDay(text) {
                let t = endOfDay
                    ? VietnamTime.endOfDay(day, offsetSeconds: offsetSeconds)
                    : VietnamTime.startOfDay(day, offsetSeconds: offsetSeconds)
                return try checked(t, text)
            }
        }
        throw dateFailure(text)
    }

    /// A text no pattern reads: an impossible date when one pattern's shape fits it, else the patterns expected.
    func dateFailure(_ text: String) -> RecordFailure {
        if let problem = dates.lazy.compactMap({ $0.problem(with: text) }).first { return failure(problem) }
        return failure("'\(text)' does not match date format \(dates.map(\.description).joined(separator: " or "))")
    }

    /// The value read as a calendar day.
    func day(in context: PathContext) throws -> CalendarDay? {
        guard let text = try string(in: context) else { return nil }
        for pattern in dates {
            if let day = pattern.parseDay(text) {
                _ = try checked(VietnamTime.startOfDay(day), text)
                return day
            }
        }
        throw dateFailure(text)
    }

    /// The value read as a whole number.
    func int(in context: PathContext) throws -> Int? {
        guard let text = try string(in: context) else { return nil }
        guard let value = Int(text) else { throw failure("'\(text)' is not a whole number", .validation) }
        return value
    }

    /// Dates outside 1990…2100 are typing errors in the source, not real deadlines.
    private func checked(_ time: Timestamp, _ text: String) throws -> Timestamp {
        let year = time.day().year
        guard (1990...2100).contains(year) else {
            throw failure("date '\(text)' is outside 1990–2100", .validation)
        }
        return time
    }
}
