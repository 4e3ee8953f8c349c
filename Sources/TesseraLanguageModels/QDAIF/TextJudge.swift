import Synchronization
import Tessera

/// A QDAIF domain as Tessera evaluates it: an ``AsyncDomain`` of texts whose every
/// evaluation asks a judge model the domain's questions (``AIFeedback``), side by side.
///
/// The objective is the quality, P("yes") in [0, 1]; the descriptor is each axis's bin
/// coordinate on [0, 1] (a uniform grid of each axis's bin count files it in its bin); the
/// metadata keep each axis's raw measure under its name. An empty text, a failed request
/// or an answer that cannot be read fails the row with its reason.
///
/// With reference texts, the judge is calibrated (``JudgeCalibration``): before the first
/// text, it answers every question about each reference once (those calls are recorded
/// like any other), and its leanings are taken out of every later answer.
public struct TextJudge: AsyncDomain {
    public typealias Genome = String

    /// The domain's questions and bins.
    public let feedback: AIFeedback
    /// The client the questions go through.
    public let client: LanguageModelClient

    /// The reference texts of the calibration, or `nil` for none.
    public let references: [String]?
    private let calibration = CalibrationCache()

    /// A judge of `domain`'s texts through `client`, calibrated on `references` when given.
    public init(domain: TextDomain, client: LanguageModelClient, references: [String]? = nil) {
        feedback = AIFeedback(domain: domain)
        self.client = client
        self.references = references.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The judge's calibration: measured once, on first use (a failed measurement is
    /// measured again by the next text), or `nil` without references.
    ///
    /// - Throws: ``LanguageModelError`` when a reference's question fails.
    public func judgeCalibration() async throws -> JudgeCalibration? {
        guard let references else { return nil }
        let task = calibration.task { [feedback, client] in
            var answers = [[LanguageModelAnswer]]()
            for reference in references {
                var row = [LanguageModelAnswer]()
                for request in feedback.requests(for: reference) {
                    let exchange = await client.send(request)
                    guard let answer = exchange.answer else {
                        throw LanguageModelError("the judge's calibration failed: \(exchange.failure ?? "no answer")")
                    }
                    row.append(answer)
                }
                answers.append(row)
            }
            return try feedback.calibration(from: answers)
        }
        do {
            return try await task.value
        } catch {
            calibration.forget(task)
            throw error
        }
    }

    /// The unit box, one dimension per axis.
    public var descriptorSpace: Box { Box(dimension: feedback.domain.axes.count, range: 0...1) }

    /// The bins of each axis: the grid shape to archive the texts on.
    public var gridShape: [Int] { feedback.domain.axes.map(\.binCount) }

    public func evaluate(_ text: String, context: EvaluationContext) async throws -> Evaluation {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw LanguageModelError("the generated text is empty: the model wrote nothing before a stop sequence, or its request "
                                     + "failed" + (client.latestFailure.map { " (latest language-model failure: \($0))" } ?? ""))
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
        let score = try feedback.score(answers, calibration: try await judgeCalibration())
        var metadata = Metadata()
        for (axis, measure) in zip(feedback.domain.axes, score.measures) { metadata[axis.name] = .number(measure) }
        return Evaluation(objective: score.quality, descriptor: score.descriptor, metadata: metadata)
    }
}

/// The one measurement of a judge's calibration that all its evaluations share.
final class CalibrationCache: Sendable {
    private let state = Mutex<Task<JudgeCalibration, any Error>?>(nil)

    /// The measurement under way or done, started with `body` when there is none.
    func task(_ body: @escaping @Sendable () async throws -> JudgeCalibration) -> Task<JudgeCalibration, any Error> {
        state.withLock { current in
            if let current { return current }
            let task = Task(operation: body)
            current = task
            return task
        }
    }

    /// Drops a failed measurement, so the next use measures again.
    func forget(_ task: Task<JudgeCalibration, any Error>) {
        state.withLock { current in if current == task { current = nil } }
    }
}
