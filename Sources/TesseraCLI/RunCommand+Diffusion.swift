import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

/// `tessera run mixture-diffusion --algorithm evosearch|best-of-n|evosearch-qd` and
/// `tessera run --generator URL …`: EvoSearch runs on a denoising generator.
extension RunCommand {
    /// Whether the flags ask for an EvoSearch run: an EvoSearch algorithm, the built-in
    /// model's task or a denoising server.
    var isDiffusionRun: Bool {
        if let algorithmFlag, DiffusionRunConfiguration.algorithmNames.contains(algorithmFlag) { return true }
        if diffusion.generator != nil { return true }
        return (try? AlgorithmOptions(arguments, for: nil).positionals.first) == DiffusionRunConfiguration.mixtureTask
    }

    /// The task: the built-in model's, or a server's.
    func diffusionTask() throws -> String {
        let positionals = try AlgorithmOptions(try diffusionFlags().arguments, for: nil).positionals
        if positionals.count > 1 { throw ValidationError("unexpected argument '\(positionals[1])'") }
        if diffusion.generator != nil {
            if let name = positionals.first { throw ValidationError("--generator URL is the run's generator; give no task (got '\(name)')") }
            return DiffusionRunConfiguration.remoteTask
        }
        guard let name = positionals.first else {
            throw ValidationError("missing the task: \(DiffusionRunConfiguration.mixtureTask), or a server with --generator URL")
        }
        guard name == DiffusionRunConfiguration.mixtureTask else {
            throw ValidationError("--algorithm \(algorithm) searches a denoising generator; '\(name)' is not one "
                                  + "(run \(DiffusionRunConfiguration.mixtureTask), or a server with --generator URL)")
        }
        return name
    }

    /// The checks of an EvoSearch run's flags, before anything is written.
    func validateDiffusionRun() throws {
        guard let chosen = EvoSearchAlgorithm(rawValue: algorithm) else {
            throw ValidationError("'\(try diffusionTask())' is searched by --algorithm \(DiffusionRunConfiguration.algorithmNames.joined(separator: ", ")) (not \(algorithm))")
        }
        let others: [(String, Bool)] = [
            ("--evaluations", evaluationsFlag != nil), ("--dask", dask != nil), ("--token-env", tokenEnv != nil),
            ("--workers", session.workers != nil), ("--in-flight", session.inFlight != nil), ("--evaluator", session.evaluator != .cpu),
            ("--checkpoint-every", session.checkpointEvery != nil), ("--llm-url and the other text-run flags", llm.anyGiven),
        ]
        if let flag = others.first(where: \.1)?.0 {
            throw ValidationError("\(flag) does not apply to an EvoSearch run (its budget is --nfe; a checkpoint follows every batch)")
        }
        let (diffusion, left) = try diffusionFlags()
        if let option = left.first(where: { $0.hasPrefix("-") }) { throw ValidationError("\(option) is not an option of EvoSearch runs") }
        try diffusion.validate()
        if chosen == .bestOfN, let flag = [("--evolution-schedule", diffusion.evolutionSchedule != nil),
                                           ("--population-schedule", diffusion.populationSchedule != nil),
                                           ("--elites", diffusion.elites != nil), ("--mutation-rate", diffusion.mutationRate != nil)]
            .first(where: \.1)?.0 {
            throw ValidationError("\(flag) does not apply to best-of-n: it does not evolve (its budget is --nfe)")
        }
        let task = try diffusionTask()
        if let batchSize, !(1...DiffusionRunConfiguration.maximumBatchSize).contains(batchSize) {
            throw ValidationError("--batch-size must be in 1...\(DiffusionRunConfiguration.maximumBatchSize) for an EvoSearch run (got \(batchSize))")
        }
        if task == DiffusionRunConfiguration.mixtureTask {
            _ = try mixtureConfiguration(chosen)
        } else {
            guard let url = diffusion.generator, DiffusionRunConfiguration.urlProblem(url) == nil else {
                throw ValidationError("--generator " + (DiffusionRunConfiguration.urlProblem(diffusion.generator ?? "") ?? ""))
            }
            if dims != nil { throw ValidationError("--dims does not apply to a server: it declares its latent's shape") }
            if let variable = diffusion.generatorTokenEnv, !LanguageModelServer.isVariableName(variable) {
                throw ValidationError("--generator-token-env must name an environment variable (letters, digits and _), got '\(variable)'")
            }
            // The schedule's numbers, checked now against any step count; against the server's once it answers.
            _ = try diffusion.schedule(stepCount: 1_000_000, algorithm: chosen)
        }
        if let output, output.isEmpty { throw ValidationError("--output is empty: name a file") }
    }

    /// The EvoSearch flags with `--grid`, and the arguments left.
    func diffusionFlags() throws -> (options: DiffusionOptions, arguments: [String]) { try diffusion.takingGrid(from: arguments) }

