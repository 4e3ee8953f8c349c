import Tessera

/// A QDAIF domain as Tessera evaluates it: an ``AsyncDomain`` of texts whose every
/// evaluation asks a judge model the domain's questions (``AIFeedback``), side by side.
///
/// The objective is the quality, P("yes") in [0, 1]; the descriptor is each axis's bin
/// coordinate on [0, 1] (a uniform grid of each axis's bin count files it in its bin); the
/// metadata keep each axis's raw measure under its name. An empty text, a failed request
/// or an answer that cannot be read fails the row with its reason.
public struct TextJudge: AsyncDomain {
    public typealias Genome = String

    /// The domain's questions and bins.
    public let feedback: AIFeedback
    /// The client the questions go through.
    public let client: LanguageModelClient

    /// A judge of `domain`'s texts through `client`.
    public init(domain: TextDomain, client: LanguageModelClient) {
        feedback = AIFeedback(domain: domain)
        self.client = client
    }

    /// The unit box, one dimension per axis.
    public var descriptorSpace: Box { Box(dimension: feedback.domain.axes.count, range: 0...1) }

    /// The bins of each axis: the grid shape to archive the texts on.
    public var gridShape: [Int] { feedback.domain.axes.map(\.binCount) }

    public func evaluate(_ text: String, context: EvaluationContext) async throws -> Evaluation {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw LanguageModelError("the generated text is empty (the model wrote nothing before a stop sequence, or its request "
                                     + "failed: see the run's language-model failures)")
        }
        let requests = feedback.requests(for: text)
        let exchanges = await withTaskGroup(of: (Int, LanguageModelExchange).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await client.send(request)) }
            }
            var exchanges = [LanguageModelExchange?](repeating: nil, count: requests.count)
            for await (index, exchange) in group { exchanges[index] = exchange }
            return exchanges.map { $0! }
        }
        var answers = [LanguageModelAnswer]()
        for exchange in exchanges {
            guard let answer = exchange.answer else { throw LanguageModelError(exchange.failure ?? "the judge did not answer") }
            answers.append(answer)
        }
        let score = try feedback.score(answers)
        var metadata = Metadata()
        for (axis, measure) in zip(feedback.domain.axes, score.measures) { metadata[axis.name] = .number(measure) }
        return Evaluation(objective: score.quality, descriptor: score.descriptor, metadata: metadata)
    }
}
