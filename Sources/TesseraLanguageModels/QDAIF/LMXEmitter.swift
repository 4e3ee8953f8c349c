import Tessera

/// QDAIF's variation: new texts from a language model, awaited (``AsyncEmitter``).
///
/// Each row draws from its own stream. With ``Selection/qdaif``:
/// - while the archive holds fewer than three elites, a few-shot prompt of three texts of
///   the domain's seed pool;
/// - otherwise, with equal chances, `lmx_near` (three elites drawn without replacement with
///   weights `1 / (1 + ‖cell − parent‖³)` around a uniformly drawn parent), `replace` (two
///   elites and one seed text), or, when the domain has a rewrite template, an instruction
///   rewrite of the parent toward a random option of a random axis.
///
/// The paper's baselines select otherwise (``Selection``): `fixed-prompt` always asks with
/// three seed texts and never looks at the archive; `quality-only` keeps one text, the best
/// judged so far whatever its cell (a one-cell archive), and asks with it and two seed texts.
///
/// The model's text up to the first stop sequence is the child; an empty one is kept
/// empty, and the judge fails its row.
public struct LMXEmitter: AsyncEmitter {
    public typealias Genome = String

    /// Rows per iteration.
    public let batchSize: Int
    /// The domain's seeds, template, sampling and rewrite template.
    public let domain: TextDomain
    /// The client the requests go through.
    public let client: LanguageModelClient
    /// How parents and examples are chosen.
    public let selection: Selection
    /// For ``Selection/qualityOnly``: the best text judged so far and its quality, or `nil`.
    public internal(set) var best: Champion?
    /// The client's figures in the run's earlier sessions (restored with the emitter): the
    /// run's figures are these plus ``client``'s.
    public internal(set) var earlierStatistics = LanguageModelStatistics()

    /// The run's language-model figures so far, earlier sessions included.
    public var runStatistics: LanguageModelStatistics { earlierStatistics + client.statistics }

    /// How an ``LMXEmitter`` chooses what it shows the model.
    public enum Selection: String, Codable, Hashable, Sendable, CaseIterable {
        /// QDAIF: `lmx_near`, `replace` and rewrites around archive elites.
        case qdaif
        /// Few-shot prompts of seed texts only, with no feedback from the archive.
        case fixedPrompt = "fixed-prompt"
        /// Selection on quality alone: the best text so far and two seed texts.
        case qualityOnly = "quality-only"
    }

    /// The one text a quality-only search keeps.
    public struct Champion: Codable, Hashable, Sendable {
        /// The text.
        public var text: String
        /// Its quality.
        public var quality: Double
    }

    /// An emitter of `batchSize` texts per iteration.
    ///
    /// - Throws: ``ParameterError`` for a batch below 1.
    public init(domain: TextDomain, client: LanguageModelClient, batchSize: Int, selection: Selection = .qdaif) throws(ParameterError) {
        guard batchSize >= 1 else {
            throw ParameterError(type: "LMXEmitter", parameter: "batchSize", problem: "must be at least 1 (got \(batchSize))")
        }
        self.domain = domain
        self.client = client
        self.batchSize = batchSize
        self.selection = selection
    }

    private enum CodingKeys: String, CodingKey { case batchSize, domain, selection }

