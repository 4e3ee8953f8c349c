extension RemoteDiffusionModel {
    /// The most numbers a latent may hold: 2²⁴ (64 MiB of float32 per row).
    public static let largestLatent = 16_777_216
    /// The most sampling steps a model may declare.
    public static let mostSteps = 10_000

    /// Checks every field against the protocol, so the searches can rely on it.
    ///
    /// - Parameter server: The server's URL, named in the error (without a user or password).
    /// - Throws: ``RemoteDiffusionError`` naming the first field at fault and the server:
    ///   another protocol; a latent shape that is empty, has a size below 1 or more than
    ///   ``largestLatent`` numbers; a noise offset outside 0 ..< L; step noise outside
    ///   0 … 16 L; steps outside 1 … ``mostSteps``; noise deviations not one finite,
    ///   non-negative number per step; no reward name, or one the offered rewards lack; a
    ///   descriptor without a name, with a repeated name, or with bounds not finite and
    ///   increasing; a picture that is empty or does not fit inside the latent.
    public func validate(server: String) throws(RemoteDiffusionError) {
        func require(_ condition: Bool, _ field: String, _ problem: @autoclosure () -> String) throws(RemoteDiffusionError) {
            guard condition else { throw RemoteDiffusionError("the denoising server \(server) declares a bad \(field): \(problem())") }
        }
        try require(protocolVersion == Self.protocolName, "protocol",
                    "it speaks '\(Self.excerpt(protocolVersion))', this Tessera speaks '\(Self.protocolName)'")
        try require(!latentShape.isEmpty && latentShape.allSatisfy { $0 >= 1 }, "latent_shape",
                    "every size must be at least 1 (got \(Self.excerpt(latentShape)))")
        var count = 1
        for size in latentShape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            try require(!overflow && product <= Self.largestLatent, "latent_shape",
                        "the latent must hold at most \(Self.largestLatent) numbers (got \(Self.excerpt(latentShape)))")
            count = product
        }
        try require((0..<count).contains(noiseOffset), "noise_offset", "must be in 0..<\(count) (got \(noiseOffset))")
        try require((0...(count * 16)).contains(stepNoiseCount), "step_noise", "must be in 0...\(count * 16) (got \(stepNoiseCount))")
        try require((1...Self.mostSteps).contains(stepCount), "steps", "must be in 1...\(Self.mostSteps) (got \(stepCount))")
        try require(noiseDeviations.count == stepCount, "noise_deviations",
                    "must hold one number per step (\(stepCount), got \(noiseDeviations.count))")
        if let index = noiseDeviations.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            try require(false, "noise_deviations", "entry \(index) must be finite and non-negative (got \(noiseDeviations[index]))")
        }
        try require(!reward.name.isEmpty, "reward", "its name is empty")
        try require(rewards.contains(reward.name), "rewards",
                    "the reward in use, '\(Self.excerpt(reward.name))', is not among those offered (\(Self.excerpt(rewards)))")
        var names = Set<String>()
        for (index, descriptor) in descriptors.enumerated() {
            let field = "descriptors[\(index)]"
            try require(!descriptor.name.isEmpty, field, "its name is empty")
            try require(names.insert(descriptor.name).inserted, field, "the name '\(Self.excerpt(descriptor.name))' is repeated")
            try require(descriptor.low.isFinite && descriptor.high.isFinite && descriptor.low < descriptor.high, field,
                        "low must be below high, both finite (got \(descriptor.low) and \(descriptor.high))")
        }
        if let picture {
            try require(picture.width >= 1 && picture.height >= 1 && picture.width <= count && picture.height <= count, "picture",
                        "width and height must be at least 1 (got \(picture.width) × \(picture.height))")
            try require(picture.offset >= 0 && picture.offset <= count - picture.width * picture.height, "picture",
                        "values \(picture.offset) ..< \(picture.offset + picture.width * picture.height) do not fit in a latent of \(count)")
        }
    }

    /// A value's text on one line, at most 200 characters.
    static func excerpt(_ value: Any) -> String {
        RemoteDiffusionServer.oneLine(String(describing: value))
    }
}
