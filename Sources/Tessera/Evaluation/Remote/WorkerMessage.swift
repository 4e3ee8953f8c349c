import Foundation

/// The messages of Tessera's evaluator protocol, version ``protocolVersion``
/// (`Docs/EvaluatorProtocol.md`): one JSON object per line, named by its `type`.
///
/// Tessera sends ``hello``, then ``evaluate`` batches, then ``shutdown``; a worker answers
/// ``ready`` (declaring its domain) and one ``result`` per evaluated id, in any order.
public enum WorkerMessage: Hashable, Sendable {
    /// Tessera greets the worker with the protocol version it speaks.
    case hello(protocolVersion: Int, tessera: String)
    /// The worker's answer to `hello`: its protocol version and its domain.
    case ready(protocolVersion: Int, domain: WorkerDomain)
    /// A batch of rows to evaluate.
    case evaluate([WorkerItem])
    /// The outcome of one row: an evaluation, or the reason it failed.
    case result(id: Int, outcome: WorkerOutcome)
    /// Tessera is done; the worker exits.
    case shutdown

    /// The protocol version this build speaks.
    public static let protocolVersion = 1

    /// The largest seed sent (2⁵³ − 1), so every language reads it exactly.
    public static let largestSeed: UInt64 = (1 << 53) - 1
}

/// One row of an `evaluate` message.
public struct WorkerItem: Hashable, Sendable {
    /// The row's id, unique within a run (the evaluation's number).
    public var id: Int
    /// The genome.
    public var genome: [Double]
    /// The row's seed, at most ``WorkerMessage/largestSeed``: a pure function of the run's
    /// seed and the row, so a retried evaluation sees the same seed.
    public var seed: UInt64

    /// Creates an item.
    public init(id: Int, genome: [Double], seed: UInt64) {
        self.id = id
        self.genome = genome
        self.seed = seed
    }
}

/// What a worker answered for one row.
public enum WorkerOutcome: Hashable, Sendable {
    /// The row's evaluation.
    case evaluation(Evaluation)
    /// The worker's reason for failing the row.
    case error(String)
}

/// A worker's domain, as its `ready` message declares it.
public struct WorkerDomain: Hashable, Sendable {
    /// Numbers per genome.
    public var genomeDimension: Int
    /// The genome box, when the worker declares one.
    public var genomeBounds: Box?
    /// The descriptors' names (`descriptor_i` when not given).
    public var descriptorNames: [String]
    /// The descriptor box.
    public var descriptorSpace: Box
    /// The objective's range, when known (its lower bound is the QD-score offset).
    public var objectiveRange: ClosedRange<Double>?
    /// Floats per observation, or 0 when the worker sends none.
    public var observationDimension: Int

    /// Creates a domain declaration.
    public init(genomeDimension: Int, genomeBounds: Box? = nil, descriptorNames: [String], descriptorSpace: Box,
                objectiveRange: ClosedRange<Double>? = nil, observationDimension: Int = 0) {
        self.genomeDimension = genomeDimension
        self.genomeBounds = genomeBounds
        self.descriptorNames = descriptorNames
        self.descriptorSpace = descriptorSpace
        self.objectiveRange = objectiveRange
        self.observationDimension = observationDimension
    }
}

/// Why a line is not a message of the protocol, in one line.
public struct WorkerProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
