import _TesseraKernels

/// A code path of Tessera's C kernels (`Sources/_TesseraKernels`), chosen at run time by
/// the CPU's features; every path gives the same bits.
public enum KernelPath: Int32, Sendable, CaseIterable, CustomStringConvertible {
    /// Portable C, on any CPU.
    case portable = 0
    /// AVX2 instructions (taken as ``portable`` on a CPU without AVX2).
    case avx2 = 1

    /// The fastest path this CPU runs, detected once.
    public static let best = KernelPath(rawValue: tk_best_path()) ?? .portable

    public var description: String { self == .avx2 ? "avx2" : "portable" }
}
