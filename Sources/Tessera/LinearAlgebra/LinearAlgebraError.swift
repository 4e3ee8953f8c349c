/// A failure reported by a LAPACK routine, carrying the routine's name and its `info` code.
///
/// LAPACKE returns an `info` code instead of stopping the process; Tessera turns every
/// non-zero code into one of these cases and throws it.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Argument number `-info` of the routine had an illegal value (`info < 0`).
    case illegalArgument(routine: String, info: Int)
    /// The input contained NaN or an infinity, which LAPACK routines do not accept.
    case nonFiniteInput(routine: String)
    /// LAPACKE could not allocate its workspace (`info` is `LAPACK_WORK_MEMORY_ERROR` or
    /// `LAPACK_TRANSPOSE_MEMORY_ERROR`).
    case outOfMemory(routine: String, info: Int)
    /// A factorisation that needs a positive-definite matrix met a leading minor of order
    /// `info` that is not positive definite (`info > 0` from `dpotrf`).
    case notPositiveDefinite(routine: String, info: Int)
    /// An iterative algorithm failed to converge (`info > 0` from `dsyevd` or `dgesdd`).
    case noConvergence(routine: String, info: Int)

    /// The LAPACK routine that failed, such as `"dpotrf"`.
    public var routine: String {
        switch self {
        case .illegalArgument(let routine, _), .outOfMemory(let routine, _),
             .notPositiveDefinite(let routine, _), .noConvergence(let routine, _):
            return routine
        case .nonFiniteInput(let routine):
            return routine
        }
    }

    /// The routine's `info` code; 0 for ``nonFiniteInput(routine:)``, which is detected
    /// before the call.
    public var info: Int {
        switch self {
        case .illegalArgument(_, let info), .outOfMemory(_, let info),
             .notPositiveDefinite(_, let info), .noConvergence(_, let info):
            return info
        case .nonFiniteInput:
            return 0
        }
    }

    /// A sentence naming the routine, the code and its meaning.
    public var description: String {
        switch self {
        case .illegalArgument(let routine, let info):
            return "\(routine): argument \(-info) had an illegal value (info \(info))"
        case .nonFiniteInput(let routine):
            return "\(routine): the input contains NaN or infinity"
        case .outOfMemory(let routine, let info):
            return "\(routine): LAPACKE could not allocate its workspace (info \(info))"
        case .notPositiveDefinite(let routine, let info):
            return "\(routine): the leading minor of order \(info) is not positive definite (info \(info))"
        case .noConvergence(let routine, let info):
            return "\(routine): the algorithm failed to converge (info \(info))"
        }
    }

    /// Maps a LAPACKE return code to a thrown error.
    ///
    /// - Parameters:
    ///   - info: The code returned by the routine.
    ///   - routine: The routine's LAPACK name.
    ///   - positive: The case for `info > 0`, which means something different per routine.
    /// - Throws: The matching ``LinearAlgebraError`` when `info != 0`.
    static func check(
        _ info: Int32, routine: String, positive: (String, Int) -> LinearAlgebraError
    ) throws(LinearAlgebraError) {
        let code = Int(info)
        if code == 0 { return }
        if code > 0 { throw positive(routine, code) }
        // LAPACKE's own codes for failed workspace or transposition allocations.
        if code == -1010 || code == -1011 { throw .outOfMemory(routine: routine, info: code) }
        throw .illegalArgument(routine: routine, info: code)
    }

    /// Throws ``nonFiniteInput(routine:)`` when `values` holds NaN or an infinity.
    ///
    /// - Complexity: O(`values.count`).
    static func checkFinite(_ values: [Double], routine: String) throws(LinearAlgebraError) {
        for value in values where !value.isFinite { throw .nonFiniteInput(routine: routine) }
    }
}
