import Foundation
import Tessera

/// Everything that defines an EvoSearch run (`tessera run mixture-diffusion`, or a run on a
/// denoising server): the generator, the reward, the algorithm, its schedule, seed and
/// batch. Stored as the run's configuration JSON with `"kind": "diffusion"`, so `resume`
/// rebuilds the same search.
public struct DiffusionRunConfiguration: Hashable, Sendable {
    /// The built-in exact model's task.
    public static let mixtureTask = "mixture-diffusion"
    /// The task of a run on a denoising server.
    public static let remoteTask = "remote-diffusion"
    /// The names of the algorithms.
    public static var algorithmNames: [String] { EvoSearchAlgorithm.allCases.map(\.rawValue) }

    /// ``mixtureTask`` or ``remoteTask``.
    public var task: String
    /// The built-in model's dimension d.
    public var dimension: Int?
    /// The server's base URL, for a remote run.
    public var serverURL: String?
    /// The environment variable holding the server's bearer token (never the token).
    public var tokenVariable: String?
    /// The reward's name; for a remote run, `nil` until the server names its default.
    public var reward: String?
    /// The search.
    public var algorithm: EvoSearchAlgorithm
    /// The run's seed.
    public var seed: UInt64
    /// When to evolve and how many (`evosearch`, `evosearch-qd`).
    public var schedule: EvoSearchSchedule
    /// Best-of-N's N (`nil`: the schedule's NFE over the steps, an equal budget).
    public var sampleCount: Int?
    /// Rollouts per batch: one request to the generator, and a checkpoint after each.
    public var batchSize: Int
    /// Cells per descriptor of the run's archive (the built-in model: 8, one per mode).
    public var gridShape: [Int]?
    /// The server's description of itself when the run started (its `hello`, JSON): a
    /// resumed run refuses a server that changed.
    public var serverDescription: String?

    /// The default rollouts per batch of the built-in model (a generation at a time) and of a server.
    public static let defaultMixtureBatchSize = 64
    public static let defaultRemoteBatchSize = 8
    /// The most rollouts per batch.
    public static let maximumBatchSize = 4096
    /// The most cells per descriptor.
    public static let maximumBins = 1000

    /// A configuration, checked.
    ///
    /// - Throws: ``DiffusionRunError`` in one line naming the value at fault.
    public init(task: String, dimension: Int? = nil, serverURL: String? = nil, tokenVariable: String? = nil, reward: String?,
                algorithm: EvoSearchAlgorithm, seed: UInt64, schedule: EvoSearchSchedule, sampleCount: Int? = nil,
                batchSize: Int? = nil, gridShape: [Int]? = nil, serverDescription: String? = nil) throws(DiffusionRunError) {
        self.task = task
        self.dimension = dimension
        self.serverURL = serverURL
        self.tokenVariable = tokenVariable
        self.reward = reward
        self.algorithm = algorithm
        self.seed = seed
        self.schedule = schedule
        self.sampleCount = sampleCount
        self.batchSize = batchSize ?? (task == Self.mixtureTask ? Self.defaultMixtureBatchSize : Self.defaultRemoteBatchSize)
        self.gridShape = gridShape
        self.serverDescription = serverDescription
        if let problem { throw DiffusionRunError(problem) }
    }

    /// What is wrong, in one line, or `nil`.
    var problem: String? {
        switch task {
        case Self.mixtureTask:
            guard let dimension, (GaussianMixtureDiffusion.modeCount...GaussianMixtureDiffusion.maximumDimension).contains(dimension) else {
                return "--dims must be in \(GaussianMixtureDiffusion.modeCount)...\(GaussianMixtureDiffusion.maximumDimension) for mixture-diffusion (got \(dimension.map(String.init) ?? "none"))"
            }
            guard let reward, MixtureReward(rawValue: reward) != nil else {
                return "--reward must be \(MixtureReward.allCases.map(\.rawValue).joined(separator: " or ")) for mixture-diffusion (got '\(reward ?? "")')"
            }
            guard serverURL == nil, tokenVariable == nil else { return "the built-in model takes no server" }
            if let gridShape, gridShape != [GaussianMixtureDiffusion.modeCount] {
                return "--grid does not apply to mixture-diffusion: its archive has one cell per mode"
            }
        case Self.remoteTask:
            guard let serverURL else { return "a remote run needs the server's URL (--generator URL)" }
            if let problem = Self.urlProblem(serverURL) { return "--generator \(problem)" }
            if let tokenVariable, !LanguageModelServer.isVariableName(tokenVariable) {
                return "--generator-token-env must name an environment variable (letters, digits and _), got '\(tokenVariable)'"
            }
            guard dimension == nil else { return "--dims does not apply to a server: it declares its latent's shape" }
            if let reward, reward.isEmpty || reward.count > 200 || reward.contains(where: \.isNewline) {
                return "--reward must be a reward's name (got '\(reward)')"
            }
            if let gridShape, gridShape.isEmpty || !gridShape.allSatisfy({ (1...Self.maximumBins).contains($0) }) || gridShape.reduce(1, *) > 1_000_000 {
                return "--grid must give 1...\(Self.maximumBins) cells per descriptor and at most 1,000,000 cells (got \(gridShape.map(String.init).joined(separator: "x")))"
            }
        default:
            return "'\(task)' is not a diffusion task (\(Self.mixtureTask), or a server with --generator URL)"
        }
        guard (1...Self.maximumBatchSize).contains(batchSize) else {
            return "--batch-size must be in 1...\(Self.maximumBatchSize) for an EvoSearch run (got \(batchSize))"
        }
        if let sampleCount, !(1...1_000_000).contains(sampleCount) {
            return "best-of-n's N must be in 1...1000000 (got \(sampleCount))"
        }
        return nil
    }

