/// Why a descriptor learner refused its input, its configuration or its fit.
///
/// Every case prints as one line through ``description``, for logs and CLI messages.
public enum LearnerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The observation buffer does not hold `count × inputDimension` Floats.
    case observationSize(elements: Int, count: Int, inputDimension: Int)
    /// The observation at (`row`, `column`) is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// `fit` was given `count` rows; it needs at least `minimum`.
    case tooFewRows(count: Int, minimum: Int)
    /// A constructor (or a decoded state) was given settings that cannot work; the message
    /// names the setting and the value.
    case invalidConfiguration(String)
    /// A LAPACK routine failed during the fit.
    case lapackFailure(LinearAlgebraError)
    /// Training produced NaN or infinite losses or weights by `epoch` (1-based); lower
    /// the learning rate.
    case diverged(epoch: Int)

    /// One line naming what is wrong and the values involved.
    public var description: String {
        switch self {
        case .observationSize(let elements, let count, let inputDimension):
            let (expected, overflow) = count.multipliedReportingOverflow(by: inputDimension)
            let wanted = overflow ? "\(count) × \(inputDimension)" : "\(expected) (\(count) × \(inputDimension))"
            return "observations hold \(elements) Floats, expected \(wanted)"
        case .nonFiniteValue(let row, let column):
            return "observation row \(row), column \(column) is NaN or infinite"
        case .tooFewRows(let count, let minimum):
            return "fitting needs at least \(minimum) rows, got \(count)"
        case .invalidConfiguration(let message):
            return "invalid learner configuration: \(message)"
        case .lapackFailure(let error):
            return "the fit failed in LAPACK: \(error)"
        case .diverged(let epoch):
            return "training diverged (NaN or infinite loss or weights) by epoch \(epoch); lower the learning rate"
        }
    }

    /// Throws ``observationSize(elements:count:inputDimension:)`` unless `observations`
    /// holds exactly `count` rows of `inputDimension`, and ``nonFiniteValue(row:column:)``
    /// at the first NaN or infinity.
    ///
    /// - Complexity: O(`count` × `inputDimension`).
    static func checkObservations(_ observations: [Float], count: Int, inputDimension: Int) throws(LearnerError) {
        let (expected, overflow) = count.multipliedReportingOverflow(by: inputDimension)
        guard count >= 0, !overflow, observations.count == expected else {
            throw .observationSize(elements: observations.count, count: count, inputDimension: inputDimension)
        }
        let bad: Int? = observations.withUnsafeBufferPointer { values in
            for index in 0..<values.count where !values[index].isFinite { return index }
            return nil
        }
        if let bad { throw .nonFiniteValue(row: bad / inputDimension, column: bad % inputDimension) }
    }

    /// Stops the process unless `observations` holds exactly `count` rows: the size check
    /// of the non-throwing `encode` family, where a wrong size is a programming error.
    static func requireSize(_ observations: [Float], count: Int, inputDimension: Int,
                            file: StaticString = #file, line: UInt = #line) {
        let (expected, overflow) = count.multipliedReportingOverflow(by: inputDimension)
        precondition(count >= 0 && !overflow && observations.count == expected,
                     LearnerError.observationSize(elements: observations.count, count: count,
                                                  inputDimension: inputDimension).description,
                     file: file, line: line)
    }
}
