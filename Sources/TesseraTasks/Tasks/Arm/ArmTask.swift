import Tessera

extension TaskDeclaration {
    /// The planar arm repertoire: ``ArmDomain``. Joints are clipped to [−π, π]; the QD
    /// score offset is −π² so every elite counts positively (pyribs' arm tutorial).
    public static let arm = TaskDeclaration(
        name: "arm",
        summary: "planar arm with D unit links: objective -variance of the joint angles, descriptors = end effector (x, y)",
        reference: "Cully et al. 2015; Vassiliades & Mouret 2018; pyribs arm tutorial",
        defaultDimension: 12, minimumDimension: 1, descriptorDimension: 2, qdScoreOffset: -Double.pi * Double.pi,
        defaultSigma: 0.1, samplingRange: -Double.pi...Double.pi, clipsToSamplingBox: true,
        observable: true, groundTruthShape: [100, 100],
        domain: { configuration in
            try ArmDomain(dimension: configuration.dimension,
                          observation: configuration.learnsDescriptors ? ArmObservation(size: configuration.integer(.imageSize) ?? 32) : nil)
        })
}