    /// The emitter's settings (its domain by name); the client is the run's and not saved.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(domain.name, forKey: .domain)
        try c.encode(selection, forKey: .selection)
    }

    /// Emitters of texts are rebuilt from their run's configuration, not decoded.
    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "an LMXEmitter is rebuilt from its run, with its client"))
    }

    public var genomeLayout: ObjectColumn<String>.Empty? { .init() }

    /// A quality-only search keeps the best text of the batch when it beats its champion
    /// (the first of equals, in row order); the other selections learn nothing.
    public mutating func tell<A: Archive>(_ feedback: EmitterFeedback<String>, archive: A) where A.Genome == String {
        guard selection == .qualityOnly else { return }
        for row in feedback.rows where feedback.evaluations.failures[row] == nil {
            let quality = feedback.evaluations.objectives[row]
            if quality.isFinite, quality > (best?.quality ?? -.infinity) {
                best = Champion(text: feedback.children[row], quality: quality)
            }
        }
    }

    public func generate<A: Archive>(rows: Range<Int>, into children: inout ObjectColumn<String>, parents: inout [Int32],
                                     archive: A, context: GenerationContext) async where A.Genome == String {
        let requests = rows.map { row -> (LanguageModelRequest, Int32) in
            var rng = context.stream(row: row)
            return request(archive: archive, using: &rng)
        }
        let texts = await withTaskGroup(of: (Int, String).self) { group in
            for (position, (request, _)) in requests.enumerated() {
                group.addTask {
                    let exchange = await client.send(request)
                    let generated = exchange.answer?.choices.first?.text ?? ""
                    return (position, LMX.text(from: generated, stop: domain.generation.stop) ?? "")
                }
            }
            var texts = [String](repeating: "", count: requests.count)
            for await (position, text) in group { texts[position] = text }
            return texts
        }
        for position in texts.indices {
            children[position] = texts[position]
            parents[position] = requests[position].1
        }
    }

    /// The bin of each axis that a descriptor (bin coordinates on [0, 1]) falls in.
    func bins(of descriptor: [Double]) -> [Int] {
        zip(descriptor, domain.axes).map { value, axis in min(max(Int(value * Double(axis.binCount)), 0), axis.binCount - 1) }
    }

    /// One row's request and its parent's cell (−1 for none).
    func request<A: Archive>(archive: A, using rng: inout Xoshiro256) -> (LanguageModelRequest, Int32) where A.Genome == String {
        let seed = rng.next() & ((1 << 53) - 1)
        let generation = domain.generation
        func sampling(_ prompt: String) -> LanguageModelRequest {
            LanguageModelRequest(prompt: .text(prompt), maxTokens: generation.maxTokens, temperature: generation.temperature,
                                 topP: generation.topP, seed: seed, stop: generation.stop)
        }
        func seedText() -> String { domain.seeds[Int(rng.next() % UInt64(domain.seeds.count))] }
        func seedTexts(_ count: Int) -> [String] {
            LMX.sample(weights: [Double](repeating: 1, count: domain.seeds.count), count: count, using: &rng).map { domain.seeds[$0] }
        }
        switch selection {
        case .qdaif: break
        case .fixedPrompt:
            return (sampling(LMX.prompt(template: generation.template, examples: seedTexts(3))), -1)
        case .qualityOnly:
            guard let best else { return (sampling(LMX.prompt(template: generation.template, examples: seedTexts(3))), -1) }
            var examples = seedTexts(2) + [best.text]
            examples.swapAt(Int(rng.next() % 3), 2)
            return (sampling(LMX.prompt(template: generation.template, examples: examples)), -1)
        }
        guard archive.count >= 3 else {
            return (sampling(LMX.prompt(template: generation.template, examples: seedTexts(3))), -1)
        }
        let parent = archive.randomEliteCell(using: &rng)
        let choices = domain.rewrite == nil ? 2 : 3
        switch Int(rng.next() % UInt64(choices)) {
        case 0:
            let elites = archive.elitesInInsertionOrder
            let weights = LMX.nearWeights(parent: bins(of: archive.elite(at: parent)!.descriptor), cells: elites.map { bins(of: $0.descriptor) })
            let examples = LMX.sample(weights: weights, count: 3, using: &rng).map { elites[$0].genome }
            return (sampling(LMX.prompt(template: generation.template, examples: examples)), Int32(parent))
        case 1:
            let elites = archive.sampleElites(2, using: &rng).map(\.genome)
            var examples = elites + [seedText()]
            let slot = Int(rng.next() % 3)
            examples.swapAt(slot, 2)
            return (sampling(LMX.prompt(template: generation.template, examples: examples)), Int32(parent))
        default:
            let axis = domain.axes[Int(rng.next() % UInt64(domain.axes.count))]
            let target = axis.question.options[Int(rng.next() % UInt64(axis.question.options.count))]
            let instruction = domain.rewrite!.replacingOccurrences(of: "{target}", with: target)
            let prompt = instruction + archive.elite(at: parent)!.genome + "\n###\n" + generation.template
            return (sampling(prompt), Int32(parent))
        }
    }
}
