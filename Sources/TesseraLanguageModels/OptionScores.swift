import Foundation

/// AI feedback from log-probabilities: how likely a judge's next token names each answer
/// option ("yes"/"no", "positive"/"negative", a genre), and a 1-10 rating.
///
/// Servers report the first token with its leading space and case as the tokenizer makes
/// it (`" Yes"`, `"yes"`, `"YES"`), so tokens are compared after ``normalized(_:)``: white
/// space and punctuation stripped, case folded. The probabilities of the variants of an
/// option are summed. An option absent from the reported alternatives gets
/// ``absentProbability`` (it is less likely than every reported token, so about 0), and
/// the options' probabilities are then normalised to sum to 1 (QDAIF's softmax over the
/// answer options).
public enum OptionScores {
    /// The probability given an option that is not among the reported tokens.
    public static let absentProbability = 1e-12

    /// A token or option as compared: trimmed of white space and punctuation, case-folded.
    public static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols))
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The probability of each option at one generated position, normalised over the
    /// options.
    ///
    /// A reported token counts for an option when, normalised, it equals the option or is
    /// a prefix of it of at least two characters that no other option shares (a word split
    /// into several tokens: `" posit"` for "positive").
    ///
    /// - Parameters:
    ///   - options: The answer options, at least two, distinct once normalised.
    ///   - position: The first generated token with its alternatives (its own token counts
    ///     too, when it is not among them).
    /// - Returns: One probability per option, summing to 1.
    /// - Throws: ``LanguageModelError`` for fewer than two options, or options that are
    ///   the same once normalised.
    public static func probabilities(of options: [String], at position: TokenLogprob) throws(LanguageModelError) -> [Double] {
        let keys = options.map(normalized)
        guard keys.count >= 2, Set(keys).count == keys.count, !keys.contains("") else {
            throw LanguageModelError("answer options must be at least two, distinct and not empty once normalised (got \(options))")
        }
        var reported = position.alternatives
        if !reported.contains(where: { $0.token == position.token }) {
            reported.append(TokenLogprob.Alternative(token: position.token, logprob: position.logprob))
        }
        var mass = [Double](repeating: 0, count: keys.count)
        for alternative in reported where alternative.logprob.isFinite {
            let token = normalized(alternative.token)
            guard !token.isEmpty else { continue }
            if let exact = keys.firstIndex(of: token) {
                mass[exact] += Foundation.exp(alternative.logprob)
            } else if token.count >= 2 {
                let matches = keys.indices.filter { keys[$0].hasPrefix(token) }
                if matches.count == 1 { mass[matches[0]] += Foundation.exp(alternative.logprob) }
            }
        }
        let floored = mass.map { Swift.max($0, absentProbability) }
        let total = floored.reduce(0, +)
        return floored.map { $0 / total }
    }

    /// The expected rating at one generated position: the reported tokens that read as a
    /// whole number in `range` weigh that number by their probability, normalised over
    /// them; `nil` when none does.
    public static func expectedRating(at position: TokenLogprob, range: ClosedRange<Int> = 1...10) -> Double? {
        var reported = position.alternatives
        if !reported.contains(where: { $0.token == position.token }) {
            reported.append(TokenLogprob.Alternative(token: position.token, logprob: position.logprob))
        }
        var weight = 0.0, sum = 0.0
        for alternative in reported where alternative.logprob.isFinite {
            guard let value = Int(normalized(alternative.token)), range.contains(value) else { continue }
            let p = Foundation.exp(alternative.logprob)
            weight += p
            sum += p * Double(value)
        }
        return weight > 0 ? sum / weight : nil
    }

    /// The first whole or decimal number in `text` that lies in `range` ("7", "Rating: 8/10",
    /// "7.5"), or `nil`: the fallback when a server gives no log-probabilities.
    public static func parsedRating(in text: String, range: ClosedRange<Double> = 1...10) -> Double? {
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isASCII, text[index].isNumber else {
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, text[end].isASCII, text[end].isNumber || text[end] == "." { end = text.index(after: end) }
            var token = String(text[index..<end])
            while token.hasSuffix(".") { token.removeLast() }
            if let value = Double(token), range.contains(value) { return value }
            index = end
        }
        return nil
    }
}
