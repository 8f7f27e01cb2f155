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
            subcommands: [Check.self, Test.self, Preview.self, New.self])

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
                Console.out("\(file): ok — \(spec.id) v\(spec.version)\(spec.summary.map { " (\($0))" } ?? ""), \(spec.format.rawValue), rules: \(spec.ruleNames.joined(separator: ", ")), \(spec.examples.count) example(s)")
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

extension KPIBridgeCommand.Mapping {
    /// `kpibridge mapping new --from-sample page.json [--id ID] [--output FILE]`
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a mapping from a sample JSON page: likely fields, date patterns, status words, for a person to finish.")

        @Option(help: "A sample page of the tool (JSON).")
        var fromSample: String

        @Option(help: "The mapping's id (letters, digits, - and _).")
        var id = "new-tool"

        @Option(help: "Write the draft to this file (never overwritten) instead of standard output.")
        var output: String?

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ValidationError("--id has letters, digits, - and _ only")
            }
        }

        func run() throws {
            try BridgeCommandLine.run {
                guard let data = FileManager.default.contents(atPath: fromSample) else { throw AppError("\(fromSample): cannot be read") }
                let draft = try MappingDraft.draft(sample: data, id: id, file: fromSample)
                guard let output else { return Console.out(draft) }
                guard !FileManager.default.fileExists(atPath: output) else { throw AppError("\(output) exists already: a draft never overwrites a file") }
                try PrivateFile.write(draft, to: output, mode: 0o644)
                Console.out("wrote \(output): check every TODO, then kpibridge mapping check \(output)")
            }
        }
    }
}

/// `mapping preview --format json`: what a payload becomes, as one valid JSON document.
struct PreviewJSON: Encodable {
    let tasks: [UnifiedTask]
    let deadLetters: [String]
}
