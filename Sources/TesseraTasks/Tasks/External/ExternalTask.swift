import Foundation
import Tessera

extension TaskDeclaration {
    /// The name of every run whose domain an evaluator outside the process declares.
    public static let externalName = "external"

    /// The task of a run on an evaluator outside the process (`tessera run --evaluator …`):
    /// its genome, descriptors and bounds are those the evaluator declared, its defaults
    /// those of the built-in sphere (σ 0.5, Iso+LineDD line σ 0.2, a first genome of zeros),
    /// its QD-score offset the declared lower objective bound (0 when none), and uniform
    /// sampling draws from the declared genome box (the sphere's −5.12 … 5.12 when none;
    /// children are clipped into a declared box only).
    ///
    /// - Parameters:
    ///   - evaluator: The evaluator as the run records it.
    ///   - remote: The running evaluator, or `nil` when the run is only read (`info`,
    ///     `export`); such a run cannot evaluate.
    public static func external(_ evaluator: ExternalEvaluator, remote: RemoteEvaluator? = nil) -> TaskDeclaration {
        let domain = evaluator.domain
        return TaskDeclaration(
            name: externalName,
            summary: "a domain evaluated outside the process: \(evaluator.description)",
            reference: "Docs/EvaluatorProtocol.md",
            defaultDimension: domain.genomeDimension, minimumDimension: domain.genomeDimension,
            maximumDimension: domain.genomeDimension, descriptorDimension: domain.descriptorSpace.dimension,
            qdScoreOffset: domain.objectiveRange?.lowerBound ?? 0, defaultSigma: 0.5,
            samplingRange: -5.12...5.12, samplingBox: domain.genomeBounds,
            clipsToSamplingBox: domain.genomeBounds != nil, observable: domain.observationDimension > 0,
            external: evaluator,
            domain: { _ in ExternalTaskDomain(declared: domain, remote: remote) })
    }
}

/// The domain of a run on an evaluator outside the process, as the run's archives and
/// emitters see it. Its rows are evaluated by ``remote`` (an ``AsyncDomain``) through a
/// ``ConcurrentEvaluator``: a run's loop takes that path whenever its domain is one of
/// these. The synchronous ``evaluate(_:into:)``, which that loop never calls, fails every
/// row with the reason.
public struct ExternalTaskDomain: Domain {
    public typealias Genome = [Double]
    /// The domain the evaluator declared.
    public let declared: WorkerDomain
    /// The running evaluator, or `nil` for a run that is only read.
    public let remote: RemoteEvaluator?

    public var descriptorSpace: Box { declared.descriptorSpace }
    public var genomeLayout: Int { declared.genomeDimension }
    public var genomeBounds: Box? { declared.genomeBounds }
    public var observationDimension: Int { declared.observationDimension }

    public func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            results.failures[row] = .threw("this domain is evaluated outside the process; run it through its RemoteEvaluator")
        }
    }

    /// The calls in flight a ``ConcurrentEvaluator`` keeps for a batch of `batchSize` rows:
    /// all of them, so the evaluator can spread the batch over its workers.
    static func inFlight(batchSize: Int) -> Int { min(max(batchSize, 1), ConcurrentEvaluator.maximumInFlightLimit) }
}
