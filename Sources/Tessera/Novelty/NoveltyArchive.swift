/// The archive of novelty search: behaviours (descriptors) of past individuals that
/// later ones are compared with, growing by a threshold that adapts or by chance.
///
/// A value type holding its ``settings`` (configuration) and its state: the behaviours
/// as flat rows of ``dimension`` numbers, the objective and admission novelty of each,
/// the threshold and counters.
///
/// **Batch rule.** ``add(_:objectives:novelty:uniforms:)`` decides every candidate of a
/// batch on the novelty the caller computed against the archive as it was *before* the
/// batch (plus the population, when the caller's reference set includes it) and the
/// threshold before the batch: candidates of one batch do not see each other's
/// admission. Admitted candidates are appended in batch order, then the archive is cut
/// back to its capacity, then the threshold adapts.
public struct NoveltyArchive: Sendable, Hashable {
    /// The admission and eviction rules.
    public let settings: Settings
    /// Numbers per behaviour.
    public let dimension: Int
    /// The behaviours, `count × dimension`, row-major, oldest first.
    public internal(set) var behaviours: [Double] = []
    /// The objective of each behaviour's individual.
    public internal(set) var objectives: [Double] = []
    /// The evaluation each behaviour came from (its number in the run), or −1 where the
    /// caller did not say (archives saved before it was kept); a learned descriptor
    /// re-encodes the behaviours by it.
    public internal(set) var members: [Int] = []
    /// The novelty of each behaviour when it was admitted (kept only for
    /// ``Removal/leastNovel``; empty otherwise).
    public internal(set) var novelties: [Double] = []
    /// The current threshold (unused by ``Rule/probability(_:)``).
    public internal(set) var threshold: Double
    /// Behaviours admitted since the start.
    public internal(set) var additions = 0
    /// Behaviours removed over capacity.
    public internal(set) var removals = 0
    /// Candidates considered since the start.
    public internal(set) var evaluations = 0
    /// Candidates since the last admission, or since the threshold last fell.
    public internal(set) var stalledEvaluations = 0
    /// Candidates in the current window.
    public internal(set) var windowEvaluations = 0
    /// Admissions in the current window.
    public internal(set) var windowAdditions = 0

    /// An empty archive.
    ///
    /// - Precondition: `dimension` ≥ 1.
    public init(settings: Settings, dimension: Int) {
        precondition(dimension >= 1, "a behaviour has at least one number")
        self.settings = settings
        self.dimension = dimension
        if case .threshold(let rule) = settings.rule { threshold = rule.initial } else { threshold = 0 }
    }

    /// The number of behaviours held.
    public var count: Int { objectives.count }

    /// The archive's figures.
    public var stats: NoveltyArchiveStats {
        var threshold: Double?
        if case .threshold = settings.rule { threshold = self.threshold }
        return NoveltyArchiveStats(count: count, threshold: threshold, additions: additions, removals: removals,
                                   evaluations: evaluations)
    }

    /// Decides on a batch of candidates, admits the chosen ones, evicts over capacity and
    /// adapts the threshold (see the batch rule above).
    ///
    /// - Parameters:
    ///   - candidates: Behaviours, `n × dimension`, row-major.
    ///   - objectives: Their objectives.
    ///   - novelty: Their novelty against the archive before the batch (and the
    ///     population, as the caller chose).
    ///   - uniforms: For ``Rule/probability(_:)``, one draw in [0, 1) per candidate from
    ///     its own stream (``uniforms(rows:context:)``); ignored by the threshold rule.
    ///   - evaluations: The evaluation each candidate came from (kept in ``members``), or
    ///     `nil`.
    /// - Returns: Whether each candidate was admitted (it may have been evicted again by
    ///   the capacity).
    /// - Complexity: O(n) plus O(count) for an eviction.
    @discardableResult
    public mutating func add(_ candidates: [Double], objectives candidateObjectives: [Double], novelty: [Double],
                             uniforms: [Double] = [], evaluations candidateEvaluations: [Int]? = nil) -> [Bool] {
        let n = candidateObjectives.count
        precondition(candidates.count == n * dimension && novelty.count == n, "one behaviour, objective and novelty per candidate")
        let admitted: [Bool]
        switch settings.rule {
        case .threshold:
            admitted = novelty.map { $0 > threshold }
        case .probability(let p):
            precondition(uniforms.count == n, "one uniform draw per candidate")
            admitted = uniforms.map { $0 < p }
        }
        let keepsNovelty = settings.removal == .leastNovel
        var added = 0
        for i in 0..<n where admitted[i] {
            behaviours.append(contentsOf: candidates[(i * dimension)..<((i + 1) * dimension)])
            objectives.append(candidateObjectives[i])
            members.append(candidateEvaluations?[i] ?? -1)
            if keepsNovelty { novelties.append(novelty[i]) }
            added += 1
        }
        additions += added
        evaluations += n
        if let capacity = settings.capacity, count > capacity { evict(count - capacity) }
        if case .threshold(let rule) = settings.rule { adapt(rule, candidates: n, added: added) }
        return admitted
    }

