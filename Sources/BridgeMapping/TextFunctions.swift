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

    var replace: Replace?
    var split: Split?
    var capture: Capture?
    var substring: (from: Int, length: Int?)?
    var pad: (width: Int, with: Character)?

    var isEmpty: Bool { replace == nil && split == nil && capture == nil && substring == nil && pad == nil }

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
