extension GaussianModelEmitter {
    private enum CodingKeys: String, CodingKey {
        case batchSize, sigma, meanLearningRate, covarianceLearningRate, initialMean, bounds
        case mean, covariance, cholesky, updates, repairs
    }

    /// Decodes the emitter, configuration and model, checking the configuration as
    /// ``init(initialMean:sigma:batchSize:meanLearningRate:covarianceLearningRate:bounds:)``
    /// does and the model as ``restoreState(from:)`` does.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the refusal's message; any error
    ///   of the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let initialMean = try c.decode([Double].self, forKey: .initialMean)
        let sigma = try c.decode(Double.self, forKey: .sigma)
        let batchSize = try c.decode(Int.self, forKey: .batchSize)
        let meanRate = try c.decode(Double.self, forKey: .meanLearningRate)
        let covarianceRate = try c.decode(Double.self, forKey: .covarianceLearningRate)
        let bounds = try c.decodeIfPresent(GenomeBounds.self, forKey: .bounds)
        var emitter = try DecodingError.validating(decoder) { () throws(ParameterError) in
            try Self(initialMean: initialMean, sigma: sigma, batchSize: batchSize, meanLearningRate: meanRate,
                     covarianceLearningRate: covarianceRate, bounds: bounds)
        }
        let model = Model(mean: try c.decode([Double].self, forKey: .mean),
                          covariance: try c.decode([Double].self, forKey: .covariance),
                          cholesky: try c.decode([Double].self, forKey: .cholesky),
                          counters: Counters(updates: try c.decode(Int.self, forKey: .updates),
                                             repairs: try c.decode(Int.self, forKey: .repairs)))
        try DecodingError.validating(decoder) { () throws(RestoreError) in try emitter.adopt(model) }
        self = emitter
    }

    /// Encodes the configuration and the model.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(sigma, forKey: .sigma)
        try c.encode(meanLearningRate, forKey: .meanLearningRate)
        try c.encode(covarianceLearningRate, forKey: .covarianceLearningRate)
        try c.encode(initialMean, forKey: .initialMean)
        try c.encodeIfPresent(bounds, forKey: .bounds)
        try c.encode(mean, forKey: .mean)
        try c.encode(covariance, forKey: .covariance)
        try c.encode(cholesky, forKey: .cholesky)
        try c.encode(updates, forKey: .updates)
        try c.encode(repairs, forKey: .repairs)
    }
}
