/// Why a saved state cannot be restored into a scheduler.
public struct RestoreError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What does not match.
    public let message: String

    /// Creates an error with a one-line message.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
