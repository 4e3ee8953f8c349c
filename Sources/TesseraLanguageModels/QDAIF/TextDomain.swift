import Foundation

/// A QDAIF domain as data (one JSON file; `Docs/QDAIF.md`): the seed texts, how to ask a
/// language model for new ones, the yes/no question that scores quality, and the axes of
/// diversity a judge measures.
///
/// ```json
/// {"name": "opinions", "summary": "…", "seeds": ["…", "…", "…"],
///  "generation": {"template": "Here is a random opinion piece about eating vegetables:\n", "max_tokens": 50,
///                 "temperature": 0.8, "top_p": 0.95, "stop": ["###"]},
///  "quality": {"instruction": "Is the text a high-quality opinion piece …? Answer \"yes\" or \"no\".",
///              "options": ["yes", "no"]},
///  "axes": [{"name": "sentiment", "instruction": "Is the sentiment of the text positive or negative?",
///            "options": ["positive", "negative"]}],
///  "rewrite": "Rewrite the following text to be more {target}:\n"}
/// ```
///
/// An axis is a probability (the judge's probability of its first option, binned with
/// QDAIF's 20 non-uniform bins unless `edges` or `bins` say otherwise), a `categorical`
/// choice among its options (one bin each), or a `rating` read as a number in `range`.
public struct TextDomain: Hashable, Sendable {
    /// The domain's name (`opinions`).
    public var name: String
    /// One line for listings.
    public var summary: String
    /// Texts the first iterations draw few-shot examples from (at least 3).
    public var seeds: [String]
    /// How new texts are asked for.
    public var generation: Generation
    /// The yes/no question whose first option's probability is the quality.
    public var quality: Question
    /// The axes of diversity, one or two.
    public var axes: [Axis]
    /// The instruction-rewrite template, with `{target}` where a target option goes, or
    /// `nil` when the domain has none.
    public var rewrite: String?
    /// The reference texts a calibrated judge measures its leanings on
    /// (``JudgeCalibration``), or `nil` for the content-free defaults.
    public var calibration: [String]?

    /// The sampling of new texts.
    public struct Generation: Hashable, Sendable {
        /// The line before every example and before the new text (LMX).
        public var template: String
        /// The most tokens of a new text.
        public var maxTokens: Int
        /// Sampling temperature.
        public var temperature: Double
        /// Nucleus mass.
        public var topP: Double
        /// Sequences that end a text.
        public var stop: [String]
    }

    /// A question to the judge and its answer options.
    public struct Question: Hashable, Sendable {
        /// The instruction of the judge prompt.
        public var instruction: String
        /// The answer options; the measure is the first one's probability.
        public var options: [String]
        /// How the judge's answer starts (`The sentiment of the text is`), written after
        /// `### Response:`, or `nil`.
        public var response: String?

        /// A question.
        public init(instruction: String, options: [String], response: String? = nil) {
            self.instruction = instruction
            self.options = options
            self.response = response
        }
    }

    /// One axis of diversity.
    public struct Axis: Hashable, Sendable {
        /// How the judge's answer becomes a position on the axis.
        public enum Kind: Hashable, Sendable {
            /// The probability of the first option, in [0, 1], binned at `edges`.
            case probability(edges: [Double])
            /// The most probable option; one bin per option.
            case categorical
            /// A number in `range`, binned at `edges`.
            case rating(range: ClosedRange<Double>, edges: [Double])
        }

        /// The axis's name (`sentiment`).
        public var name: String
        /// The question to the judge.
        public var question: Question
        /// How answers become positions.
        public var kind: Kind

        /// The number of bins along the axis.
        public var binCount: Int {
            switch kind {
            case .probability(let edges), .rating(_, let edges): edges.count + 1
            case .categorical: question.options.count
            }
        }
    }

    /// QDAIF's 19 inner bin edges on [0, 1], denser near 0 and 1 where the judge's
    /// probabilities pile up (`configs.py:LMXMapElitesConfig.custom_ticks`).
    public static let qdaifEdges: [Double] = [0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.10, 0.20, 0.50, 0.80, 0.90, 0.95,
                                              0.96, 0.97, 0.98, 0.985, 0.99, 0.995]
}
