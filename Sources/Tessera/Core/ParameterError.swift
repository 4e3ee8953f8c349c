/// A value given to a public initialiser that cannot work: a batch size of 0, a NaN
/// sigma, no workers, an emitter whose genomes do not fit the archive.
///
/// Initialisers that take user values throw it instead of stopping the process, naming
/// the type, the parameter and what is wrong, in one line:
///
/// ```
/// GaussianMutation: sigma must be finite and non-negative (got nan)
/// ```
///
/// Archives report their own problems with ``ArchiveError``; k-means with ``KMeansError``.
public struct ParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The type whose initialiser refused the value, e.g. `"GaussianMutation"`.
    public let type: String
    /// The parameter as the initialiser spells it, e.g. `"sigma"` or `"emitters[1]"`.
    public let parameter: String
    /// What is wrong with the value, e.g. `"must be finite and non-negative (got nan)"`.
    public let problem: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - type: The type whose initialiser refused the value.
    ///   - parameter: The parameter's name.
    ///   - problem: What is wrong, as the end of a sentence that starts with the parameter.
    public init(type: String, parameter: String, problem: String) {
        self.type = type
        self.parameter = parameter
        self.problem = problem
    }

    /// One line: `"<type>: <parameter> <problem>"`.
    public var description: String { "\(type): \(parameter) \(problem)" }
}

extension ParameterError {
    /// Throws a ``ParameterError`` unless `condition` holds.
    @inline(__always)
    static func require(_ condition: Bool, _ type: Any.Type, _ parameter: String,
                        _ problem: @autoclosure () -> String) throws(ParameterError) {
        guard condition else {
            throw ParameterError(type: typeName(type), parameter: parameter, problem: problem())
        }
    }

    /// The type's name without generic arguments (`VectorEmitter`, not `VectorEmitter<…>`).
    static func typeName(_ type: Any.Type) -> String {
        let full = String(describing: type)
        return full.firstIndex(of: "<").map { String(full[..<$0]) } ?? full
    }

    /// Requires a finite value that is at least 0.
    static func requireNonNegative(_ value: Double, _ type: Any.Type, _ parameter: String) throws(ParameterError) {
        try require(value.isFinite && value >= 0, type, parameter, "must be finite and non-negative (got \(value))")
    }

    /// Requires a value of at least 1.
    static func requirePositive(_ value: Int, _ type: Any.Type, _ parameter: String) throws(ParameterError) {
        try require(value >= 1, type, parameter, "must be at least 1 (got \(value))")
    }
}
