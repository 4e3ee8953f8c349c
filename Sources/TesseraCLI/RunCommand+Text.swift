import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels
import TesseraStore
import TesseraTasks

/// `tessera run DOMAIN --algorithm qdaif|fixed-prompt|quality-only`: text runs, whose
/// genomes are texts a language model writes and judges.
extension RunCommand {
    /// Whether the flags ask for a text run: a text algorithm, a text domain, `--domain`
    /// or `--replay`.
    var isTextRun: Bool {
        if let algorithmFlag, TextRunConfiguration.algorithmNames.contains(algorithmFlag) { return true }
        if llm.domain != nil || llm.replay != nil { return true }
        guard let first = try? AlgorithmOptions(arguments, for: nil).positionals.first else { return false }
        return TextDomain.builtIn(named: first) != nil
    }

    /// The domain's JSON and where it came from: `--domain FILE`, or the built-in domain
    /// named by the task.
    ///
    /// - Throws: `ValidationError` in one line.
    func textDomainSource() throws -> (json: String, source: String) {
        let positionals = try AlgorithmOptions(arguments, for: nil).positionals
        if positionals.count > 1 { throw ValidationError("unexpected argument '\(positionals[1])'") }
        let builtInNames = TextDomain.builtIn.map(\.name).joined(separator: ", ")
        if let path = llm.domain {
            if let name = positionals.first { throw ValidationError("--domain \(path) is the run's domain; give no task (got '\(name)')") }
            guard !path.isEmpty else { throw ValidationError("--domain is empty: name a domain file") }
            let url = URL(fileURLWithPath: path)
            do {
                _ = try TextDomain(contentsOf: url)
            } catch {
                throw ValidationError("--domain \(error.message)")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--domain \(path) cannot be read") }
            return (String(decoding: data, as: UTF8.self), path)
        }
        guard let name = positionals.first else { throw ValidationError("missing the text domain: one of \(builtInNames), or --domain FILE") }
        guard let json = TextDomain.builtInSource(named: name) else {
            if Catalogue.builtIn.tasks.contains(where: { $0.name == name }) {
                throw ValidationError("--algorithm \(algorithm) searches texts; '\(name)' is a numeric task. Give a text domain "
                                      + "(\(builtInNames)) or --domain FILE")
            }
            throw ValidationError("'\(name)' is not a text domain; the text domains are \(builtInNames) (or give --domain FILE)")
        }
        return (json, "built-in")
    }

    /// The text run the flags describe; for a replay, the servers and model of the
    /// recording unless given.
    ///
    /// - Throws: `ValidationError` in one line.
    func textConfiguration() throws -> TextRunConfiguration {
        guard let selection = LMXEmitter.Selection(rawValue: algorithm) else {
            let name = try llm.domain ?? AlgorithmOptions(arguments, for: nil).positionals.first ?? "the domain"
            throw ValidationError("'\(name)' is a text domain: run it with --algorithm \(TextRunConfiguration.algorithmNames.joined(separator: ", ")) "
                                  + "(not \(algorithm))")
        }
        var (json, source) = try textDomainSource()
        var saved: LanguageModelServer?
        if let replay = llm.replay {
            guard !replay.isEmpty else { throw ValidationError("--replay is empty: name a recorded run's file") }
            // A missing, damaged or foreign recording is the file's error (status 1), said now.
            let recorded = try TextRun.inspect(URL(fileURLWithPath: replay)).configuration
            saved = recorded.server
            // A built-in domain is replayed as it was when it was recorded (a later version
            // may have changed its questions).
            if source == "built-in", recorded.domainSource == "built-in",
               let name = try AlgorithmOptions(arguments, for: nil).positionals.first, name == recorded.domain.name {
                json = recorded.domainJSON
            }
        }
        let server = try saved.map { try llm.server(saved: $0) } ?? llm.server()
        do {
            return try TextRunConfiguration(domainJSON: json, domainSource: source, algorithm: selection, seed: seed,
                                            batchSize: batchSize ?? TextRunConfiguration.defaultBatchSize,
                                            evaluations: evaluations, server: server, calibrate: llm.calibrate)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The checks of a text run's flags, before anything is written.
    func validateTextRun() throws {
        let numeric: [(String, Bool)] = [
            ("--dims", dims != nil), ("--dask", dask != nil), ("--token-env", tokenEnv != nil),
            ("--workers", session.workers != nil), ("--in-flight", session.inFlight != nil),
            ("--evaluator", session.evaluator != .cpu),
        ]
        if let flag = numeric.first(where: \.1)?.0 {
            throw ValidationError("\(flag) does not apply to a text run: its calls go to the language-model servers (use --concurrency)")
        }
        if let evaluationsFlag, evaluationsFlag <= 0 { throw ValidationError("--evaluations must be positive") }
        if let batchSize, batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
        if let option = arguments.first(where: { $0.hasPrefix("-") }) { throw ValidationError("\(option) is not an option of text runs") }
        if let replay = llm.replay {
            if !llm.baseURLs.isEmpty || llm.keyVariable != nil || llm.concurrency != nil {
                throw ValidationError("--replay sends no request: give no --llm-url, --llm-key-env or --concurrency")
            }
            guard output != nil else { throw ValidationError("--replay needs --output NEW.sqlite, the replayed run's file") }
            _ = try OutputPath.check(output!, flag: "--output", overwrite: overwrite, inputs: [replay])
        }
        _ = try textConfiguration()
        if let output, output.isEmpty { throw ValidationError("--output is empty: name a file") }
    }

    /// Runs a text run: checks the servers, creates its file, runs, reports.
    func runText() async throws {
        let setupStart = Date()
        StopSignal.install()
        let configuration = try textConfiguration()
        let settings = RunSettings(evaluations: configuration.evaluations, timeout: session.timeout?.seconds,
                                   report: session.report ?? true, checkpointEvery: session.checkpointEvery)
        let archivesFolder = URL(fileURLWithPath: "Archives")
        let hadArchivesFolder = FileManager.default.fileExists(atPath: archivesFolder.path)
        let url = try outputURL(report: settings.report, task: configuration.domain.name)
        let run: TextRun
        do {
            run = try await TextRun.start(configuration, settings: settings, at: url, overwrite: overwrite,
                                          replaying: llm.replay.map { URL(fileURLWithPath: $0) })
        } catch {
            // Nothing is written when the servers cannot be used: not even the default folder.
            if !hadArchivesFolder, output == nil, (try? FileManager.default.contentsOfDirectory(atPath: archivesFolder.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: archivesFolder)
            }
            if let error = error as? TextRunError { throw CommandFailure(error.message) }
            throw error
        }
        let session = TextRunSession(run: run, json: self.session.json, quiet: self.session.quiet,
                                     reportURL: OutputPath.report(for: url.path), setupSeconds: Date().timeIntervalSince(setupStart))
        do {
            try await session.run()
        } catch let error as TextRunError where run.isReplay {
            // A replay that lacks a call leaves no half run behind.
            try? FileManager.default.removeItem(at: url)
            throw CommandFailure(error.message + "; \(url.path) was not kept")
        }
    }
}
