import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraTasks

/// `tessera tasks`: the built-in tasks, as they declare themselves.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the built-in tasks.")

    @Flag(help: "One JSON object per task.")
    var json = false

    func run() {
        let catalogue = Catalogue.builtIn
        for task in catalogue.tasks {
            let algorithms = catalogue.algorithms(for: task).map(\.name)
            if json {
                print(CatalogueJSON.line([
                    "name": task.name, "summary": task.summary, "reference": task.reference, "genome": task.genome.rawValue,
                    "default_dims": task.defaultDimension, "minimum_dims": task.minimumDimension,
                    "descriptors": task.descriptorDimension, "qd_score_offset": task.qdScoreOffset, "algorithms": algorithms,
                    "maximum_dims": task.maximumDimension ?? NSNull(), "solved_above": task.solvedAbove ?? NSNull(),
                    "options": task.options.map { ["flag": $0.setting.flag, "key": $0.setting.key, "kind": $0.kind.rawValue,
                                                   "help": $0.help, "default": $0.describe($0.defaultValue(for: task))] },
                ]))
            } else {
                print("\(task.name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(task.summary) [default --dims \(task.defaultDimension)]")
                print("            \(task.genome.rawValue) genomes; from \(task.reference); algorithms: \(algorithms.joined(separator: ", "))")
                if !task.options.isEmpty {
                    print("            options: " + task.options.map { "\($0.setting.flag) \($0.describe($0.defaultValue(for: task)))" }
                        .joined(separator: ", "))
                }
            }
        }
        for domain in TextDomain.builtIn {
            let axes = domain.axes.map { "\($0.name) (\($0.binCount) bins)" }
            if json {
                print(CatalogueJSON.line([
                    "name": domain.name, "summary": domain.summary, "reference": TextAlgorithms.paper, "genome": "text",
                    "axes": axes, "seeds": domain.seeds.count, "algorithms": TextRunConfiguration.algorithmNames,
                ]))
            } else {
                print("\(domain.name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(domain.summary) [text domain]")
                print("            text genomes; axes: \(axes.joined(separator: ", ")); algorithms: "
                      + TextRunConfiguration.algorithmNames.joined(separator: ", ") + "; needs --llm-url")
            }
        }
        if json {
            print(CatalogueJSON.line([
                "name": DiffusionRunConfiguration.mixtureTask, "summary": DiffusionAlgorithms.taskSummary, "reference": DiffusionAlgorithms.paper,
                "genome": "real", "default_dims": 16, "minimum_dims": GaussianMixtureDiffusion.modeCount,
                "maximum_dims": GaussianMixtureDiffusion.maximumDimension, "rewards": MixtureReward.allCases.map(\.rawValue),
                "algorithms": DiffusionRunConfiguration.algorithmNames,
            ]))
        } else {
            print("\(DiffusionRunConfiguration.mixtureTask) \(DiffusionAlgorithms.taskSummary) [default --dims 16]")
            print("            real genomes (the outputs); rewards: \(MixtureReward.allCases.map(\.rawValue).joined(separator: ", ")); algorithms: "
                  + DiffusionRunConfiguration.algorithmNames.joined(separator: ", ") + "; or a denoising server with --generator URL")
        }
    }
}

/// The EvoSearch algorithms as the listings show them.
enum DiffusionAlgorithms {
    static let paper = "He et al., Scaling Image and Video Generation via Test-Time Evolutionary Search, 2025"
    static let taskSummary = "exact diffusion model of an 8-mode Gaussian mixture (SD 2.1 schedule, 50 DDIM steps), searched for a reward"
    static let summaries: [EvoSearchAlgorithm: String] = [
        .evoSearch: "EvoSearch: evolves the initial noise and intermediate latents of a denoising trajectory, at the budget of best-of-N",
        .bestOfN: "EvoSearch's baseline: N independent trajectories, the best output wins",
        .qualityDiversity: "EvoSearch with an archive: the best output of every cell of a descriptor at the same NFE (beyond the paper)",
    ]
    static let flags = ["--reward", "--evolution-schedule", "--population-schedule", "--elites", "--mutation-rate", "--nfe", "--generator",
                        "--generator-token-env", "--grid"]
}

