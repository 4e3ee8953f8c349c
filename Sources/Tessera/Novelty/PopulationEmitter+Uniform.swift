extension PopulationEmitter where M.Genome == [Double] {
    /// An initial population of `count` real vectors drawn uniformly from `box`, from a
    /// stream of its own seeded by `seed`.
    ///
    /// - Precondition: `count` ≥ 1.
    /// - Complexity: O(count × box dimension).
    public static func uniformPopulation(in box: Box, count: Int, seed: UInt64) -> VectorColumn {
        precondition(count >= 1, "a population has at least one member")
        var rng = Xoshiro256(seed: seed)
        var column = VectorColumn(layout: box.dimension, count: count)
        for row in 0..<count {
            column.withMutableRow(row) { box.sample(into: $0, using: &rng) }
        }
        return column
    }
}
