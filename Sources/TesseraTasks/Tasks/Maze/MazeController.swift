/// The robot's controller: a fixed-topology feed-forward network whose weights are the
/// genome (a variant of Lehman & Stanley's NEAT networks, which evolve their topology).
///
/// **Inputs** (``inputCount`` = 11): a bias of 1, the six rangefinder readings in the
/// order of ``MazeRobot/rangefinderAngles``, the four radar readings (one is 1, the others
/// 0). **Hidden layer**: `hidden` units with NEAT's steep sigmoid
/// ``MazeRobot/steepSigmoid(_:)``; their bias is the weight from the bias input.
/// **Outputs** (``outputCount`` = 2) through the same steep sigmoid, each with its own bias:
/// output 1 drives the angular velocity, output 2 the speed.
///
/// **Genome layout** (``genomeSize(hidden:)`` = 11·H + 2·(H + 1) genes, 67 for H = 5):
/// first H blocks of 11, block `j` holding hidden unit `j`'s weights from the inputs in the
/// order above; then 2 blocks of H + 1, block `k` holding output `k`'s bias followed by its
/// weights from hidden units 0..<H. Genes live in [−1, 1]; each weight is
/// ``weightScale`` × gene.
public enum MazeController {
    /// The network's inputs: bias, 6 rangefinders, 4 radars.
    public static let inputCount = 1 + 6 + MazeRobot.radarCount
    /// The network's outputs: angular and linear acceleration.
    public static let outputCount = 2
    /// The factor from a gene in [−1, 1] to a weight in [−5, 5].
    public static let weightScale = 5.0
    /// The default number of hidden units.
    public static let defaultHidden = 5

    /// The number of genes of a network with `hidden` hidden units: `11·hidden + 2·(hidden + 1)`.
    public static func genomeSize(hidden: Int) -> Int {
        inputCount * hidden + outputCount * (hidden + 1)
    }
}
