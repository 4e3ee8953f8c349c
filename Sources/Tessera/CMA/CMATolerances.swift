/// pycma's stopping tolerances, shared by the strategies of the CMA family.
public struct CMATolerances: Codable, Hashable, Sendable {
    /// Stop when the best values of the last `10 + ⌈30 n / λ⌉` generations span less than this (`tolfun`).
    public var function = 1e-11
    /// Stop when σ times every coordinate's standard deviation and path is below this (`tolx`).
    public var step = 1e-11
    /// Stop when the covariance's condition number exceeds this (`conditioncov`).
    public var condition = 1e14
    /// Creates pycma's defaults.
    public init() {}
}
