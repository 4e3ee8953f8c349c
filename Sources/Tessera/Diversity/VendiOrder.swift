/// The order `q` of a Vendi score: which Rényi entropy (Hill number) of the kernel's
/// spectrum it exponentiates.
///
/// `VS_q = exp(log(Σ λᵢ^q) / (1 − q))` for the eigenvalues `λᵢ` of `K/n`
/// (Friedman & Dieng 2023; Pasarkar & Dieng 2023, arXiv 2310.12952). Small orders weight
/// rare modes, large orders common ones; `VS_q` does not increase with `q`.
///
/// - ``shannon``: q = 1, the limit `exp(−Σ λ log λ)`, the paper's default.
/// - ``infinity``: q = ∞, the limit `1 / λ_max`.
/// - ``order(_:)``: any `q ≥ 0`; `.order(0)` counts the nonzero eigenvalues (the rank),
///   `.order(1)` equals ``shannon`` and `.order(.infinity)` equals ``infinity``.
public enum VendiOrder: Sendable, Hashable, CustomStringConvertible {
    /// q = 1: the exponential of the Shannon entropy of the spectrum.
    case shannon
    /// q = ∞: the reciprocal of the largest eigenvalue.
    case infinity
    /// Any order q ≥ 0 (a negative or NaN q is refused when the score is evaluated).
    case order(Double)

    /// The order as a number: 1 for ``shannon``, `.infinity` for ``infinity``.
    public var q: Double {
        switch self {
        case .shannon: 1
        case .infinity: .infinity
        case .order(let q): q
        }
    }

    /// `"1"`, `"inf"`, `"0.5"`.
    public var description: String {
        let q = self.q
        if q == .infinity { return "inf" }
        return q == q.rounded() && abs(q) < 1e15 ? String(Int(q)) : String(q)
    }
}