    /// What is wrong with a server's URL, or `nil`: an http(s) URL with a host, no spaces,
    /// no query. A password in it is never echoed.
    public static func urlProblem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil,
              !text.contains(where: \.isWhitespace), url.query == nil, url.fragment == nil
        else {
            let shown = URL(string: text)?.password != nil ? "(a URL with a password)" : "'\(text.prefix(200))'"
            return "must be an http:// or https:// URL of the server (got \(shown))"
        }
        return nil
    }

    /// The server's URL as shown: without a user or password.
    public var shownURL: String? {
        guard let serverURL, var parts = URLComponents(string: serverURL) else { return serverURL }
        parts.user = nil
        parts.password = nil
        return parts.string ?? serverURL
    }

    /// The key/value pairs of the file's `run_config` table and of `info`.
    public var fields: [(String, String)] {
        var fields: [(String, String)] = [
            ("kind", "diffusion"), ("task", task), ("algorithm", algorithm.rawValue), ("seed", String(seed)),
            ("batch_size", String(batchSize)),
        ]
        if let dimension { fields.append(("dims", String(dimension))) }
        if let shown = shownURL { fields.append(("generator_url", shown)) }
        if let tokenVariable { fields.append(("generator_token_variable", tokenVariable)) }
        fields.append(("reward", reward ?? "(the server's default)"))
        if algorithm == .bestOfN {
            fields.append(("samples", sampleCount.map(String.init) ?? "equal budget"))
        } else {
            fields += [("evolution_schedule", schedule.evolutionSteps.map(String.init).joined(separator: ",")),
                       ("population_schedule", schedule.populations.map(String.init).joined(separator: ",")),
                       ("elites", String(schedule.eliteCount)), ("mutation_rate", String(schedule.mutationRate))]
        }
        fields += [("objective_name", "reward"), ("evaluation_unit", "NFE")]
        return fields
    }
}

extension DiffusionRunConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, task, dimension, reward, algorithm, seed, schedule
        case serverURL = "server_url", tokenVariable = "token_variable", sampleCount = "sample_count", batchSize = "batch_size"
        case gridShape = "grid_shape", serverDescription = "server_description"
    }

    /// Reads a configuration, every value checked.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard try c.decode(String.self, forKey: .kind) == "diffusion" else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "not an EvoSearch run")
        }
        let saved = try c.decode(SavedSchedule.self, forKey: .schedule)
        let schedule: EvoSearchSchedule
        do {
            schedule = try EvoSearchSchedule(evolutionSteps: saved.evolutionSteps, populations: saved.populations, eliteCount: saved.eliteCount,
                                             mutationRate: saved.mutationRate, tournamentFraction: saved.tournamentFraction,
                                             stepCount: 1_000_000)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.schedule], debugDescription: error.description))
        }
        do {
            try self.init(task: try c.decode(String.self, forKey: .task), dimension: try c.decodeIfPresent(Int.self, forKey: .dimension),
                          serverURL: try c.decodeIfPresent(String.self, forKey: .serverURL),
                          tokenVariable: try c.decodeIfPresent(String.self, forKey: .tokenVariable),
                          reward: try c.decodeIfPresent(String.self, forKey: .reward),
                          algorithm: try c.decode(EvoSearchAlgorithm.self, forKey: .algorithm), seed: try c.decode(UInt64.self, forKey: .seed),
                          schedule: schedule, sampleCount: try c.decodeIfPresent(Int.self, forKey: .sampleCount),
                          batchSize: try c.decode(Int.self, forKey: .batchSize), gridShape: try c.decodeIfPresent([Int].self, forKey: .gridShape),
                          serverDescription: try c.decodeIfPresent(String.self, forKey: .serverDescription))
        } catch let error as DiffusionRunError {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("diffusion", forKey: .kind)
        try c.encode(task, forKey: .task)
        try c.encodeIfPresent(dimension, forKey: .dimension)
        try c.encodeIfPresent(serverURL, forKey: .serverURL)
        try c.encodeIfPresent(tokenVariable, forKey: .tokenVariable)
        try c.encodeIfPresent(reward, forKey: .reward)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(seed, forKey: .seed)
        try c.encode(SavedSchedule(schedule), forKey: .schedule)
        try c.encodeIfPresent(sampleCount, forKey: .sampleCount)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encodeIfPresent(gridShape, forKey: .gridShape)
        try c.encodeIfPresent(serverDescription, forKey: .serverDescription)
    }

    /// A schedule as files keep it (checked against the generator's steps when the run is built).
    struct SavedSchedule: Codable {
        var evolutionSteps: [Int]
        var populations: [Int]
        var eliteCount: Int
        var mutationRate: Double
        var tournamentFraction: Double

        init(_ schedule: EvoSearchSchedule) {
            evolutionSteps = schedule.evolutionSteps
            populations = schedule.populations
            eliteCount = schedule.eliteCount
            mutationRate = schedule.mutationRate
            tournamentFraction = schedule.tournamentFraction
        }

        enum CodingKeys: String, CodingKey {
            case populations
            case evolutionSteps = "evolution_steps", eliteCount = "elites", mutationRate = "mutation_rate"
            case tournamentFraction = "tournament_fraction"
        }
    }

    /// Whether a run's configuration JSON is an EvoSearch run's.
    public static func isDiffusionRun(_ json: Data) -> Bool {
        ((try? JSONSerialization.jsonObject(with: json)) as? [String: Any])?["kind"] as? String == "diffusion"
    }
}

/// Why an EvoSearch run cannot be made, started or resumed, in one line.
public struct DiffusionRunError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
