/// The local competition score of NSLC (Lehman & Stanley 2011, "Evolving a diversity of
/// virtual creatures through novelty search and local competition"): how many of a
/// behaviour's k nearest neighbours it beats.
///
/// A neighbour counts when its objective is **strictly lower** than the query's, as in
/// pyribs' `compute_novelty(..., local_competition=objectives)` (`sum(neighbor_obj < obj)`);
/// ties do not count (sferes2 counts them in the query's favour).
public enum LocalCompetition {
    /// The local competition of every query of `neighbourhood`.
    ///
    /// - Parameters:
    ///   - neighbourhood: The queries' neighbours (indices into the reference set).
    ///   - objectives: The queries' objectives, one per query.
    ///   - referenceObjectives: The objective of every point of the reference set.
    /// - Returns: For each query, the number of its neighbours with a strictly lower
    ///   objective, in `0...k` (missing neighbours count for nothing).
    /// - Complexity: O(queries × k).
    public static func scores(_ neighbourhood: Neighbourhood, objectives: [Double], referenceObjectives: [Double]) -> [Int] {
        precondition(objectives.count == neighbourhood.count, "one objective per query")
        let k = neighbourhood.k
        return (0..<neighbourhood.count).map { row in
            var wins = 0
            for slot in 0..<k {
                let index = Int(neighbourhood.neighbours[row * k + slot])
                guard index >= 0 else { break }
                if referenceObjectives[index] < objectives[row] { wins += 1 }
            }
            return wins
        }
    }
}
