import ArgumentParser
import Foundation
import Tessera
import TesseraStore
import TesseraTasks

extension ResumeCommand {
    /// Resumes an EvoSearch run from its last batch: the built-in model rebuilt, or the
    /// saved server, which must describe itself as it did when the run started.
    func resumeDiffusion(_ url: URL, setupStart: Date) async throws {
        let path = url.path
        let stored = try DiffusionRun<GaussianMixtureDiffusion, MixtureRewardScorer>.inspect(url)
        let configuration = stored.configuration
        let others: [(String, Bool)] = [
            ("--evaluations", evaluations != nil), ("--workers", session.workers != nil), ("--in-flight", session.inFlight != nil),
            ("--evaluator", session.evaluator != .cpu), ("--checkpoint-every", session.checkpointEvery != nil),
            ("--llm-url, --llm-key-env and --concurrency", llm.anyGiven),
        ]
        if let flag = others.first(where: \.1)?.0 {
            throw ValidationError("\(flag) does not apply to an EvoSearch run (its budget is its schedule's NFE; a checkpoint follows every batch)")
        }
        if let option = arguments.first(where: { $0.hasPrefix("-") }) { throw ValidationError("\(option) is not an option of EvoSearch runs") }
        var conflicts = [String]()
        if let task = fixed.task, task != configuration.task { conflicts.append("--task \(task) (the file has \(configuration.task))") }
        if let algorithm = fixed.algorithm, algorithm != configuration.algorithm.rawValue {
            conflicts.append("--algorithm \(algorithm) (the file has \(configuration.algorithm.rawValue))")
        }
        if let seed = fixed.seed, seed != configuration.seed { conflicts.append("--seed \(seed) (the file has \(configuration.seed))") }
        if let batch = fixed.batchSize, batch != configuration.batchSize {
            conflicts.append("--batch-size \(batch) (the file has \(configuration.batchSize))")
        }
        if let dims = fixed.dims, dims != configuration.dimension { conflicts.append("--dims \(dims) (the file has \(configuration.dimension.map(String.init) ?? "none"))") }
        if !conflicts.isEmpty {
            throw StoreError.mismatch(path: path, detail: "resume cannot change the run's configuration: " + conflicts.joined(separator: "; "))
        }
        var settings = stored.settings
        if let report = session.report { settings.report = report }
        if stored.nfe >= settings.evaluations {
            if session.json {
                print(#"{"archive_path":\#(RunSummary.jsonString(path)),"completed":true,"nfe":\#(stored.nfe),"session_nfe":0}"#)
            } else {
                print("\(path): the search is complete (\(Format.count(stored.nfe)) NFE); nothing to do.")
            }
            return
        }
        let reportURL = OutputPath.report(for: path)
        if settings.report { try RunFlags.checkReport(reportURL, overwrite: true) }
        func resumed<G: DenoisingGenerator, R: DenoisingReward>(_ generator: G, _ reward: R) async throws where R.Scalar == G.Scalar, G.Scalar: DiffusionOutput {
            let run: DiffusionRun<G, R>
            do {
                let search = try DiffusionRun<G, R>.search(configuration, generator: generator, reward: reward)
                guard search.plannedNFE == stored.settings.evaluations else {
                    throw DiffusionRunError("the search now plans \(search.plannedNFE) NFE, the file \(stored.settings.evaluations)")
                }
                run = try DiffusionRun.resume(url, configuration: configuration, search: search, report: settings.report)
            } catch let error as DiffusionRunError {
                throw StoreError.mismatch(path: path, detail: error.message)
            }
            try await DiffusionRunSession(run: run, json: session.json, quiet: session.quiet, reportURL: reportURL,
                                          setupSeconds: Date().timeIntervalSince(setupStart)).run()
        }
        if configuration.task == DiffusionRunConfiguration.mixtureTask {
            let model = try GaussianMixtureDiffusion(dimension: configuration.dimension!)
            try await resumed(model, MixtureRewardScorer(model: model, reward: MixtureReward(rawValue: configuration.reward!)!))
        } else {
            let server: RemoteDiffusionServer
            do {
                server = try await RemoteDiffusionServer.connect(to: URL(string: configuration.serverURL!)!, reward: configuration.reward,
                                                                 timeout: .seconds(session.timeout?.seconds ?? stored.settings.timeout ?? DiffusionRunDefaults.timeout),
                                                                 tokenVariable: configuration.tokenVariable)
            } catch {
                throw CommandFailure("the generator cannot be used: \(error)")
            }
            guard try DiffusionServerFields.describe(server.model) == configuration.serverDescription else {
                throw CommandFailure("the generator at \(configuration.shownURL ?? "") no longer describes itself as when the run started "
                                     + "(\(server.model.summary), reward \(server.model.reward.name)); a resumed run needs the same model and reward")
            }
            try await resumed(server, server)
        }
    }
}
