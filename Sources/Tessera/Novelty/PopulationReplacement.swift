/// How a ``PopulationEmitter`` builds the next population from the current one and the
/// offspring, every member ranked by its score (ties to the lower position, the current
/// population before the offspring).
public enum PopulationReplacement: Codable, Hashable, Sendable {
    /// The offspring replace the population, except the best `elitism` fraction of it
    /// (rounded to the nearest member) that is kept; the rest of the places go to the
    /// best offspring. A GA keeps its best 10 % (`elitism: 0.1`).
    case generational(elitism: Double)
    /// The best μ of the population and the offspring together, (μ + λ).
    case muPlusLambda
}
