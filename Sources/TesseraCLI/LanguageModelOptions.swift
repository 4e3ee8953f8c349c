import ArgumentParser
import Foundation
import TesseraLanguageModels
import TesseraTasks

/// The options of text runs (`--algorithm qdaif`, `fixed-prompt`, `quality-only`): the
/// language-model servers, the domain file and the recording to replay.
struct LanguageModelOptions: ParsableArguments {
    @Option(name: .customLong("llm-url"),
            help: ArgumentHelp("An OpenAI-compatible server's base URL, with /v1 (http://127.0.0.1:8080/v1); repeat it, or separate URLs with commas, to serve several round robin. Text runs only.",
                               valueName: "URL"))
    var urls: [String] = []

    @Option(name: .customLong("llm-model"), help: ArgumentHelp("The model name sent to the server. Default: none (the server's own).", valueName: "NAME"))
    var model: String?

    @Option(name: .customLong("llm-key-env"),
            help: ArgumentHelp("The environment variable holding the server's API key (the key itself is never printed or saved).", valueName: "NAME"))
    var keyVariable: String?

    @Option(parsing: .unconditional, help: "Language-model requests in flight at most (1 to 1,024). Default: 4.")
    var concurrency: Int?

    @Option(help: ArgumentHelp("A text domain's JSON file (seed texts, template, questions, axes; see Docs/QDAIF.md), in place of a built-in domain.",
                               valueName: "FILE"))
    var domain: String?

    @Option(help: ArgumentHelp("Re-run a recorded text run from its answers, sending no request (same task, algorithm, seed, batch size; a budget it covers).",
                               valueName: "RECORDED.sqlite"))
    var replay: String?

    @Flag(help: "Calibrate the judge on reference texts (the domain's calibration texts, or N/A, [MASK] and ...): for small models that lean toward one answer.")
    var calibrate = false

    /// Whether any of these options was given.
    var anyGiven: Bool {
        !urls.isEmpty || model != nil || keyVariable != nil || concurrency != nil || domain != nil || replay != nil || calibrate
    }

    /// The base URLs, commas split, white space trimmed.
    var baseURLs: [String] { Self.split(urls) }

    /// URLs given one per flag or separated by commas, white space trimmed.
    static func split(_ urls: [String]) -> [String] {
        urls.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The servers these options describe, `saved` filling what they leave out (for a
    /// replay).
    ///
    /// - Throws: `ValidationError` in one line naming the flag.
    func server(saved: LanguageModelServer? = nil) throws -> LanguageModelServer {
        try Self.server(urls: baseURLs, model: model, keyVariable: keyVariable, concurrency: concurrency, saved: saved)
    }

    /// The servers of these flags' values, `saved` filling what they leave out.
    ///
    /// - Throws: `ValidationError` in one line naming the flag.
    static func server(urls given: [String], model: String?, keyVariable: String?, concurrency: Int?,
                       saved: LanguageModelServer?) throws -> LanguageModelServer {
        let urls = given.isEmpty ? saved?.urls ?? [] : given
        guard !urls.isEmpty else {
            throw ValidationError("a text run needs a language-model server: give --llm-url http://HOST:PORT/v1 (or --replay RECORDED.sqlite)")
        }
        if let problem = urls.lazy.compactMap(LanguageModelServer.problem(url:)).first { throw ValidationError("--llm-url \(problem)") }
        if urls.count > 64 { throw ValidationError("--llm-url: at most 64 servers (got \(urls.count))") }
        if let model, model.isEmpty || model.count > 256 { throw ValidationError("--llm-model must have 1 to 256 characters") }
        if let keyVariable, !LanguageModelServer.isVariableName(keyVariable) {
            throw ValidationError("--llm-key-env must name an environment variable (letters, digits and _), got '\(keyVariable)'")
        }
        if let concurrency, !(1...LanguageModelServer.maximumConcurrency).contains(concurrency) {
            throw ValidationError("--concurrency must be in 1...\(Format.count(LanguageModelServer.maximumConcurrency)) (got \(concurrency))")
        }
        return LanguageModelServer(urls: urls, model: model ?? saved?.model, keyVariable: keyVariable ?? saved?.keyVariable,
                                   concurrency: concurrency ?? saved?.concurrency ?? LanguageModelServer.defaultConcurrency)
    }
}
