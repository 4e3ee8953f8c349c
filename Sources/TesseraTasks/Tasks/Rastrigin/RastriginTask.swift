import Tessera

extension TaskDeclaration {
    /// The shifted Rastrigin function of the CMA-MAE paper: ``RastriginDomain``.
    public static let rastrigin = TaskDeclaration(
        name: "rastrigin",
        summary: "shifted Rastrigin, D-dimensional genome, 2-D linear-projection descriptors (CMA-MAE paper)",
        reference: "Fontaine & Nikolaidis 2023 (CMA-MAE)",
        defaultDimension: 100, minimumDimension: 2, descriptorDimension: 2, defaultSigma: 0.5,
        samplingRange: -5.12...5.12, clipsToSamplingBox: false,
        domain: { try RastriginDomain(dimension: $0.dimension) })
}
