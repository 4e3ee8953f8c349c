extension GaussianModelEmitter {
    /// `tessera.gaussian-model-emitter`.
    public static var stateIdentifier: String { "tessera.gaussian-model-emitter" }

    /// The model as binary parts — `mean` (`d` doubles), `covariance` and `cholesky`
    /// (`d` × `d` doubles each, row-major) — and a JSON part `counters`. The
    /// configuration (batch size, σ, learning rates, bounds, initial mean) is not saved
    /// here: the caller rebuilds it.
    ///
    /// - Throws: Encoding errors of the counters (none in practice).
    public func saveState() throws -> ComponentState {
        var state = Self.emptyState()
        state.set("mean", .doubles(mean))
        state.set("covariance", .doubles(covariance))
        state.set("cholesky", .doubles(cholesky))
        try state.set("counters", json: Counters(updates: updates, repairs: repairs))
        return state
    }

    /// Restores the model, checking it: the emitter's dimension, finite numbers, a
    /// symmetric covariance, a lower-triangular factor with a positive diagonal, and
    /// counters of at least 0.
    ///
    /// - Throws: ``RestoreError`` for a missing, mismatched or impossible part.
    public mutating func restoreState(from state: ComponentState) throws {
        let d = mean.count
        let counters = try state.decode(Counters.self, key: "counters")
        try adopt(Model(mean: try state.doubles("mean", count: d), covariance: try state.doubles("covariance", count: d * d),
                        cholesky: try state.doubles("cholesky", count: d * d), counters: counters))
    }

    /// The emitter's counters, saved as JSON.
    struct Counters: Codable, Hashable {
        var updates: Int
        var repairs: Int
    }

    /// A saved model, before it is checked.
    struct Model {
        var mean: [Double]
        var covariance: [Double]
        var cholesky: [Double]
        var counters: Counters
    }

    /// Takes `model` after checking it.
    mutating func adopt(_ model: Model) throws(RestoreError) {
        let d = initialMean.count
        func refuse(_ problem: String) -> RestoreError { RestoreError(message: "GaussianModelEmitter: the saved \(problem)") }
        guard model.mean.count == d, model.covariance.count == d * d, model.cholesky.count == d * d else {
            throw refuse("model has \(model.mean.count) mean and \(model.covariance.count) covariance numbers for dimension \(d)")
        }
        guard model.mean.allSatisfy(\.isFinite), model.covariance.allSatisfy(\.isFinite), model.cholesky.allSatisfy(\.isFinite) else {
            throw refuse("model holds NaN or an infinity")
        }
        for i in 0..<d {
            guard model.cholesky[i * d + i] > 0, model.covariance[i * d + i] > 0 else {
                throw refuse("model has a diagonal element at or below 0 (row \(i))")
            }
            for j in 0..<i where model.covariance[i * d + j] != model.covariance[j * d + i] || model.cholesky[j * d + i] != 0 {
                throw refuse("covariance is not symmetric, or its factor not lower triangular (row \(i), column \(j))")
            }
        }
        guard model.counters.updates >= 0, model.counters.repairs >= 0 else { throw refuse("counters are negative") }
        mean = model.mean
        covariance = model.covariance
        cholesky = model.cholesky
        updates = model.counters.updates
        repairs = model.counters.repairs
    }
}
