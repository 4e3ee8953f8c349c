/// A setting of a built-in run: its command-line flag and its key in archive files.
///
/// The settings every run has are static members here (``task``, ``dims``, ...); an
/// algorithm's own settings are declared with its ``RunOption``s, next to it.
public struct RunSetting: Hashable, Sendable, CustomStringConvertible {
    /// The key in the file's `run_config` table, such as `batch_size`.
    public let key: String

    /// The setting stored under `key` (snake case; its flag is the key with dashes).
    public init(_ key: String) { self.key = key }

    /// The command-line flag, such as `--batch-size`.
    public var flag: String { "--" + key.replacingOccurrences(of: "_", with: "-") }

    /// The key, for messages.
    public var description: String { key }

    /// The built-in task.
    public static let task = RunSetting("task")
    /// The search algorithm.
    public static let algorithm = RunSetting("algorithm")
    /// The genome dimension (``RunConfiguration/dimension``).
    public static let dims = RunSetting("dims")
    /// The run seed.
    public static let seed = RunSetting("seed")
    /// The evaluation budget.
    public static let evaluations = RunSetting("evaluations")
    /// Evaluations per iteration.
    public static let batchSize = RunSetting("batch_size")

    /// The settings every run has, whatever its algorithm.
    public static let common: [RunSetting] = [.task, .algorithm, .dims, .seed, .evaluations, .batchSize]
}
