import Tessera

extension TaskDeclaration {
    /// The shifted sphere of pyribs' sphere example: ``SphereDomain``.
    public static let sphere = TaskDeclaration(
        name: "sphere",
        summary: "shifted sphere, D-dimensional genome, 2-D linear-projection descriptors (pyribs sphere example)",
        reference: "pyribs sphere tutorial; Fontaine et al. 2020 (CMA-ME)",
        defaultDimension: 100, minimumDimension: 2, descriptorDimension: 2, defaultSigma: 0.5,
        samplingRange: -5.12...5.12, clipsToSamplingBox: false,
        domain: { try SphereDomain(dimension: $0.dimension) })
}