/// The text algorithms as the listings show them.
enum TextAlgorithms {
    static let paper = "Bradley et al., Quality-Diversity through AI Feedback, ICLR 2024"
    static let summaries: [LMXEmitter.Selection: String] = [
        .qdaif: "QDAIF: a language model writes variations of archive elites (LMX, rewrites) and judges quality and diversity",
        .fixedPrompt: "QDAIF's baseline: few-shot prompts of seed texts only, no archive feedback",
        .qualityOnly: "QDAIF's baseline: selection on quality alone (one champion text)",
    ]
    static let flags = ["--llm-url", "--llm-model", "--llm-key-env", "--concurrency", "--domain", "--replay", "--calibrate"]
}

/// `tessera algorithms`: the algorithms, as they declare themselves.
struct AlgorithmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "algorithms", abstract: "List the search algorithms.")

    @Flag(help: "One JSON object per algorithm.")
    var json = false

    func run() {
        let catalogue = Catalogue.builtIn
        for algorithm in catalogue.algorithms {
            let tasks = catalogue.tasks(for: algorithm).map(\.name)
            if json {
                let options: [[String: Any]] = algorithm.options.map { option in
                    ["flag": option.setting.flag, "key": option.setting.key, "kind": option.kind.rawValue, "help": option.help,
                     "defaults": Dictionary(uniqueKeysWithValues: catalogue.tasks.map { ($0.name, option.defaultValue(for: $0).description) })]
                }
                print(CatalogueJSON.line([
                    "name": algorithm.name, "summary": algorithm.summary, "paper": algorithm.paper,
                    "genomes": algorithm.genomes.map(\.rawValue).sorted(), "archive": algorithm.archive.kind.rawValue,
                    "tasks": tasks, "options": options,
                ]))
            } else {
                let indent = String(repeating: " ", count: 17)
                print("\(algorithm.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(algorithm.summary)")
                print(indent + "paper: \(algorithm.paper)")
                print(indent + "tasks: \(tasks.joined(separator: ", ")) (\(algorithm.genomes.map(\.rawValue).sorted().joined(separator: ", ")) genomes)")
                let options = algorithm.options.map { "\($0.setting.flag) \(AlgorithmOptions.taskDefaults(of: $0, catalogue))" }
                print(indent + "options: \(options.joined(separator: ", "))")
            }
        }
        let domains = TextDomain.builtIn.map(\.name)
        for selection in LMXEmitter.Selection.allCases {
            if json {
                print(CatalogueJSON.line([
                    "name": selection.rawValue, "summary": TextAlgorithms.summaries[selection]!, "paper": TextAlgorithms.paper,
                    "genomes": ["text"], "archive": "grid", "tasks": domains,
                    "options": TextAlgorithms.flags.map { ["flag": $0] },
                ]))
            } else {
                let indent = String(repeating: " ", count: 17)
                print("\(selection.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(TextAlgorithms.summaries[selection]!)")
                print(indent + "paper: \(TextAlgorithms.paper)")
                print(indent + "tasks: \(domains.joined(separator: ", ")) or --domain FILE (text genomes)")
                print(indent + "options: \(TextAlgorithms.flags.joined(separator: ", "))")
            }
        }
        for algorithm in EvoSearchAlgorithm.allCases {
            let tasks = [DiffusionRunConfiguration.mixtureTask, "--generator URL"]
            if json {
                print(CatalogueJSON.line([
                    "name": algorithm.rawValue, "summary": DiffusionAlgorithms.summaries[algorithm]!, "paper": DiffusionAlgorithms.paper,
                    "genomes": ["latent"], "archive": "grid", "tasks": tasks, "options": DiffusionAlgorithms.flags.map { ["flag": $0] },
                ]))
            } else {
                let indent = String(repeating: " ", count: 17)
                print("\(algorithm.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(DiffusionAlgorithms.summaries[algorithm]!)")
                print(indent + "paper: \(DiffusionAlgorithms.paper)")
                print(indent + "tasks: \(tasks.joined(separator: ", ")) (denoising latents: real or tensor genomes)")
                print(indent + "options: \(DiffusionAlgorithms.flags.joined(separator: ", "))")
            }
        }
    }
}

/// One-line JSON of the catalogue listings, keys sorted.
enum CatalogueJSON {
    static func line(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
