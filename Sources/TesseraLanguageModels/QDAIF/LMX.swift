import Tessera

/// Language-model crossover (LMX; Meyerson et al. 2023), as QDAIF uses it: a few-shot
/// prompt of example texts, each after the domain's template, separated by `###`, ending
/// with the template so the model writes a new example.
public enum LMX {
    /// `{template}{ex1}\n###\n{template}{ex2}\n###\n…{template}`.
    public static func prompt(template: String, examples: [String]) -> String {
        examples.map { template + $0 + "\n###\n" }.joined() + template
    }

    /// The generated text up to the first stop sequence, trimmed; `nil` when nothing is left
    /// (an empty generation fails its row).
    public static func text(from generated: String, stop: [String]) -> String? {
        var end = generated.endIndex
        for sequence in stop where !sequence.isEmpty {
            if let range = generated.range(of: sequence), range.lowerBound < end { end = range.lowerBound }
        }
        let text = generated[..<end].trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The weights `lmx_near` draws examples with: `1 / (1 + ‖cell − parent‖³)` for each
    /// elite's grid index against the parent's.
    public static func nearWeights(parent: [Int], cells: [[Int]]) -> [Double] {
        cells.map { cell in
            var squared = 0.0
            for (a, b) in zip(cell, parent) { squared += Double((a - b) * (a - b)) }
            let distance = squared.squareRoot()
            return 1 / (1 + distance * distance * distance)
        }
    }

    /// `count` distinct indices drawn with probability proportional to `weights` (each draw
    /// renormalised over those left), or all of them when there are no more.
    public static func sample(weights: [Double], count: Int, using generator: inout Xoshiro256) -> [Int] {
        var left = Array(weights.indices).filter { weights[$0] > 0 && weights[$0].isFinite }
        var chosen = [Int]()
        while chosen.count < count && !left.isEmpty {
            let total = left.reduce(0) { $0 + weights[$1] }
            var target = Double(generator.next() >> 11) * 0x1p-53 * total
            var pick = left.count - 1
            for (position, index) in left.enumerated() {
                target -= weights[index]
                if target < 0 {
                    pick = position
                    break
                }
            }
            chosen.append(left.remove(at: pick))
        }
        return chosen
    }
}
