import Foundation
import Synchronization

/// A denoising generator and its reward served over HTTP by another process, on this
/// machine or a GPU machine: the client of the `tessera-denoising/1` protocol
/// (`Docs/DiffusionProtocol.md`).
///
/// Tessera keeps every random number: the initial noise and each step's noise travel with
/// the requests, so a search against a server is reproducible from its seed (up to the
/// server's own floating-point determinism). Latents are float32 (`Scalar == Float`) and
/// cross the wire as base64 of their little-endian bytes (``WireTensor``).
///
/// ``connect(to:reward:timeout:retry:tokenVariable:environment:)`` greets the server and
/// checks everything it declares (``RemoteDiffusionModel``); then EvoSearch drives
/// ``advance(_:rows:from:to:noise:)`` and ``score(_:rows:)``. HTTP 429, 500, 502, 503 and
/// 504, a time-out, a refused or dropped connection and an answer that is not the JSON
/// expected are retried by the ``RetryPolicy`` (honouring `Retry-After`); any other status
/// fails the request at once with the server's `error` text; a redirect is refused. Every
/// failure is a one-line ``RemoteDiffusionError`` naming the URL; cancelling the calling
/// task cancels the request and throws `CancellationError`. A bearer token, when given, is
/// sent with every request and never appears in an error, a description or a mirror.
public final class RemoteDiffusionServer: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Latents are float32.
    public typealias Scalar = Float

    /// The server's base URL, without a trailing slash or `/v1`: `http://127.0.0.1:8765`.
    public let server: String
    /// What the server declared in its `hello`, checked.
    public let model: RemoteDiffusionModel
    /// The client every request goes through.
    let client: HTTPClient
    /// `{server}/v1/advance` and `{server}/v1/score`.
    let advanceURL: URL
    let scoreURL: URL
    /// The figures so far.
    private let figures: Mutex<RemoteDiffusionStatistics>

    /// The requests one server object may have in flight at once.
    static let connections = 8

    /// A server already greeted.
    init(server: String, model: RemoteDiffusionModel, client: HTTPClient, statistics: RemoteDiffusionStatistics) {
        self.server = server
        self.model = model
        self.client = client
        advanceURL = URL(string: server + "/v1/advance")!
        scoreURL = URL(string: server + "/v1/score")!
        figures = Mutex(statistics)
    }

    deinit { client.invalidate() }

    /// Greets the denoising server at `url` (`POST {url}/v1/hello`) and checks what it declares.
    ///
    /// - Parameters:
    ///   - url: The server, `http` or `https`, with a host, no user or password (pass a
    ///     token variable instead), no query and no fragment; a trailing slash or `/v1` is
    ///     ignored.
    ///   - reward: The reward to score by, or `nil` for the server's default.
    ///   - timeout: The longest one attempt may take, positive.
    ///   - retry: Attempts and back-off for transient failures.
    ///   - tokenVariable: The name of an environment variable holding a bearer token sent
    ///     as `Authorization: Bearer TOKEN`, or `nil`. It is read once and never shown.
    ///   - environment: Where `tokenVariable` is read.
    /// - Returns: The server, ready for ``advance(_:rows:from:to:noise:)`` and ``score(_:rows:)``.
    /// - Throws: ``RemoteDiffusionError`` in one line: a bad URL, time-out or token
    ///   variable; a server that cannot be reached or refuses the request (an unknown
    ///   reward is a 400); an answer that is not JSON or lacks a field; a declaration that
    ///   fails ``RemoteDiffusionModel/validate(server:)``, or a reward other than the one
    ///   asked for. `CancellationError` when the task is cancelled.
    public static func connect(to url: URL, reward: String?, timeout: Duration, retry: RetryPolicy = .standard,
                               tokenVariable: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> RemoteDiffusionServer {
        let server = try base(of: url)
        if let reward, reward.isEmpty { throw RemoteDiffusionError("the reward name for \(server) is empty") }
        let client: HTTPClient
        do {
            client = try HTTPClient(connections: connections, tokenVariable: tokenVariable, timeout: timeout, retry: retry,
                                    environment: environment)
        } catch {
            throw RemoteDiffusionError(error.message)
        }
        do {
            let body = try JSONSerialization.data(withJSONObject: ["protocol": RemoteDiffusionModel.protocolName,
                                                                   "reward": reward.map { $0 as Any } ?? NSNull()])
            let clock = ContinuousClock(), start = clock.now
            let (result, retries) = await send(body, to: URL(string: server + "/v1/hello")!, via: client) { data throws(RemoteDiffusionError) in
                try decode(RemoteDiffusionModel.self, from: data)
            }
            let model = try result.get()
            if let reward, model.reward.name != reward {
                throw RemoteDiffusionError("the denoising server \(server) declares a bad reward: it uses '\(RemoteDiffusionModel.excerpt(model.reward.name))', not the '\(RemoteDiffusionModel.excerpt(reward))' asked for")
            }
            try model.validate(server: server)
            var statistics = RemoteDiffusionStatistics()
            statistics.requests = 1
            statistics.retries = retries
            statistics.seconds = (clock.now - start) / .seconds(1)
            return RemoteDiffusionServer(server: server, model: model, client: client, statistics: statistics)
        } catch {
            client.invalidate()
            throw error
        }
    }

    /// What the server has done so far.
    public var statistics: RemoteDiffusionStatistics { figures.withLock { $0 } }

    /// Records one request: its wall time, its retried attempts and whether it failed.
    func record(seconds: Double, retries: Int, failed: Bool) {
        figures.withLock { figures in
            figures.requests += 1
            figures.retries += retries
            figures.seconds += seconds
            if failed { figures.failures += 1 }
        }
    }

    /// Records an answer refused after it came (`failure`), the NFE it reports or the
    /// outputs it scored.
    func record(failure: Bool = false, nfe: Int = 0, scored: Int = 0) {
        figures.withLock { figures in
            if failure { figures.failures += 1 }
            figures.nfe += nfe
            figures.scored += scored
        }
    }

    /// Lets the requests under way finish, then releases the connections; later requests fail.
    public func close() { client.invalidate() }

    /// The server and its model: `http://127.0.0.1:8765 (model, reward name)`.
    public var description: String { "\(server) (\(model.summary), reward \(model.reward.name))" }

    /// The ``description``.
    public var debugDescription: String { "RemoteDiffusionServer(\(description))" }

    /// The URL and the model only, so a `dump` cannot show the token.
    public var customMirror: Mirror { Mirror(self, children: ["server": server, "model": model]) }

    /// The base of the server's endpoints: `url` checked, without trailing slashes or a
    /// trailing `/v1`.
    static func base(of url: URL) throws(RemoteDiffusionError) -> String {
        guard url.user == nil, url.password == nil else {
            throw RemoteDiffusionError("the denoising server URL must not hold a user or password; give a token variable instead")
        }
        let text = url.absoluteString
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw RemoteDiffusionError("the denoising server URL must start with http:// or https:// (got '\(oneLine(text))')")
        }
        guard let host = url.host, !host.isEmpty else {
            throw RemoteDiffusionError("the denoising server URL has no host (got '\(oneLine(text))')")
        }
        guard url.query == nil, url.fragment == nil, !text.contains("?"), !text.contains("#") else {
            throw RemoteDiffusionError("the denoising server URL must not have a query or a fragment (got '\(oneLine(text))')")
        }
        var base = Substring(text)
        while base.hasSuffix("/") { base = base.dropLast() }
        if base.lowercased().hasSuffix("/v1") { base = base.dropLast(3) }
        while base.hasSuffix("/") { base = base.dropLast() }
        return String(base)
    }

    /// `text` on one line (line breaks and runs of white space become one space), at most
    /// `limit` characters, an ellipsis marking a cut.
    static func oneLine(_ text: some StringProtocol, limit: Int = 200) -> String {
        var line = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        if line.count > limit { line = String(line.prefix(limit)) + "…" }
        return line
    }
}
