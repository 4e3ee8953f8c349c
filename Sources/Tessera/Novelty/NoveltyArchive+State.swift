extension NoveltyArchive {
    /// The archive's counters, saved as one small JSON part.
    struct Counters: Codable, Hashable {
        var dimension: Int
        var threshold: Double
        var additions: Int
        var removals: Int
        var evaluations: Int
        var stalledEvaluations: Int
        var windowEvaluations: Int
        var windowAdditions: Int
    }

    /// Writes the archive's state into `state` under keys starting with `prefix`:
    /// `behaviours` (`count × dimension`), `objectives`, `members` (each behaviour's
    /// evaluation, −1 when unknown) and, for least-novel removal, `novelties`, plus a JSON
    /// part `counters` (dimension, threshold, counters).
    ///
    /// An unbounded archive only grows, so its numbers are ``StatePart/rows(width:values:)``
    /// parts that a store appends to; an archive with a capacity drops old rows, so its
    /// numbers are ``StatePart/doubles(_:)`` parts rewritten whole.
    ///
    /// - Throws: Encoding errors of the counters (none in practice).
    public func save(into state: inout ComponentState, prefix: String) throws {
        let growing = settings.capacity == nil
        state.set(prefix + "behaviours", growing ? .rows(width: dimension, values: behaviours) : .doubles(behaviours))
        state.set(prefix + "objectives", growing ? .rows(width: 1, values: objectives) : .doubles(objectives))
        let memberNumbers = members.map(Double.init)
        state.set(prefix + "members", growing ? .rows(width: 1, values: memberNumbers) : .doubles(memberNumbers))
        if settings.removal == .leastNovel {
            state.set(prefix + "novelties", growing ? .rows(width: 1, values: novelties) : .doubles(novelties))
        }
        try state.set(prefix + "counters", json: Counters(dimension: dimension, threshold: threshold, additions: additions,
                                                          removals: removals, evaluations: evaluations,
                                                          stalledEvaluations: stalledEvaluations,
                                                          windowEvaluations: windowEvaluations, windowAdditions: windowAdditions))
    }

    /// Rebuilds an archive of `settings` from the parts ``save(into:prefix:)`` wrote.
    ///
    /// - Throws: ``RestoreError`` for a missing part, one of another kind or size,
    ///   non-finite behaviours, more behaviours than the capacity, or negative counters.
    public init(restoring state: ComponentState, prefix: String, settings: Settings) throws {
        let counters = try state.decode(Counters.self, key: prefix + "counters")
        guard counters.dimension >= 1 else {
            throw RestoreError(message: "the saved novelty archive of \(state.identifier) has dimension \(counters.dimension)")
        }
        func numbers(_ key: String, width: Int) throws -> [Double] {
            switch try state.part(prefix + key) {
            case .rows: return try state.rows(prefix + key, width: width)
            case .doubles(let values) where values.count % width == 0: return values
            default:
                throw RestoreError(message: "the saved part '\(prefix + key)' of \(state.identifier) is not rows of \(width) numbers")
            }
        }
        self.init(settings: settings, dimension: counters.dimension)
        behaviours = try numbers("behaviours", width: counters.dimension)
        objectives = try numbers("objectives", width: 1)
        // Archives saved before members were kept: unknown (−1).
        let saved = state.parts[prefix + "members"] == nil ? nil : try numbers("members", width: 1)
        guard saved.map({ $0.count == objectives.count && $0.allSatisfy { $0 >= -1 && $0 < 9e15 && $0.rounded() == $0 } }) ?? true else {
            throw RestoreError(message: "the saved novelty archive of \(state.identifier) has members that do not fit its behaviours")
        }
        members = saved.map { $0.map { Int($0) } } ?? [Int](repeating: -1, count: objectives.count)
        if settings.removal == .leastNovel { novelties = try numbers("novelties", width: 1) }
        let refuse = { (problem: String) in RestoreError(message: "the saved novelty archive of \(state.identifier) \(problem)") }
        guard behaviours.count == objectives.count * counters.dimension,
              novelties.isEmpty || novelties.count == objectives.count else {
            throw refuse("has \(behaviours.count) behaviour numbers for \(objectives.count) objectives")
        }
        guard behaviours.allSatisfy(\.isFinite), objectives.allSatisfy(\.isFinite) else {
            throw refuse("holds NaN or an infinity")
        }
        if let capacity = settings.capacity, objectives.count > capacity {
            throw refuse("holds \(objectives.count) behaviours, above its capacity \(capacity)")
        }
        guard counters.threshold >= 0, counters.additions >= 0, counters.removals >= 0, counters.evaluations >= 0,
              counters.stalledEvaluations >= 0, counters.windowEvaluations >= 0, counters.windowAdditions >= 0 else {
            throw refuse("has a negative threshold or counter")
        }
        threshold = counters.threshold
        additions = counters.additions
        removals = counters.removals
        evaluations = counters.evaluations
        stalledEvaluations = counters.stalledEvaluations
        windowEvaluations = counters.windowEvaluations
        windowAdditions = counters.windowAdditions
    }
}
