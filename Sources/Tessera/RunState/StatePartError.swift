/// Why stored bytes cannot be read back as a ``StatePart``.
public struct StatePartError: Error, CustomStringConvertible, Sendable {
    /// What does not fit, in one line.
    public let message: String

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