    /// The built-in model's run.
    func mixtureConfiguration(_ chosen: EvoSearchAlgorithm) throws -> DiffusionRunConfiguration {
        let diffusion = try diffusionFlags().options
        let steps = try DiffusionSchedule().stepCount
        if diffusion.grid != nil { throw ValidationError("--grid does not apply to mixture-diffusion: its archive has one cell per mode") }
        do {
            return try DiffusionRunConfiguration(task: DiffusionRunConfiguration.mixtureTask, dimension: dims ?? 16,
                                                 reward: diffusion.reward ?? MixtureReward.rareTarget.rawValue, algorithm: chosen, seed: seed,
                                                 schedule: try diffusion.schedule(stepCount: steps, algorithm: chosen),
                                                 sampleCount: try diffusion.sampleCount(stepCount: steps, algorithm: chosen), batchSize: batchSize)
        } catch let error as DiffusionRunError {
            throw ValidationError(error.message)
        }
    }

    /// Runs an EvoSearch run: connects to the server (if any), creates the file, runs, reports.
    func runDiffusion() async throws {
        let setupStart = Date()
        StopSignal.install()
        let chosen = EvoSearchAlgorithm(rawValue: algorithm)!
        let diffusion = try diffusionFlags().options
        let report = session.report ?? true
        let task = try diffusionTask()
        let archivesFolder = URL(fileURLWithPath: "Archives")
        let hadArchivesFolder = FileManager.default.fileExists(atPath: archivesFolder.path)
        let url = try outputURL(report: report, task: task)
        func forgetFolder() {
            // Nothing is written when the run cannot start: not even the default folder.
            if !hadArchivesFolder, output == nil, (try? FileManager.default.contentsOfDirectory(atPath: archivesFolder.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: archivesFolder)
            }
        }
        if task == DiffusionRunConfiguration.mixtureTask {
            let configuration = try mixtureConfiguration(chosen)
            let model = try GaussianMixtureDiffusion(dimension: configuration.dimension!)
            let scorer = MixtureRewardScorer(model: model, reward: MixtureReward(rawValue: configuration.reward!)!)
            try await drive(configuration, generator: model, reward: scorer, at: url, setupStart: setupStart, forgetFolder: forgetFolder)
        } else {
            let server: RemoteDiffusionServer
            do {
                server = try await RemoteDiffusionServer.connect(to: URL(string: diffusion.generator!)!, reward: diffusion.reward,
                                                                 timeout: .seconds(session.timeout?.seconds ?? DiffusionRunDefaults.timeout),
                                                                 tokenVariable: diffusion.generatorTokenEnv)
            } catch {
                forgetFolder()
                throw CommandFailure("the generator cannot be used: \(error)")
            }
            let configuration: DiffusionRunConfiguration
            do {
                configuration = try DiffusionRunConfiguration(
                    task: task, serverURL: diffusion.generator, tokenVariable: diffusion.generatorTokenEnv, reward: server.model.reward.name,
                    algorithm: chosen, seed: seed, schedule: try diffusion.schedule(stepCount: server.stepCount, algorithm: chosen),
                    sampleCount: try diffusion.sampleCount(stepCount: server.stepCount, algorithm: chosen), batchSize: batchSize,
                    gridShape: try diffusion.gridShape(), serverDescription: try DiffusionServerFields.describe(server.model))
            } catch {
                forgetFolder()
                throw CommandFailure("the generator does not suit this run: \((error as? DiffusionRunError)?.message ?? (error as? ValidationError)?.message ?? "\(error)")")
            }
            try await drive(configuration, generator: server, reward: server, at: url, setupStart: setupStart,
                            fields: DiffusionServerFields.fields(of: server.model), forgetFolder: forgetFolder)
        }
    }

    /// Creates the run's file and runs it to the end.
    func drive<G: DenoisingGenerator, R: DenoisingReward>(_ configuration: DiffusionRunConfiguration, generator: G, reward: R, at url: URL,
                                                          setupStart: Date, fields: [(String, String)] = [],
                                                          forgetFolder: () -> Void) async throws
    where R.Scalar == G.Scalar, G.Scalar: DiffusionOutput {
        let run: DiffusionRun<G, R>
        do {
            let search = try DiffusionRun<G, R>.search(configuration, generator: generator, reward: reward)
            let settings = RunSettings(evaluations: search.plannedNFE, timeout: session.timeout?.seconds, report: session.report ?? true)
            run = try DiffusionRun.start(configuration, search: search, settings: settings, at: url, overwrite: overwrite, fields: fields)
        } catch let error as DiffusionRunError {
            forgetFolder()
            throw CommandFailure(error.message)
        }
        try await DiffusionRunSession(run: run, json: session.json, quiet: session.quiet, reportURL: OutputPath.report(for: url.path),
                                      setupSeconds: Date().timeIntervalSince(setupStart)).run()
    }
}
