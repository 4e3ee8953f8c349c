/// Reads and checks the saved parts of an ``EvolutionStrategy``: counts against the
/// strategy's dimension and finite numbers, with errors that name the strategy.
struct StrategyStateReader {
    /// The saved state.
    let state: ComponentState
    /// The prefix of every key.
    let prefix: String
    /// The strategy's type name, for messages.
    let owner: String

    /// A ``RestoreError`` about `problem`.
    func refuse(_ problem: String) -> RestoreError {
        RestoreError(message: "\(owner): the saved \(problem)")
    }

    /// The `.doubles` part `prefix + key`, checked to hold `count` finite numbers.
    ///
    /// - Throws: ``RestoreError`` for a missing part, another count, or NaN or an infinity.
    func finite(_ key: String, count: Int) throws -> [Double] {
        let values = try state.doubles(prefix + key)
        guard values.count == count else {
            throw refuse("part '\(prefix + key)' holds \(values.count) numbers, expected \(count)")
        }
        guard values.allSatisfy(\.isFinite) else { throw refuse("part '\(prefix + key)' holds NaN or an infinity") }
        return values
    }

    /// The JSON part `prefix + key`.
    ///
    /// - Throws: ``RestoreError`` for a missing part, the value's `DecodingError`.
    func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
        try state.decode(T.self, key: prefix + key)
    }

    /// Checks the counters and values every strategy saves.
    ///
    /// - Throws: ``RestoreError`` for σ not finite and positive, negative counters, or a NaN value.
    func check(sigma: Double, generation: Int, evaluations: Int, progress: CMAProgress, dimension: Int) throws {
        guard sigma.isFinite && sigma > 0 else { throw refuse("step size \(sigma) is not finite and positive") }
        guard generation >= 0 && evaluations >= 0 else { throw refuse("counters are negative") }
        guard !progress.recentBest.contains(where: \.isNaN), !(progress.bestValue?.isNaN ?? false) else {
            throw refuse("best values hold NaN")
        }
        guard progress.bestCandidate.count == (progress.bestValue == nil ? 0 : dimension),
              progress.bestCandidate.allSatisfy(\.isFinite) else {
            throw refuse("best candidate has \(progress.bestCandidate.count) numbers or is not finite")
        }
    }
}
