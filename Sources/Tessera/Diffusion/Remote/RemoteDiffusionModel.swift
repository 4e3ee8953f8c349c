/// What a denoising server declared in its `hello` (`Docs/DiffusionProtocol.md`): the model,
/// its latents and sampler, the reward in use and the descriptors of its outputs.
///
/// It encodes as the `hello` answer itself (the protocol's keys), so a run can save it and,
/// on resume, compare it with what the server declares then: a different model, reward or
/// latent means the saved latents mean something else.
public struct RemoteDiffusionModel: Codable, Hashable, Sendable {
    /// The protocol spoken: ``RemoteDiffusionModel/protocolName``.
    public var protocolVersion: String
    /// A one-line description of the model.
    public var summary: String
    /// The latent's shape, outermost first; L numbers in all (``latentCount``).
    public var latentShape: [Int]
    /// Where a latent's standard-normal noise starts, in 0 ..< L.
    public var noiseOffset: Int
    /// Standard normals each sampling step consumes per row.
    public var stepNoiseCount: Int
    /// Sampling steps from noise to output.
    public var stepCount: Int
    /// σ_t of the ``LatentMutation/additive`` mutation at each step: ``stepCount`` numbers.
    public var noiseDeviations: [Double]
    /// How EvoSearch mutates a latent.
    public var mutation: LatentMutation
    /// The reward in use.
    public var reward: Reward
    /// The names of every reward the server offers.
    public var rewards: [String]
    /// The outputs' descriptors and their bounds (may be empty).
    public var descriptors: [Descriptor]
    /// Where the final latent holds a picture of the output, or `nil`.
    public var picture: Picture?

    /// `tessera-denoising/1`.
    public static let protocolName = "tessera-denoising/1"

    /// A reward a server scores outputs by.
    public struct Reward: Codable, Hashable, Sendable {
        /// Its name, as `hello` asks for it.
        public var name: String
        /// What it rewards, in a line.
        public var summary: String

        /// Creates a reward.
        public init(name: String, summary: String) {
            self.name = name
            self.summary = summary
        }

        enum CodingKeys: String, CodingKey {
            case name
            case summary = "description"
        }
    }

    /// One descriptor of the outputs and the bounds its values are expected in.
    public struct Descriptor: Codable, Hashable, Sendable {
        /// Its name.
        public var name: String
        /// Its bounds, `low < high`.
        public var low: Double
        public var high: Double

        /// Creates a descriptor.
        public init(name: String, low: Double, high: Double) {
            self.name = name
            self.low = low
            self.high = high
        }
    }

    /// Where a picture of the output (a heightfield) sits in the final latent: its values
    /// `offset ..< offset + width · height`, row-major.
    public struct Picture: Codable, Hashable, Sendable {
        /// The first value's index in the latent.
        public var offset: Int
        /// Columns and rows.
        public var width: Int
        public var height: Int

        /// Creates a picture's place.
        public init(offset: Int, width: Int, height: Int) {
            self.offset = offset
            self.width = width
            self.height = height
        }
    }

    /// Creates a model's declaration; ``validate(server:)`` checks it.
    public init(protocolVersion: String = Self.protocolName, summary: String, latentShape: [Int], noiseOffset: Int = 0,
                stepNoiseCount: Int, stepCount: Int, noiseDeviations: [Double], mutation: LatentMutation = .additive,
                reward: Reward, rewards: [String], descriptors: [Descriptor] = [], picture: Picture? = nil) {
        self.protocolVersion = protocolVersion
        self.summary = summary
        self.latentShape = latentShape
        self.noiseOffset = noiseOffset
        self.stepNoiseCount = stepNoiseCount
        self.stepCount = stepCount
        self.noiseDeviations = noiseDeviations
        self.mutation = mutation
        self.reward = reward
        self.rewards = rewards
        self.descriptors = descriptors
        self.picture = picture
    }

    /// Numbers per latent: the product of ``latentShape``.
    public var latentCount: Int { latentShape.reduce(1, *) }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol"
        case summary = "model"
        case latentShape = "latent_shape"
        case noiseOffset = "noise_offset"
        case stepNoiseCount = "step_noise"
        case stepCount = "steps"
        case noiseDeviations = "noise_deviations"
        case mutation, reward, rewards, descriptors, picture
    }
}
