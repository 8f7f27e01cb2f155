import BridgeModel
import Foundation

/// Faults the simulator injects into how it serves (never into the data), each with a probability per request:
/// `500:0.05,429:0.02,slow:0.01,truncate:0.01,dup:0.02,reorder:0.02,reset:0.01`. Hostile ones, for proving the
/// bridge's defences: `trickle` (one byte every 200 ms), `endless` (a chunked body that never ends), `html` (a
/// 200 HTML login page), `loop` (a redirect to itself), `away` (a redirect to another host).
public struct FaultPlan: Sendable, Hashable {
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        case serverError = "500", tooMany = "429", slow, truncate, dup, reorder, reset
        case trickle, endless, html, loop, away
    }

    public private(set) var probabilities: [Fault: Double] = [:]

    public init() {}

    /// Faults that each replace the whole answer: a request can be given one of them only.
    static let answers: [Fault] = [.serverError, .tooMany, .reset, .endless, .html, .loop, .away]

    /// Parses the `--faults` form; the error names the bad part. A fault named twice, or answer-replacing faults
    /// whose probabilities add up to more than 1, are refused: they cannot all be what they say.
    public init(_ spec: String) throws {
        for part in spec.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let fault = Fault(rawValue: pieces[0].trimmingCharacters(in: .whitespaces)),
                let p = Double(pieces[1].trimmingCharacters(in: .whitespaces)), (0...1).contains(p)
            else {
                throw SimulatorError("--faults: '\(part)' is not FAULT:PROBABILITY with FAULT one of \(Fault.allCases.map(\.rawValue).joined(separator: ", ")) and PROBABILITY from 0 to 1")
            }
            guard probabilities[fault] == nil else { throw SimulatorError("--faults: '\(fault.rawValue)' is given twice") }
            probabilities[fault] = p
        }
        let replacing = Self.answers.filter { probabilities[$0] != nil }
        let total = replacing.reduce(0) { $0 + probabilities[$1]! }
        guard total <= 1 + 1e-9 else {
            throw SimulatorError("--faults: \(replacing.map(\.rawValue).joined(separator: ", ")) each replace the whole answer; their probabilities add up to \(total), more than 1")
        }
    }

    /// The faults that strike one request, drawn from `random`.
    func draw(_ random: inout SeededGenerator) -> Set<Fault> {
        var hit = Set<Fault>()
        for fault in Fault.allCases {
            let p = probabilities[fault] ?? 0
            if p > 0, Double.random(in: 0..<1, using: &random) < p { hit.insert(fault) }
        }
        return hit
    }
}

/// A simulator misuse, in one line.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
