import Tessera

extension RunConfiguration {
    /// Builds the archive, emitters and scheduler this configuration describes.
    ///
    /// - Parameters:
    ///   - centroids: CVT centroids to use instead of running k-means (a saved run's,
    ///     when resuming).
    ///   - construction: How those centroids were made, kept for the run's summary.
    ///   - shouldStop: Polled while k-means makes CVT centroids; when it turns true the
    ///     construction stops with an error.
    /// - Throws: ``ConfigurationError`` for bad values; archive construction errors.
    /// - Complexity: dominated by k-means for CVT archives.
    public func makeRun(centroids: [Double]? = nil, construction: CVTConstruction? = nil,
                        shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> any TaskRun {
        try validate()
        let domain = try task.domain(dimension: dimension)
        let emitter = try makeEmitter()
        switch algorithm {
        case .cvtMapElites:
            let archive: CVTArchive<[Double]>
            if let centroids {
                guard centroids.count == cells * domain.descriptorSpace.dimension else {
                    throw ConfigurationError(message: "\(centroids.count / domain.descriptorSpace.dimension) saved centroids for \(cells) cells")
                }
                archive = try CVTArchive(centroids: centroids, descriptorSpace: domain.descriptorSpace, genomeLayout: dimension,
                                         qdScoreOffset: task.qdScoreOffset, construction: construction)
            } else {
                archive = try CVTArchive(centroidCount: cells, samples: cvtSamples, descriptorSpace: domain.descriptorSpace,
                                         genomeLayout: dimension, seed: seed, qdScoreOffset: task.qdScoreOffset,
                                         shouldStop: shouldStop)
            }
            return SchedulerRun(configuration: self, scheduler: try Scheduler(archive: archive, emitters: [emitter], seed: seed),
                                domain: domain)
        case .mapElites, .lineMapElites, .random:
            let archive = try GridArchive<[Double]>(shape: grid, descriptorSpace: domain.descriptorSpace,
                                                    genomeLayout: dimension, qdScoreOffset: task.qdScoreOffset)
            return SchedulerRun(configuration: self, scheduler: try Scheduler(archive: archive, emitters: [emitter], seed: seed),
                                domain: domain)
        }
    }

    /// The single emitter of the built-in algorithms, with pyribs' sphere-benchmark setup.
    func makeEmitter() throws -> any Emitter<[Double]> {
        let x0 = [Double](repeating: 0, count: dimension)
        let bounds = task.genomeBounds(dimension: dimension)
        switch algorithm {
        case .mapElites, .cvtMapElites:
            return try VectorEmitter(selection: UniformSelection(), variation: MutationVariation(GaussianMutation(sigma: sigma)),
                                 initialGenome: x0, batchSize: batchSize, bounds: bounds)
        case .lineMapElites:
            return try VectorEmitter(selection: UniformSelection(),
                                 variation: IsoLineVariation(isoSigma: isoSigma, lineSigma: lineSigma),
                                 initialGenome: x0, batchSize: batchSize, bounds: bounds)
        case .random:
            return try UniformEmitter(box: task.samplingBox(dimension: dimension), batchSize: batchSize)
        }
    }
}
