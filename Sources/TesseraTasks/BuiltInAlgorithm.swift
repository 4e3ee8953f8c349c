/// The search algorithms `tessera run` can use.
public enum BuiltInAlgorithm: String, CaseIterable, Codable, Sendable {
    /// MAP-Elites with Gaussian mutation on a grid.
    case mapElites = "map-elites"
    /// MAP-Elites with Iso+LineDD variation on a grid.
    case lineMapElites = "line-map-elites"
    /// MAP-Elites with Gaussian mutation on a CVT archive.
    case cvtMapElites = "cvt-map-elites"
    /// Uniform random sampling of the genome box, on a grid.
    case random

    /// One line for `tessera algorithms`.
    public var summary: String {
        switch self {
        case .mapElites: return "MAP-Elites (Mouret & Clune 2015): uniform parents + Gaussian mutation, grid archive"
        case .lineMapElites: return "MAP-Elites with Iso+LineDD variation (Vassiliades & Mouret 2018), grid archive"
        case .cvtMapElites: return "CVT-MAP-Elites (Vassiliades et al. 2018): Gaussian mutation, k-means CVT archive"
        case .random: return "random search: uniform samples of the genome box, grid archive (a baseline)"
        }
    }

    /// Whether the algorithm uses a CVT archive (otherwise a grid).
    public var usesCVT: Bool { self == .cvtMapElites }

    /// Whether `setting` means anything for this algorithm: `grid` only for grid archives,
    /// `cells` and `cvt_samples` only for CVT, `sigma` only with Gaussian mutation,
    /// `iso_sigma` and `line_sigma` only with Iso+LineDD.
    public func uses(_ setting: RunSetting) -> Bool {
        switch setting {
        case .grid: return !usesCVT
        case .cells, .cvtSamples: return usesCVT
        case .sigma: return self == .mapElites || self == .cvtMapElites
        case .isoSigma, .lineSigma: return self == .lineMapElites
        case .task, .algorithm, .dims, .seed, .evaluations, .batchSize: return true
        }
    }

    /// The algorithms that use `setting`, for messages.
    public static func using(_ setting: RunSetting) -> [BuiltInAlgorithm] { allCases.filter { $0.uses(setting) } }
}
