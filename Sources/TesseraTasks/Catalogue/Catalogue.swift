/// The tasks and algorithms `tessera` knows, built from their declarations: `tasks`,
/// `algorithms`, `run` and `resume` read it, and files name their task and algorithm in it.
///
/// Adding an algorithm means declaring it in its folder (`Algorithms/<Family>/`) and
/// listing it in ``builtIn``.
public struct Catalogue: Sendable {
    /// The tasks, in listing order.
    public let tasks: [TaskDeclaration]
    /// The algorithms, in listing order.
    public let algorithms: [AlgorithmDeclaration]

    /// A catalogue of `tasks` and `algorithms` (names must be unique in each).
    public init(tasks: [TaskDeclaration], algorithms: [AlgorithmDeclaration]) {
        precondition(Set(tasks.map(\.name)).count == tasks.count, "task names must be unique")
        precondition(Set(algorithms.map(\.name)).count == algorithms.count, "algorithm names must be unique")
        self.tasks = tasks
        self.algorithms = algorithms
    }

    /// Tessera's built-in tasks and algorithms.
    public static let builtIn = Catalogue(
        tasks: [.sphere, .rastrigin, .arm, .maze],
        algorithms: [.mapElites, .lineMapElites, .cvtMapElites, .random, .novelty, .nslc, .ga, .aurora, .taxons, .taxonsN, .taxonsS, .cmaES, .cmaME, .cmaMEImp, .cmaMAE, .cmaMEBandit])

    /// The task called `name`.
    ///
    /// - Throws: ``ConfigurationError`` naming the known tasks.
    public func task(named name: String) throws(ConfigurationError) -> TaskDeclaration {
        guard let task = tasks.first(where: { $0.name == name }) else {
            throw ConfigurationError(setting: .task, problem: "'\(name)' is not a task; the tasks are \(Self.list(tasks.map(\.name)))")
        }
        return task
    }

    /// The algorithm called `name`.
    ///
    /// - Throws: ``ConfigurationError`` naming the known algorithms.
    public func algorithm(named name: String) throws(ConfigurationError) -> AlgorithmDeclaration {
        guard let algorithm = algorithms.first(where: { $0.name == name }) else {
            throw ConfigurationError(setting: .algorithm,
                                     problem: "'\(name)' is not an algorithm; the algorithms are \(Self.list(algorithms.map(\.name)))")
        }
        return algorithm
    }

    /// The algorithms that can search `task`.
    public func algorithms(for task: TaskDeclaration) -> [AlgorithmDeclaration] { algorithms.filter { $0.supports(task) } }

    /// The tasks `algorithm` can search.
    public func tasks(for algorithm: AlgorithmDeclaration) -> [TaskDeclaration] { tasks.filter { algorithm.supports($0) } }

    /// The algorithms that use `setting`.
    public func algorithms(using setting: RunSetting) -> [AlgorithmDeclaration] { algorithms.filter { $0.option(setting) != nil } }

    /// Every option of every algorithm, then of every task, once each, in listing order.
    public var options: [RunOption] {
        var seen = Set<RunSetting>()
        return (algorithms.flatMap(\.options) + tasks.flatMap(\.options)).filter { seen.insert($0.setting).inserted }
    }

    /// Checks that `algorithm` can search `task`.
    ///
    /// - Throws: ``ConfigurationError`` naming the algorithms that can search the task and
    ///   the tasks the algorithm can search.
    public func check(_ algorithm: AlgorithmDeclaration, canSearch task: TaskDeclaration) throws(ConfigurationError) {
        guard !algorithm.supports(task) else { return }
        let valid = algorithms(for: task).map(\.name), tasksOfAlgorithm = tasks(for: algorithm).map(\.name)
        throw ConfigurationError(setting: .algorithm, problem: "\(algorithm.name) cannot search \(task.name) "
            + "(\(task.genome.rawValue) genomes); for \(task.name) use \(valid.isEmpty ? "none" : Self.list(valid))"
            + (tasksOfAlgorithm.isEmpty ? "" : "; \(algorithm.name) searches \(Self.list(tasksOfAlgorithm))"))
    }

    /// "a, b and c".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
