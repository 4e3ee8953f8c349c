import Foundation
import Tessera

/// A domain with no hand-written descriptor: each genome draws a blob on an 8 x 8 image,
/// and the image is all the search is told about its behaviour.
struct Blobs: Domain {
    typealias Genome = [Double]
    // snippet-begin
    /// With a learned descriptor the archive's space is the codes': declare it here and
    /// leave the descriptors at 0; the scheduler replaces them with the codes.
    let descriptorSpace = Box(dimension: 2, range: -1...1)
    var genomeLayout: Int { 4 }
    var observationDimension: Int { 64 }

    func evaluate(_ genomes: VectorColumn, into results: inout EvaluationBatch) throws {
        for row in 0..<genomes.count {
            let x = genomes[row]
            results.objectives[row] = -x.reduce(0) { $0 + $1 * $1 }
            let (u, v) = (3.5 + 3.5 * sin(2 * x[0]), 3.5 + 3.5 * sin(2 * x[1]))
            for pixel in 0..<64 {
                let (du, dv) = (Double(pixel % 8) - u, Double(pixel / 8) - v)
                results.observations[row * 64 + pixel] = Float(exp(-(du * du + dv * dv) / 2))
            }
        }
    }
    // snippet-end
}

@main
struct LearnedDescriptorsExample {
    static func main() async throws {
        // snippet-begin
        // AURORA: an unstructured archive over 2-D codes that PCA learns from the images,
        // re-trained on a growing schedule, its distance steered to hold about 300 elites.
        let archive = try UnstructuredArchive<[Double]>(descriptorSpace: Blobs().descriptorSpace, genomeLayout: 4,
                                                        admission: .distanceAbove(1e-12))
        let emitter = try VectorEmitter(selection: UniformSelection(), variation: IsoLineVariation(isoSigma: 0.1, lineSigma: 0.2),
                                        initialGenome: [0, 0, 0, 0], batchSize: 100,
                                        bounds: GenomeBounds(Box(dimension: 4, range: -1...1)))
        var scheduler = try Scheduler(archive: archive, emitters: [emitter], seed: 3)
        try scheduler.learnDescriptors(try DescriptorLearning(
            learner: try PCALearner(inputDimension: 64, components: .count(2)),
            schedule: .growing(minimum: 5, maximum: 100), trainingSet: .archive,
            sizeControl: ContainerSizeControl(target: 300)))
        await scheduler.run(domain: Blobs(), totalEvaluations: 10_000, evaluator: try ParallelEvaluator())
        let learning = scheduler.learning!
        print("\(scheduler.archive.count) elites; \(learning.trainings) trainings; "
              + "\(learning.observations.count) observations kept")
        // snippet-end
    }
}
