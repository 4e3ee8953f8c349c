/// Input that a diversity measure (``VendiScore``, ``RBFKernel``, ``RandomFourierFeatures``,
/// ``ArchiveDiversity``) cannot work with.
///
/// Every case has a one-line ``description`` for users; nothing in the diversity layer
/// stops the process on bad input.
public enum DiversityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A kernel matrix that is not square.
    case notSquare(rows: Int, columns: Int)
    /// A kernel matrix whose elements `(row, column)` and `(column, row)` differ by more
    /// than ``VendiScore/symmetryTolerance``.
    case notSymmetric(row: Int, column: Int)
    /// A diagonal element that is not 1 within ``VendiScore/diagonalTolerance``: the
    /// Vendi score needs `k(x, x) = 1`.
    case diagonalNotOne(index: Int, value: Double)
    /// NaN or an infinity in the input named by `what` (e.g. `"kernel"`, `"descriptors"`).
    case nonFinite(what: String, index: Int)
    /// An eigenvalue of the normalised kernel below −``VendiScore/negativeTolerance``:
    /// the kernel is not positive semi-definite.
    case notPositiveSemidefinite(eigenvalue: Double)
    /// An order `q` that is negative or NaN.
    case invalidOrder(Double)
    /// A weight vector of the wrong length, with a negative entry, or not summing to 1.
    case invalidWeights(String)
    /// A parameter out of range, such as a bandwidth of 0 or no random features.
    case invalidParameter(name: String, problem: String)
    /// Inputs whose sizes do not fit together, such as a descriptor buffer that is not a
    /// whole number of rows.
    case shapeMismatch(String)
    /// The eigendecomposition failed.
    case linearAlgebra(LinearAlgebraError)

    /// One line for users.
    public var description: String {
        switch self {
        case .notSquare(let rows, let columns):
            return "Vendi score: the kernel matrix must be square (got \(rows)x\(columns))"
        case .notSymmetric(let row, let column):
            return "Vendi score: the kernel matrix is not symmetric (elements [\(row), \(column)] and [\(column), \(row)] differ)"
        case .diagonalNotOne(let index, let value):
            return "Vendi score: the kernel's diagonal must be 1 (element [\(index), \(index)] is \(value))"
        case .nonFinite(let what, let index):
            return "Vendi score: the \(what) hold NaN or infinity (element \(index))"
        case .notPositiveSemidefinite(let eigenvalue):
            return "Vendi score: the kernel matrix is not positive semi-definite (eigenvalue \(eigenvalue) of K/n)"
        case .invalidOrder(let q):
            return "Vendi score: the order q must be a number >= 0 (got \(q))"
        case .invalidWeights(let problem):
            return "Vendi score: the weights \(problem)"
        case .invalidParameter(let name, let problem):
            return "Vendi score: \(name) \(problem)"
        case .shapeMismatch(let problem):
            return "Vendi score: \(problem)"
        case .linearAlgebra(let error):
            return "Vendi score: \(error.description)"
        }
    }
}
