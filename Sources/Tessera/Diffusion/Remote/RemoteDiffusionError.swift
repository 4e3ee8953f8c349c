/// Why a denoising server cannot be used, in one line: what went wrong, the field or
/// request at fault and the server's URL (never a user, a password or a token).
public struct RemoteDiffusionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
