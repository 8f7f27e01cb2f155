import ArgumentParser
import BridgeApp
import BridgeMapping
import BridgeModel
import BridgePipeline
import Foundation

extension KPIBridgeCommand {
    /// `kpibridge mapping check|test|preview FILE`
    struct Mapping: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lint a mapping, run its examples, or show what a payload becomes.",
            subcommands: [Check.self, Test.self, Preview.self])

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate a mapping and map its examples' inputs; every problem names file:line.")

            @Argument(help: "The mapping file.")
            var file: String

            func run() throws {
                let (spec, problems) = try BridgeCommandLine.run { () -> (MappingSpec, [String]) in
                    let spec = try Bridge.loadMapping(file, shownAs: file)
                    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
                    return (spec, try MappingWorkbench.lint(spec: spec, directory: folder))
                }
                problems.forEach { Console.out($0) }
                if !problems.isEmpty { throw ExitCode.failure }
                Console.out("\(file): ok — \(spec.id) v\(spec.version), \(spec.format.rawValue), rules: \(spec.ruleNames.joined(separator: ", ")), \(spec.examples.count) example(s)")
            }
        }

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Run the examples a mapping carries.")

            @Argument(help: "The mapping file.")
            var file: String

            func run() throws {
                let problems = try BridgeCommandLine.run { () -> [String] in
                    let spec = try Bridge.loadMapping(file, shownAs: file)
                    let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
                    return try MappingWorkbench.runExamples(spec: spec, directory: folder)
                }
                problems.forEach { Console.out($0) }
                if !problems.isEmpty { throw ExitCode.failure }
                Console.out("\(file): examples pass")
            }
        }

        struct Preview: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show the tasks a payload becomes, without storing anything.")

            @Argument(help: "The mapping file.")
            var file: String

            @Option(help: "The payload file.")
            var input: String

            @Option(help: "table, json or csv.")
            var format: OutputFormat = .json

            func run() throws {
                try BridgeCommandLine.run {
                    let spec = try Bridge.loadMapping(file, shownAs: file)
                    let preview = try MappingWorkbench.preview(spec: spec, path: input)
                    if format == .json {
                        // One JSON document: the tasks and the records that would be dead letters.
                        Console.out(try TaskFormatter.json(PreviewJSON(tasks: preview.tasks, deadLetters: preview.failures)))
                    } else {
                        Console.out(try TaskFormatter.render(preview.tasks, as: format))
                        preview.failures.forEach { Console.out("dead letter: \($0)") }
                    }
                }
            }
        }
    }
}

/// `mapping preview --format json`: what a payload becomes, as one valid JSON document.
struct PreviewJSON: Encodable {
    let tasks: [UnifiedTask]
    let deadLetters: [String]
}
