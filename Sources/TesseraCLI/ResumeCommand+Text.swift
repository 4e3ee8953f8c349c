import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// The servers of a resumed text run, when they moved: not saved, this session only.
struct ResumeServerOptions: ParsableArguments {
    @Option(name: .customLong("llm-url"),
            help: ArgumentHelp("The servers' base URLs for this session (repeat, or separate with commas). Default: the saved ones.",
                               valueName: "URL"))
    var urls: [String] = []

    @Option(name: .customLong("llm-key-env"), help: ArgumentHelp("The API key's environment variable for this session.", valueName: "NAME"))
    var keyVariable: String?

    @Option(parsing: .unconditional, help: "Language-model requests in flight for this session (1 to 1,024).")
    var concurrency: Int?

    var anyGiven: Bool { !urls.isEmpty || keyVariable != nil || concurrency != nil }

    /// `saved` with the servers given here.
    func applied(to saved: LanguageModelServer) throws -> LanguageModelServer {
        try LanguageModelOptions.server(urls: LanguageModelOptions.split(urls), model: nil, keyVariable: keyVariable,
                                        concurrency: concurrency, saved: saved)
    }
}

extension ResumeCommand {
    /// Resumes a text run: every call its file recorded is answered from the file.
    func resumeText(_ url: URL, setupStart: Date) async throws {
        let path = url.path
        let stored = try TextRun.inspect(url)
        let configuration = stored.configuration
        if session.workers != nil || session.inFlight != nil || session.evaluator != .cpu {
            throw ValidationError("--workers, --in-flight and --evaluator do not apply to a text run; use --concurrency")
        }
        if let option = arguments.first(where: { $0.hasPrefix("-") }) { throw ValidationError("\(option) is not an option of text runs") }
        var conflicts = [String]()
        if let task = fixed.task, task != configuration.domain.name { conflicts.append("--task \(task) (the file has \(configuration.domain.name))") }
        if let algorithm = fixed.algorithm, algorithm != configuration.algorithm.rawValue {
            conflicts.append("--algorithm \(algorithm) (the file has \(configuration.algorithm.rawValue))")
        }
        if let seed = fixed.seed, seed != configuration.seed { conflicts.append("--seed \(seed) (the file has \(configuration.seed))") }
        if let batch = fixed.batchSize, batch != configuration.batchSize {
            conflicts.append("--batch-size \(batch) (the file has \(configuration.batchSize))")
        }
        if fixed.dims != nil { conflicts.append("--dims (a text run has no genome dimension)") }
        if !conflicts.isEmpty {
            throw StoreError.mismatch(path: path, detail: "resume cannot change the run's configuration: " + conflicts.joined(separator: "; "))
        }
        let server = try llm.applied(to: configuration.server)
        var settings = session.applied(to: stored.settings)
        if let evaluations { settings.evaluations = evaluations }
        let batch = configuration.batchSize
        let target = (settings.evaluations + batch - 1) / batch * batch
        if let evaluations, target < stored.evaluations {
            throw StoreError.mismatch(path: path, detail: "the run already has \(stored.evaluations) evaluations, more than --evaluations \(evaluations)")
        }
        if stored.evaluations >= target {
            if session.json {
                print(#"{"archive_path":\#(RunSummary.jsonString(path)),"completed":true,"evaluations":\#(stored.evaluations),"session_evaluations":0}"#)
            } else {
                print("\(path): the run is complete (\(Format.count(stored.evaluations)) texts for a budget of "
                      + "\(Format.count(settings.evaluations))); nothing to do. Pass a larger --evaluations to extend it.")
            }
            return
        }
        let reportURL = OutputPath.report(for: path)
        if settings.report { try RunFlags.checkReport(reportURL, overwrite: true) }
        let run: TextRun
        do {
            run = try await TextRun.resume(url, settings: { _ in settings }, server: { _ in server })
        } catch let error as TextRunError {
            throw CommandFailure(error.message)
        }
        try await TextRunSession(run: run, json: session.json, quiet: session.quiet, reportURL: reportURL,
                                 setupSeconds: Date().timeIntervalSince(setupStart)).run()
    }
}
