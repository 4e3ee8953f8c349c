import Foundation

/// QDAIF's AI feedback: a judge model answers the domain's questions about a text, and the
/// answers become the text's quality (the objective) and its position on each axis (the
/// descriptor).
///
/// Each question is a prompt in the instruction format the paper uses, ending in
/// `### Response:` and a newline (without it, small base models answer a newline first),
/// asking for one token with its most probable alternatives:
///
/// - quality: the probability of the first option ("yes"), normalised over the options;
/// - a probability axis: likewise, the first option's probability;
/// - a categorical axis: the most probable option;
/// - a rating axis: the expected rating over the numbers among the alternatives, or, when
///   the server gives no log-probabilities, the first number in the answer's text.
///
/// Without log-probabilities a probability or categorical question falls back on the
/// option the answer's text names (a hard 1 or 0). An answer that names no option and
/// gives no log-probabilities fails the text, as any failed evaluation does.
public struct AIFeedback: Hashable, Sendable {
    /// The domain whose questions are asked.
    public let domain: TextDomain
    /// Alternatives asked for at the answer's first token.
    public let topLogprobs: Int

    /// Feedback on `domain`'s questions.
    public init(domain: TextDomain, topLogprobs: Int = 20) {
        self.domain = domain
        self.topLogprobs = topLogprobs
    }

    /// The judge prompt for one question about `text`, ending with the question's
    /// `response` start when it has one (`The sentiment of the text is`): base models then
    /// name an option as their next token instead of starting a sentence.
    public static func prompt(instruction: String, text: String, response: String? = nil) -> String {
        "### Instruction:\n\(instruction)\n\n### Input:\n\(text)\n\n### Response:\n\(response ?? "")"
    }

    /// The requests that judge `text`: the quality question, then one per axis.
    public func requests(for text: String) -> [LanguageModelRequest] {
        var requests = [request(domain.quality, text, maxTokens: 1)]
        for axis in domain.axes {
            if case .rating = axis.kind {
                requests.append(request(axis.question, text, maxTokens: 3))
            } else {
                requests.append(request(axis.question, text, maxTokens: 1))
            }
        }
        return requests
    }

    private func request(_ question: TextDomain.Question, _ text: String, maxTokens: Int) -> LanguageModelRequest {
        LanguageModelRequest(prompt: .text(Self.prompt(instruction: question.instruction, text: text, response: question.response)),
                             maxTokens: maxTokens, temperature: 0, seed: 0, topLogprobs: topLogprobs)
    }

    /// The text's scores from the answers to ``requests(for:)``, in their order.
    ///
    /// - Throws: ``LanguageModelError`` naming the question whose answer cannot be read.
    /// - Parameter calibration: The judge's leanings to take out of the probabilities, or
    ///   `nil`.
    public func score(_ answers: [LanguageModelAnswer], calibration: JudgeCalibration? = nil) throws(LanguageModelError) -> TextScore {
        guard answers.count == 1 + domain.axes.count else {
            throw LanguageModelError("\(answers.count) answers for \(1 + domain.axes.count) questions")
        }
        func calibrated(_ p: [Double], _ question: Int) -> [Double] { calibration?.adjust(p, question: question) ?? p }
        let quality = calibrated(try probability(of: domain.quality.options, in: answers[0], question: "quality"), 0)[0]
        var measures = [Double](), descriptor = [Double]()
        for (index, (axis, answer)) in zip(domain.axes, answers.dropFirst()).enumerated() {
            switch axis.kind {
            case .probability(let edges):
                let p = calibrated(try probability(of: axis.question.options, in: answer, question: axis.name), index + 1)[0]
                measures.append(p)
                descriptor.append(Self.binCoordinate(p, lower: 0, upper: 1, edges: edges))
            case .categorical:
                let p = calibrated(try probability(of: axis.question.options, in: answer, question: axis.name), index + 1)
                let index = p.indices.max { p[$0] < p[$1] || (p[$0] == p[$1] && $0 > $1) }!
                measures.append(Double(index))
                descriptor.append((Double(index) + 0.5) / Double(p.count))
            case .rating(let range, let edges):
                let rating = try self.rating(in: answer, range: range, question: axis.name)
                measures.append(rating)
                descriptor.append(Self.binCoordinate(rating, lower: range.lowerBound, upper: range.upperBound, edges: edges))
            }
        }
        return TextScore(quality: quality, measures: measures, descriptor: descriptor)
    }

