import ArgumentParser
import Foundation
import Tessera
import TesseraLanguageModels

/// `tessera bench llm-client`: the language-model client's own overhead, measured against a
/// server that answers at once (`Scripts/instant_openai_server.py`): requests per second
/// and latency with C requests in flight (issue 12: at least 500 requests/s at concurrency
/// 16).
///
/// One ``LanguageModelClient`` with the standard retry policy sends a probe (a failure ends
/// the command with status 1), then `--warmup` requests, then `--requests` timed ones, all
/// started at once in a task group so the client's gate, not the benchmark, keeps C in
/// flight. Every request is a distinct `/completions` prompt with `max_tokens` 1 and two
/// log-probabilities, the shape of a QDAIF judgement. Latency is each exchange's own
/// ``LanguageModelExchange/seconds`` (gate wait excluded); the rate is timed requests over
/// the wall time of the timed phase.
struct LanguageModelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm-client",
        abstract: "Time the language-model client against a server that answers at once; print requests/s, latency and the client's statistics.")

    @Option(parsing: .unconditional, help: "The server's base URL, with /v1 (see Scripts/instant_openai_server.py).") var url: String
    @Option(parsing: .unconditional, help: "Requests in flight, 1 to 1024.") var concurrency: Int = 16
    @Option(parsing: .unconditional, help: "Timed requests, 1 to 1,000,000.") var requests: Int = 2_000
    @Option(parsing: .unconditional, help: "Requests sent before the timed ones (connections opened, caches warm), 0 to 1,000,000.")
    var warmup: Int = 100
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    /// The longest one attempt may take: an instant server answers in milliseconds.
    static let timeout: Duration = .seconds(30)

    func validate() throws {
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 1024 (got \(concurrency))") }
        guard (1...1_000_000).contains(requests) else { throw ValidationError("--requests must be between 1 and 1,000,000 (got \(requests))") }
        guard (0...1_000_000).contains(warmup) else { throw ValidationError("--warmup must be between 0 and 1,000,000 (got \(warmup))") }
        guard URL(string: url) != nil else { throw ValidationError("--url '\(url)' is not a URL") }
    }

    func run() async throws {
        let client: LanguageModelClient
        do {
            client = try LanguageModelClient(baseURLs: [URL(string: url)!], concurrency: concurrency, timeout: Self.timeout)
        } catch {
            throw ValidationError("--url: \(error.message)")
        }
        defer { client.close() }
        let probe = await client.send(Self.request(-1))
        if let failure = probe.failure { throw CommandFailure("the language-model server does not answer: \(failure)") }
        _ = await Self.send(Self.request, in: 0..<warmup, through: client)

        let before = client.statistics
        let cpuBefore = VendiBench.cpuSeconds()
        let clock = ContinuousClock(), start = clock.now
        let exchanges = await Self.send(Self.request, in: warmup..<(warmup + requests), through: client)
        let wall = (clock.now - start) / .seconds(1)
        let cpu = VendiBench.cpuSeconds() - cpuBefore
        let figures = LanguageModelBenchFigures(url: url, concurrency: concurrency, exchanges: exchanges, warmup: warmup, wallSeconds: wall,
                                                cpuSeconds: cpu, client: client.statistics - before, cpuModel: CMABench.cpuModel())
        print(json ? figures.json : figures.table)
    }

    /// The `index`th request: a distinct prompt, one token, two log-probabilities.
    static func request(_ index: Int) -> LanguageModelRequest {
        LanguageModelRequest(prompt: .text("Is passage \(index) about a spy? Answer Yes or No:"), maxTokens: 1, temperature: 0, topLogprobs: 2)
    }

    /// Starts the requests of `indices` at once and waits for them all; the client's gate
    /// keeps its concurrency in flight.
    ///
    /// - Returns: The exchanges, in order of completion.
    static func send(_ request: @escaping @Sendable (Int) -> LanguageModelRequest, in indices: Range<Int>,
                     through client: LanguageModelClient) async -> [LanguageModelExchange] {
        await withTaskGroup(of: LanguageModelExchange.self) { group in
            for index in indices { group.addTask { await client.send(request(index)) } }
            var exchanges = [LanguageModelExchange]()
            exchanges.reserveCapacity(indices.count)
            for await exchange in group { exchanges.append(exchange) }
            return exchanges
        }
    }
}

/// What one `tessera bench llm-client` measured, as a table or one JSON object.
struct LanguageModelBenchFigures: Encodable {
    var url: String
    var concurrency: Int
    var requests: Int
    var warmup: Int
    var wallSeconds: Double
    var requestsPerSecond: Double
    var latencyMeanMs: Double
    var latencyP50Ms: Double
    var latencyP99Ms: Double
    var latencyMaxMs: Double
    var failures: Int
    var firstFailure: String?
    var cpuSeconds: Double
    var cpuMicrosecondsPerRequest: Double
    /// The client's figures over the timed requests.
    var client: LanguageModelStatistics
    var cpuModel: String

    /// Figures of the timed `exchanges`.
    ///
    /// - Complexity: O(n log n) for n exchanges (the latency percentiles sort them).
    init(url: String, concurrency: Int, exchanges: [LanguageModelExchange], warmup: Int, wallSeconds: Double, cpuSeconds: Double,
         client: LanguageModelStatistics, cpuModel: String) {
        let latencies = exchanges.map { $0.seconds * 1000 }.sorted()
        // Nearest rank: the smallest latency with at least p of them at or below it.
        let rank = { (p: Double) in latencies[max(0, Int((p * Double(latencies.count)).rounded(.up)) - 1)] }
        self.url = url
        self.concurrency = concurrency
        requests = exchanges.count
        self.warmup = warmup
        self.wallSeconds = wallSeconds
        requestsPerSecond = Double(exchanges.count) / wallSeconds
        latencyMeanMs = latencies.reduce(0, +) / Double(latencies.count)
        latencyP50Ms = rank(0.5)
        latencyP99Ms = rank(0.99)
        latencyMaxMs = latencies.last!
        failures = exchanges.count { $0.failure != nil }
        firstFailure = exchanges.lazy.compactMap(\.failure).first
        self.cpuSeconds = cpuSeconds
        cpuMicrosecondsPerRequest = cpuSeconds / Double(exchanges.count) * 1e6
        self.client = client
        self.cpuModel = cpuModel
    }

    /// One JSON object on one line, keys in snake case and sorted.
    var json: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A few aligned lines for a person.
    var table: String {
        let ms = { (value: Double) in String(format: "%.2f ms", value) }
        var lines = [
            "llm-client against \(url): \(Format.count(requests)) requests (after \(Format.count(warmup)) warm-up), concurrency \(concurrency)",
            "  requests/s   \(String(format: "%.1f", requestsPerSecond)) (\(String(format: "%.3f", wallSeconds)) s)",
            "  latency      mean \(ms(latencyMeanMs)), p50 \(ms(latencyP50Ms)), p99 \(ms(latencyP99Ms)), max \(ms(latencyMaxMs))",
            "  failures     \(failures)",
            "  client       \(client.requests) requests, \(client.failures) failures, \(client.retries) retries, "
                + "\(String(format: "%.3f", client.seconds)) s summed, \(client.promptTokens) prompt and \(client.completionTokens) completion tokens",
            "  CPU          \(String(format: "%.1f", cpuMicrosecondsPerRequest)) µs per request (user and system, \(cpuModel))",
        ]
        if let firstFailure { lines.append("  first failure: \(firstFailure)") }
        return lines.joined(separator: "\n")
    }
}
