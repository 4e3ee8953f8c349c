/// How many of an ``EvolutionStrategyEmitter``'s ranked rows the strategy recombines
/// (pyribs' `selection_rule`).
public enum SelectionRule: String, Codable, Hashable, Sendable, CaseIterable {
    /// The best half of the batch, ⌊batch / 2⌋ (CMA-MAE, and CMA-ME "basic").
    case mu
    /// The rows the archive took (new or improved): CMA-ME's filter. None taken, no update.
    case filter
}