    /// Removes `excess` behaviours by the removal rule, keeping the others in order.
    private mutating func evict(_ excess: Int) {
        let leaving: Set<Int>
        switch settings.removal {
        case .firstInFirstOut:
            leaving = Set(0..<excess)
        case .leastNovel:
            leaving = Set((0..<count).sorted { (novelties[$0], $0) < (novelties[$1], $1) }.prefix(excess))
        }
        let kept = (0..<count).filter { !leaving.contains($0) }
        var keptBehaviours: [Double] = []
        keptBehaviours.reserveCapacity(kept.count * dimension)
        for i in kept { keptBehaviours.append(contentsOf: behaviours[(i * dimension)..<((i + 1) * dimension)]) }
        behaviours = keptBehaviours
        objectives = kept.map { objectives[$0] }
        members = kept.map { members[$0] }
        if !novelties.isEmpty { novelties = kept.map { novelties[$0] } }
        removals += excess
    }

    /// The threshold rule after a batch of `candidates` with `added` admissions.
    private mutating func adapt(_ rule: AdaptiveThreshold, candidates: Int, added: Int) {
        stalledEvaluations = added > 0 ? 0 : stalledEvaluations + candidates
        if stalledEvaluations >= rule.stallEvaluations {
            threshold = max(rule.floor, threshold * rule.lowerFactor)
            stalledEvaluations = 0
        }
        windowEvaluations += candidates
        windowAdditions += added
        if windowEvaluations >= rule.window {
            if windowAdditions > rule.raiseAbove { threshold *= rule.raiseFactor }
            windowEvaluations = 0
            windowAdditions = 0
        }
    }

    /// The random-stream purpose of admission draws (apart from offspring and evaluation).
    public static let purpose: UInt64 = 0x4E4F_5645_4C54_5921  // "NOVELTY!"

    /// One uniform draw in [0, 1) per row, each from the row's own stream in `context`
    /// (purpose ``purpose``), so probabilistic admission is reproducible and does not
    /// depend on the number of workers.
    public static func uniforms(rows: [Int], context: GenerationContext) -> [Double] {
        rows.map { row in
            var rng = context.streams.stream(iteration: context.iteration, emitter: context.emitter, row: row, purpose: purpose)
            return rng.nextUnitDouble()
        }
    }

    /// The behaviour in `row`.
    public func behaviour(_ row: Int) -> [Double] {
        Array(behaviours[(row * dimension)..<((row + 1) * dimension)])
    }
}

extension NoveltyArchive {
    /// Replaces every behaviour with its code in a re-trained learned space, and scales
    /// the novelty threshold (and kept novelties) by `scale`, how much wider the new space
    /// is; a behaviour whose evaluation is unknown or has no code leaves the archive.
    ///
    /// - Parameter codes: The codes of evaluations, row-major, `nil` when one is missing.
    public mutating func relearn(_ codes: ([Int]) -> [Double]?, scale: Double) {
        let known = members.indices.filter { members[$0] >= 0 }
        guard let new = codes(known.map { members[$0] }), new.count == known.count * dimension else { return }
        behaviours = new
        objectives = known.map { objectives[$0] }
        if !novelties.isEmpty { novelties = known.map { novelties[$0] * scale } }
        removals += members.count - known.count
        members = known.map { members[$0] }
        if scale.isFinite && scale > 0 { threshold *= scale }
    }
}
