import Foundation
import Tessera
import TesseraLanguageModels

/// Everything that defines a text run (QDAIF and its baselines): the domain as it was read,
/// the algorithm, seed, batch and budget, and the language-model servers. Stored as the
/// run's configuration JSON with `"kind": "text"`, so `resume` rebuilds the same run
/// without the domain's file.
public struct TextRunConfiguration: Hashable, Sendable {
    /// The domain's JSON, as read from its file or the built-in copy.
    public var domainJSON: String
    /// Where the domain came from: `built-in` or the file's path when the run started.
    public var domainSource: String
    /// The search: `qdaif`, `fixed-prompt` or `quality-only`.
    public var algorithm: LMXEmitter.Selection
    /// The run's seed.
    public var seed: UInt64
    /// Texts per iteration.
    public var batchSize: Int
    /// Candidate texts to evaluate.
    public var evaluations: Int
    /// The servers.
    public var server: LanguageModelServer
    /// Whether the judge is calibrated on reference texts (the domain's `calibration`, or
    /// ``JudgeCalibration/contentFree``).
    public var calibrate: Bool

    /// The domain, read from ``domainJSON`` (checked when the configuration was made or read).
    public let domain: TextDomain

    /// Texts per iteration by default.
    public static let defaultBatchSize = 8
    /// The most texts per iteration.
    public static let maximumBatchSize = 4096
    /// The most candidate texts of one run.
    public static let maximumEvaluations = 100_000_000
    /// The names of the text algorithms.
    public static var algorithmNames: [String] { LMXEmitter.Selection.allCases.map(\.rawValue) }

    /// A configuration, checked.
    ///
    /// - Throws: ``TextRunError`` in one line naming the value at fault.
    public init(domainJSON: String, domainSource: String, algorithm: LMXEmitter.Selection, seed: UInt64,
                batchSize: Int = Self.defaultBatchSize, evaluations: Int, server: LanguageModelServer,
                calibrate: Bool = false) throws(TextRunError) {
        do {
            domain = try TextDomain(json: Data(domainJSON.utf8), source: domainSource == "built-in" ? "the domain" : domainSource)
        } catch {
            throw TextRunError(error.message)
        }
        self.domainJSON = domainJSON
        self.domainSource = domainSource
        self.algorithm = algorithm
        self.seed = seed
        self.batchSize = batchSize
        self.evaluations = evaluations
        self.server = server
        self.calibrate = calibrate
        if let problem { throw TextRunError(problem) }
    }

    /// What is wrong with the numbers and servers, in one line, or `nil`.
    var problem: String? {
        guard (1...Self.maximumBatchSize).contains(batchSize) else {
            return "the batch size must be in 1...\(Self.maximumBatchSize) for a text run (got \(batchSize))"
        }
        guard (1...Self.maximumEvaluations).contains(evaluations) else {
            return "the evaluations must be in 1...\(Self.maximumEvaluations) for a text run (got \(evaluations))"
        }
        return server.problem.map { "the language-model server: \($0)" }
    }

    /// The judge's reference texts, or `nil` when it is not calibrated.
    public var references: [String]? { calibrate ? domain.calibration ?? JudgeCalibration.contentFree : nil }

    /// The domain's grid: each axis's bin count.
    public var gridShape: [Int] { domain.axes.map(\.binCount) }

    /// The grid's cells.
    public var cellCount: Int { gridShape.reduce(1, *) }

    /// The key/value pairs of the file's `run_config` table and of `info`.
    public var fields: [(String, String)] {
        var fields: [(String, String)] = [
            ("kind", "text"), ("task", domain.name), ("algorithm", algorithm.rawValue), ("seed", String(seed)),
            ("batch_size", String(batchSize)), ("evaluations", String(evaluations)), ("domain_source", domainSource),
            ("calibrated_judge", calibrate ? "yes" : "no"),
            ("axes", domain.axes.map { "\($0.name) (\($0.binCount) bins)" }.joined(separator: ", ")),
            ("descriptor_names", domain.axes.map(\.name).joined(separator: ", ")),
            ("llm_urls", server.urls.joined(separator: " ")), ("llm_concurrency", String(server.concurrency)),
        ]
        if let model = server.model { fields.append(("llm_model", model)) }
        if let variable = server.keyVariable { fields.append(("llm_key_variable", variable)) }
        return fields
    }
}

extension TextRunConfiguration: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, task, algorithm, seed, evaluations, server, calibrate
        case domainJSON = "domain_json", domainSource = "domain_source", batchSize = "batch_size"
    }

    /// Reads a configuration, every value checked (the domain as its file would be).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard try c.decode(String.self, forKey: .kind) == "text" else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "not a text run")
        }
        do {
            try self.init(domainJSON: try c.decode(String.self, forKey: .domainJSON),
                          domainSource: try c.decode(String.self, forKey: .domainSource),
                          algorithm: try c.decode(LMXEmitter.Selection.self, forKey: .algorithm),
                          seed: try c.decode(UInt64.self, forKey: .seed), batchSize: try c.decode(Int.self, forKey: .batchSize),
                          evaluations: try c.decode(Int.self, forKey: .evaluations),
                          server: try c.decode(LanguageModelServer.self, forKey: .server),
                          calibrate: try c.decodeIfPresent(Bool.self, forKey: .calibrate) ?? false)
        } catch let error as TextRunError {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("text", forKey: .kind)
        try c.encode(domain.name, forKey: .task)
        try c.encode(domainJSON, forKey: .domainJSON)
        try c.encode(domainSource, forKey: .domainSource)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(seed, forKey: .seed)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(evaluations, forKey: .evaluations)
        try c.encode(server, forKey: .server)
        try c.encode(calibrate, forKey: .calibrate)
    }

    /// Whether a run's configuration JSON is a text run's.
    public static func isTextRun(_ json: Data) -> Bool {
        ((try? JSONSerialization.jsonObject(with: json)) as? [String: Any])?["kind"] as? String == "text"
    }
}

/// Why a text run cannot be made, started or resumed, in one line.
public struct TextRunError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
