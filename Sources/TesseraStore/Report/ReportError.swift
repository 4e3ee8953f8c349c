/// Why a ``ReportInput`` cannot be drawn: its archive layout is not a valid partition of a
/// descriptor box. Reads as one line, e.g. `"cannot draw the report: descriptor dimension 1
/// has lower bound 2 and upper bound 1; every lower bound must be finite and below its upper bound"`.
public struct ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the input.
    public let detail: String

    /// Creates an error about `detail`.
    init(_ detail: String) {
        self.detail = detail
    }

    public var description: String { "cannot draw the report: \(detail)" }
}
