/// When an ``EvolutionStrategyEmitter`` restarts its strategy besides the strategy's own
/// convergence tests (pyribs' `restart_rule`).
public enum RestartRule: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Only when the strategy converges (`basic`).
    case basic
    /// Also when no row of the iteration entered the archive (`no_improvement`).
    case noImprovement
    /// Also every `n` iterations of the emitter (counted over its whole life, as pyribs
    /// does), `n` ≥ 1.
    case every(Int)

    /// The rule's name: `basic`, `no_improvement`, or the iteration count.
    public var description: String {
        switch self {
        case .basic: return "basic"
        case .noImprovement: return "no_improvement"
        case .every(let n): return String(n)
        }
    }

    /// The rule named `name` (`basic`, `no_improvement`, or a count ≥ 1), or `nil`.
    public init?(_ name: String) {
        switch name {
        case "basic": self = .basic
        case "no_improvement", "no-improvement": self = .noImprovement
        default:
            guard let n = Int(name), n >= 1 else { return nil }
            self = .every(n)
        }
    }

    /// Whether the rule asks for a restart after the emitter's `iterations`-th iteration,
    /// in which `added` rows entered the archive.
    public func fires(iterations: Int, added: Int) -> Bool {
        switch self {
        case .basic: return false
        case .noImprovement: return added == 0
        case .every(let n): return iterations % n == 0
        }
    }

    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let rule = RestartRule(name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown restart rule '\(name)' (basic, no_improvement, or a count of at least 1)"))
        }
        self = rule
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
