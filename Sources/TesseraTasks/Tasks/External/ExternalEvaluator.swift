import Foundation
import Tessera

/// An evaluator outside the process as a run records it: how to reach it (a command
/// Tessera spawns, or an HTTP service), the Dask cluster its helper submits to, and the
/// domain it declared. The archive file keeps it, so `resume` starts the same evaluator
/// and checks that it still declares the same domain. A bearer token is never kept: only
/// the name of the environment variable it is read from.
public struct ExternalEvaluator: Hashable, Sendable, Codable {
    /// How Tessera reaches the evaluator.
    public enum Transport: Hashable, Sendable {
        /// Worker processes of a shell command, run in a folder (absolute).
        case process(command: String, folder: String)
        /// An HTTP service at a base URL, with the name of the environment variable holding
        /// its bearer token, if it needs one.
        case http(url: String, tokenVariable: String?)
    }

    /// How Tessera reaches the evaluator.
    public var transport: Transport
    /// The Dask scheduler the helper inside the command submits to (`local`, or
    /// `tcp://HOST:PORT`), or `nil` to evaluate in the worker processes themselves.
    public var dask: String?
    /// The domain the evaluator declared when the run started.
    public var domain: WorkerDomain

    /// Records an evaluator.
    public init(transport: Transport, dask: String? = nil, domain: WorkerDomain) {
        self.transport = transport
        self.dask = dask
        self.domain = domain
    }

    /// The per-evaluation time-out in seconds when a run gives none (`--timeout`): a worker
    /// that hangs never stops a run for longer.
    public static let defaultTimeout = 300.0

    /// The rows per batch: 64, or the whole queue for a Dask cluster, which spreads a
    /// batch over its own workers.
    static func maximumBatch(dask: String?) -> Int { dask == nil ? 64 : 100_000 }

    /// Whether the evaluator is an HTTP service (rather than worker processes).
    public var isService: Bool {
        if case .http = transport { return true }
        return false
    }

    /// Where the evaluator is, for messages and summaries.
    public var description: String {
        switch transport {
        case .process(let command, _): return dask.map { "\(command) on Dask \($0)" } ?? command
        case .http(let url, _): return url
        }
    }

    /// Starts the evaluator: `workers` processes of the command (one with Dask), or
    /// `workers` request slots of the service, and reads the domain they declare.
    ///
    /// - Parameters:
    ///   - workers: Worker processes, or HTTP requests in flight.
    ///   - timeout: The per-evaluation time-out of processes; the time-out of one request
    ///     for a service.
    ///   - log: Where the processes' stderr goes.
    /// - Throws: ``RemoteEvaluatorError`` in one line when it cannot start.
    public static func start(_ transport: Transport, dask: String?, workers: Int, timeout: Duration?, log: WorkerLog?)
        async throws(RemoteEvaluatorError) -> RemoteEvaluator {
        let batch = maximumBatch(dask: dask)
        switch transport {
        case .process(let command, let folder):
            let environment = dask.map { ["TESSERA_DASK": $0] } ?? [:]
            return try await RemoteEvaluator.processes(command: command, count: workers, folder: URL(fileURLWithPath: folder),
                                                       environment: environment, timeout: timeout, log: log, maximumBatch: batch)
        case .http(let url, let tokenVariable):
            guard let base = URL(string: url) else { throw RemoteEvaluatorError("'\(url)' is not a URL") }
            let slots = try HTTPWorker.slots(baseURL: base, count: workers, tokenVariable: tokenVariable,
                                             timeout: timeout ?? .seconds(300), retry: .standard)
            return try await RemoteEvaluator.start(slots, maximumBatch: batch)
        }
    }

    /// Starts this recorded evaluator again and checks that it declares the same domain.
    ///
    /// - Throws: ``RemoteEvaluatorError`` when it cannot start or declares another domain.
    public func restart(workers: Int, timeout: Duration?, log: WorkerLog?) async throws(RemoteEvaluatorError) -> RemoteEvaluator {
        let remote = try await Self.start(transport, dask: dask, workers: workers, timeout: timeout, log: log)
        guard remote.domain == domain else {
            await remote.shutdown()
            throw RemoteEvaluatorError("the evaluator \(description) now declares another domain than the run recorded "
                                       + "(\(remote.domain.genomeDimension)-D genomes, \(remote.domain.descriptorSpace.dimension) "
                                       + "descriptors; recorded \(domain.genomeDimension)-D, \(domain.descriptorSpace.dimension))")
        }
        return remote
    }
}

extension ExternalEvaluator {
    private enum Key: String, CodingKey {
        case transport, command, folder, url, tokenVariable = "token_variable", dask, domain
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(String.self, forKey: .transport) {
        case "process":
            transport = .process(command: try c.decode(String.self, forKey: .command), folder: try c.decode(String.self, forKey: .folder))
        case "http":
            transport = .http(url: try c.decode(String.self, forKey: .url), tokenVariable: try c.decodeIfPresent(String.self, forKey: .tokenVariable))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .transport, in: c, debugDescription: "'\(other)' is not a transport (process, http)")
        }
        dask = try c.decodeIfPresent(String.self, forKey: .dask)
        domain = try c.decode(WorkerDomain.self, forKey: .domain)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch transport {
        case .process(let command, let folder):
            try c.encode("process", forKey: .transport)
            try c.encode(command, forKey: .command)
            try c.encode(folder, forKey: .folder)
        case .http(let url, let tokenVariable):
            try c.encode("http", forKey: .transport)
            try c.encode(url, forKey: .url)
            try c.encodeIfPresent(tokenVariable, forKey: .tokenVariable)
        }
        try c.encodeIfPresent(dask, forKey: .dask)
        try c.encode(domain, forKey: .domain)
    }
}
