import Foundation

/// The string functions of an expression, applied in this order: `replace` (every match of a regular expression
/// by a text), `split` (one part of the text cut at a separator; negative parts count from the end), `capture`
/// (a group of a regular expression's first match), `substring` (characters from an offset), `pad` (on the left
/// to a width). A part, group or substring that is not there gives no value — for `split` and `capture` that is
/// how a record says "not this shape".
struct TextFunctions: Sendable {
    /// A compiled regular expression, shared read-only by the mapping threads (the standard library compiles
    /// its program once, behind an atomic, on first use).
    struct Pattern: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    struct Replace: Sendable {
        let pattern: Pattern
        let with: String
    }

    struct Split: Sendable {
        let separator: String
        let part: Int
    }

    struct Capture: Sendable {
        let pattern: Pattern
        let group: Int
    }

    var replace: Replace? { didSet { update() } }
    var split: Split? { didSet { update() } }
    var capture: Capture? { didSet { update() } }
    var substring: (from: Int, length: Int?)? { didSet { update() } }
    var pad: (width: Int, with: Character)? { didSet { update() } }

    /// No function at all: kept as each is set, not worked out per value (comparing the optional functions with
    /// nil copied each of them, regular expressions included, for every value a mapping read).
    private(set) var isEmpty = true

    /// No functions; they are set one by one (so `isEmpty` follows them).
    init() {}

    private mutating func update() {
        isEmpty = replace == nil && split == nil && capture == nil && substring == nil && pad == nil
    }

    func apply(_ value: String, failure: (String, RecordFailure.Kind) -> RecordFailure) throws -> String? {
        var text = value
        if let replace { text = text.replacing(replace.pattern.regex, with: replace.with) }
        if let split {
            let parts = text.components(separatedBy: split.separator)
            let index = split.part < 0 ? parts.count + split.part : split.part
            guard parts.indices.contains(index) else { return nil }
            text = parts[index]
        }
        if let capture {
            guard let match = text.firstMatch(of: capture.pattern.regex), capture.group < match.output.count,
                let group = match.output[capture.group].substring
            else { return nil }
            text = String(group)
        }
        if let substring {
            let characters = Array(text)
            guard substring.from < characters.count else { return nil }
            let end = substring.length.map { min(characters.count, substring.from + $0) } ?? characters.count
            text = String(characters[substring.from..<end])
        }
        if let pad, text.count < pad.width { text = String(repeating: pad.with, count: pad.width - text.count) + text }
        return text.isEmpty ? nil : text
    }
}