    /// The judge's leanings from its answers about each reference text (each in the order of
    /// ``requests(for:)``): the mean option probabilities per question; rating axes are not
    /// calibrated.
    ///
    /// - Throws: ``LanguageModelError`` naming the question whose answer cannot be read.
    public func calibration(from answers: [[LanguageModelAnswer]]) throws(LanguageModelError) -> JudgeCalibration {
        let questions = [domain.quality] + domain.axes.map(\.question)
        var leanings = [[Double]?]()
        for (index, question) in questions.enumerated() {
            if index > 0, case .rating = domain.axes[index - 1].kind {
                leanings.append(nil)
                continue
            }
            var sum = [Double](repeating: 0, count: question.options.count)
            for reference in answers {
                guard index < reference.count else { throw LanguageModelError("calibration: an answer is missing") }
                let p = try probability(of: question.options, in: reference[index],
                                        question: "calibration of \(index == 0 ? "quality" : domain.axes[index - 1].name)")
                for option in sum.indices { sum[option] += p[option] }
            }
            leanings.append(sum.map { $0 / Double(max(answers.count, 1)) })
        }
        return JudgeCalibration(leanings: leanings)
    }

    /// The options' probabilities at the answer's first token, or the option its text names.
    private func probability(of options: [String], in answer: LanguageModelAnswer, question: String) throws(LanguageModelError) -> [Double] {
        guard let choice = answer.choices.first else { throw LanguageModelError("\(question): the judge gave no answer") }
        if let first = choice.tokens?.first {
            do {
                return try OptionScores.probabilities(of: options, at: first)
            } catch {
                throw LanguageModelError("\(question): \(error.message)")
            }
        }
        let said = OptionScores.normalized(choice.text)
        let keys = options.map(OptionScores.normalized)
        guard let named = keys.firstIndex(where: { !said.isEmpty && (said.hasPrefix($0) || $0.hasPrefix(said)) }) else {
            throw LanguageModelError("\(question): the judge's answer '\(choice.text.prefix(40))' names no option and has no log-probabilities")
        }
        return keys.indices.map { $0 == named ? 1 : 0 }
    }

    /// The expected rating among the first token's alternatives, or the first number in
    /// the answer's text.
    private func rating(in answer: LanguageModelAnswer, range: ClosedRange<Double>, question: String) throws(LanguageModelError) -> Double {
        guard let choice = answer.choices.first else { throw LanguageModelError("\(question): the judge gave no answer") }
        let whole = Int(range.lowerBound.rounded(.up))...Int(range.upperBound.rounded(.down))
        if let first = choice.tokens?.first, whole.lowerBound <= whole.upperBound,
           let expected = OptionScores.expectedRating(at: first, range: whole) {
            return expected
        }
        guard let parsed = OptionScores.parsedRating(in: choice.text, range: range) else {
            throw LanguageModelError("\(question): the judge's answer '\(choice.text.prefix(40))' holds no rating in \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }

    /// A measure's position on a uniform grid over [0, 1] whose bins are the measure's
    /// non-uniform bins: bin `i` of `edges` (with `lower` and `upper` as the outer edges)
    /// maps linearly onto [i / n, (i + 1) / n]. A uniform grid of n bins over [0, 1] then
    /// files the measure exactly in its bin (``GridArchive`` bins are uniform).
    public static func binCoordinate(_ value: Double, lower: Double, upper: Double, edges: [Double]) -> Double {
        let all = [lower] + edges + [upper]
        let n = all.count - 1
        let clamped = min(max(value, lower), upper)
        var bin = 0
        while bin < n - 1 && clamped >= all[bin + 1] { bin += 1 }
        let width = all[bin + 1] - all[bin]
        let within = width > 0 ? (clamped - all[bin]) / width : 0
        return min((Double(bin) + min(within, 1)) / Double(n), 1)
    }
}

/// What the judge made of one text.
public struct TextScore: Hashable, Sendable, Codable {
    /// The probability of the quality question's first option ("yes").
    public var quality: Double
    /// Each axis's measure: a probability, a rating, or a categorical option's index.
    public var measures: [Double]
    /// Each axis's position on a uniform grid over [0, 1] (``AIFeedback/binCoordinate(_:lower:upper:edges:)``).
    public var descriptor: [Double]
}
