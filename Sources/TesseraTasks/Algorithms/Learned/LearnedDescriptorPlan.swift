import Tessera

/// How an algorithm learns its descriptors from a task's observations: whether a run
/// learns (always for AURORA and TAXONS; with `--descriptor learned-pca|learned-ae` for
/// MAP-Elites), and the ``DescriptorLearning`` it gives the scheduler.
public struct LearnedDescriptorPlan: Sendable {
    /// Whether every run learns (the algorithm only searches tasks with observations).
    let always: Bool
    /// Whether a run of `configuration` learns its descriptors.
    let isActive: @Sendable (RunConfiguration) -> Bool
    /// The learning of a run whose domain reports `observationDimension` components.
    let make: @Sendable (RunConfiguration, _ observationDimension: Int) throws -> DescriptorLearning
    /// The learned descriptors' dimension.
    let latentDimension: @Sendable (RunConfiguration) -> Int

    /// A plan for algorithms that always learn.
    init(latentDimension: @escaping @Sendable (RunConfiguration) -> Int,
         make: @escaping @Sendable (RunConfiguration, Int) throws -> DescriptorLearning) {
        self.init(always: true, isActive: { _ in true }, latentDimension: latentDimension, make: make)
    }

    /// A plan.
    init(always: Bool = false, isActive: @escaping @Sendable (RunConfiguration) -> Bool,
         latentDimension: @escaping @Sendable (RunConfiguration) -> Int,
         make: @escaping @Sendable (RunConfiguration, Int) throws -> DescriptorLearning) {
        self.always = always
        self.isActive = isActive
        self.latentDimension = latentDimension
        self.make = make
    }
}

extension RunConfiguration {
    /// Whether this run's archive sorts by descriptors learned from observations.
    public var learnsDescriptors: Bool { algorithm.learning?.isActive(self) ?? false }

    /// The dimension of the descriptors the archive sorts by: the learned one's, or the task's.
    public var archiveDescriptorDimension: Int {
        guard let plan = algorithm.learning, plan.isActive(self) else { return task.descriptorDimension }
        return plan.latentDimension(self)
    }
}
