/// The similarity an ``ArchiveDiversity`` was computed with.
public enum DiversityKernel: Sendable, Hashable {
    /// The RBF kernel ``RBFKernel`` with bandwidth `h` in normalised descriptor units (the
    /// descriptor box mapped to the unit cube). `h` is 0 only when every descriptor
    /// coincides, and the score is then 1 without a kernel.
    case rbf(bandwidth: Double)

    /// The kernel's kind as written in reports and JSON: `"rbf"`.
    public var kind: String {
        switch self {
        case .rbf: "rbf"
        }
    }

    /// The bandwidth `h`.
    public var bandwidth: Double {
        switch self {
        case .rbf(let bandwidth): bandwidth
        }
    }
}
